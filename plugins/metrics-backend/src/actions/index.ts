export { registerMetricsActions } from './registerActions';
export type { RegisterMetricsActionsOptions } from './registerActions';
