import { createApiRef } from '@backstage/frontend-plugin-api';
import type { MetricsSourceSummary } from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Browser-side access to the metrics backend (`/api/metrics`).
 *
 * @public
 */
export interface MetricsApi {
  /** The data sources the backend knows (no secrets). */
  getSources(): Promise<MetricsSourceSummary[]>;
}

/** @public */
export const metricsApiRef = createApiRef<MetricsApi>({
  id: 'plugin.metrics.service',
});
