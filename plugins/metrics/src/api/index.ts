export { metricsApiRef } from './MetricsApi';
export type { MetricsApi } from './MetricsApi';
export { MetricsClient } from './MetricsClient';
