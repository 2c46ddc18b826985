export * from './MetricsStore';
export { DatabaseMetricsStore } from './DatabaseMetricsStore';
