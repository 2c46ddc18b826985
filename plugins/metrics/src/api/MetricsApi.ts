import { createApiRef } from '@backstage/frontend-plugin-api';
import type { CompoundEntityRef } from '@backstage/catalog-model';
import type {
  EntityMetricsResponse,
  GroupMetricsResponse,
  MetricsSourceSummary,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Browser-side access to the metrics backend (`/api/metrics`).
 *
 * @public
 */
export interface MetricsApi {
  /** The data sources the backend knows (no secrets). */
  getSources(): Promise<MetricsSourceSummary[]>;
  /** SLOs, callers, integrations and problems of one entity over the last `range`. */
  getEntityView(
    entityRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date },
  ): Promise<EntityMetricsResponse>;
  /** The roll-up of everything a group and its sub-teams own over the last `range`. */
  getGroupView(
    groupRef: CompoundEntityRef,
    options: { range: RangeWindow; end?: Date },
  ): Promise<GroupMetricsResponse>;
}

/** @public */
export const metricsApiRef = createApiRef<MetricsApi>({
  id: 'plugin.metrics.service',
});
