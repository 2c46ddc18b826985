export type { MetricsApi } from './MetricsApi';
export { MetricsClient } from './MetricsClient';
export type { MetricsDiscovery, MetricsFetch } from './MetricsClient';
