export { EntityGroupMetricsContent } from './EntityGroupMetricsContent';
