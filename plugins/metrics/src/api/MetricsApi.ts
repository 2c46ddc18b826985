import { createApiRef } from '@backstage/frontend-plugin-api';
import type { MetricsApi } from '@metrics-suite/backstage-plugin-metrics-common';

export type { MetricsApi } from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Reference to the `MetricsApi` that the metrics plugin's components call.
 *
 * @public
 */
export const metricsApiRef = createApiRef<MetricsApi>({
  id: 'plugin.metrics.service',
});
