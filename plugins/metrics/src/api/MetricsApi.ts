import { createApiRef } from '@backstage/frontend-plugin-api';
import type { MetricsHealthResponse } from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Browser-side access to the metrics backend (`/api/metrics`).
 *
 * @public
 */
export interface MetricsApi {
  /** The backend's status and the data sources it knows (no secrets). */
  getHealth(): Promise<MetricsHealthResponse>;
}

/** @public */
export const metricsApiRef = createApiRef<MetricsApi>({
  id: 'plugin.metrics.service',
});
