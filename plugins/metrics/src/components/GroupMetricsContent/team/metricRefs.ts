import type {
  MetricRef,
  OwnedMetric,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** A stable key of a metric, for React keys and select values. */
export function metricKey(metric: MetricRef): string {
  return `${metric.entityRef}#${metric.metricId}`;
}

/** The reference goals and reviews use for one of the squad's metrics. */
export function toMetricRef(metric: OwnedMetric): MetricRef {
  return { entityRef: metric.entityRef, metricId: metric.id };
}

/** The squad's metric a reference points at, if the squad still owns it. */
export function findMetric(
  metrics: OwnedMetric[] | undefined,
  ref: MetricRef,
): OwnedMetric | undefined {
  return metrics?.find(
    m => m.entityRef === ref.entityRef && m.id === ref.metricId,
  );
}
