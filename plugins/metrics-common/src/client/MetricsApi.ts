import type { CompoundEntityRef } from '@backstage/catalog-model';
import type { EntityMetricsResponse, GroupMetricsResponse } from '../api';
import type { MetricsSourceSummary } from '../types';
import type { RangeWindow } from '../math/windows';

/**
 * Access to the metrics backend (`/api/metrics`), from the browser or another backend.
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
