export { EntityMetricsContent } from './EntityMetricsContent';
