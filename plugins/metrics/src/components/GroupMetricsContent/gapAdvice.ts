import type { OwnedMetric } from '@metrics-suite/backstage-plugin-metrics-common';

/** One step towards closing an ownership gap: what to do and the catalog field that does it. */
export interface GapAdvice {
  action: string;
  field: string;
  /** Another way to the same end. */
  or?: { action: string; field: string };
}

const LIST: Record<OwnedMetric['kind'], string> = {
  slo: 'slos',
  integration: 'integrations',
  kpi: 'kpis',
};

/** `no-owner` → `no owner`. */
export function gapLabel(gap: OwnedMetric['gaps'][number]): string {
  return gap === 'no-owner' ? 'no owner' : 'no target or alert';
}

/** How to close each gap of a metric, in the entity's `catalog-info.yaml`. */
export function gapAdvice(metric: OwnedMetric): GapAdvice[] {
  const list = `metadata.metrics.${LIST[metric.kind]}[]`;
  const advice: GapAdvice[] = [];
  if (metric.origin === 'discovered' && metric.kind === 'integration') {
    // A discovered integration has nowhere to put an owner, target or alert until listed.
    advice.push({
      action: 'list it',
      field: `metadata.metrics.integrations[].name: ${metric.name}`,
    });
  }
  if (metric.gaps.includes('no-owner')) {
    advice.push({
      action: 'set an owner',
      field: `${list}.owner`,
      or: { action: 'for all its metrics', field: 'metadata.metrics.owner' },
    });
  }
  if (metric.gaps.includes('no-target-or-alert')) {
    const alert = { action: 'declare an alert', field: `${list}.alert` };
    advice.push(
      metric.kind === 'slo'
        ? alert
        : { action: 'add a target', field: `${list}.target`, or: alert },
    );
  }
  return advice;
}
