import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';
import type { OwnedMetric } from '@metrics-suite/backstage-plugin-metrics-common';

const KIND_LABEL: Record<OwnedMetric['kind'], string> = {
  slo: 'SLO',
  integration: 'integration',
  kpi: 'KPI',
};

/** The entity of a metric as people read it: `customer-api` in the default namespace. */
export function entityLabel(entityRef: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(entityRef), {
      defaultKind: 'component',
    });
  } catch {
    return entityRef;
  }
}

/** `SLO`, `integration` or `KPI`. */
export function metricKindLabel(metric: Pick<OwnedMetric, 'kind'>): string {
  return KIND_LABEL[metric.kind];
}

/** `availability (SLO) · customer-api`. */
export function metricLabel(metric: OwnedMetric): string {
  return `${metric.name} (${metricKindLabel(metric)}) · ${entityLabel(
    metric.entityRef,
  )}`;
}
