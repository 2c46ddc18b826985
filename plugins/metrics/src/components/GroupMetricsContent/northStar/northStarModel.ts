import type {
  NorthStarView,
  OwnedMetric,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** The squad's KPIs a north star can be chosen from, by name. */
export function kpiChoices(metrics: OwnedMetric[]): OwnedMetric[] {
  return metrics
    .filter(m => m.kind === 'kpi')
    .sort(
      (a, b) =>
        a.name.localeCompare(b.name) || a.entityRef.localeCompare(b.entityRef),
    );
}

/** Whether an owned metric is the north star (entity refs compare case-insensitively). */
export function isNorthStar(
  metric: Pick<OwnedMetric, 'entityRef' | 'id'>,
  northStar: NorthStarView | null | undefined,
): boolean {
  return (
    !!northStar &&
    northStar.metric.metricId === metric.id &&
    northStar.metric.entityRef.toLocaleLowerCase('en-US') ===
      metric.entityRef.toLocaleLowerCase('en-US')
  );
}

/**
 * A north star just written, with the value the view read for the same KPI over its range:
 * the write answers with the last 7 days, the card shows the view's range like every KPI.
 */
export function withViewValue(
  written: NorthStarView,
  metrics: OwnedMetric[],
): NorthStarView {
  const owned = metrics.find(m => isNorthStar(m, written));
  if (!owned || owned.value === undefined) return written;
  const { valueError: _dropped, ...rest } = written;
  return {
    ...rest,
    value: owned.value,
    ...(owned.valueError ? { valueError: owned.valueError } : {}),
  };
}
