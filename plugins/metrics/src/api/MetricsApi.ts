import { createApiRef } from '@backstage/frontend-plugin-api';
import type { MetricsApi } from '@metrics-suite/backstage-plugin-metrics-common';

export type { MetricsApi } from '@metrics-suite/backstage-plugin-metrics-common';

/** @public */
export const metricsApiRef = createApiRef<MetricsApi>({
  id: 'plugin.metrics.service',
});
