/**
 * Backend of the metrics suite for Backstage.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
// The stores, for modules and scripts that seed or read history (e.g. a demo portal).
export {
  DatabaseActivityStore,
  DatabaseMetricAlertStore,
  DatabaseNudgeStore,
  DatabaseSnapshotStore,
  DatabaseTeamRecordStore,
  createMetricsStores,
} from './database';
export type * from './database/SnapshotStore';
export type * from './database/TeamRecordStore';
export type * from './database/ActivityStore';
export type * from './database/NudgeStore';
export type * from './database/MetricAlertStore';
export type { MetricsStores } from './database/createMetricsStores';
// The plugin's services built from its dependencies, for tools that measure or embed them.
export { createMetricsServices } from './createMetricsServices';
export type {
  MetricsServices,
  MetricsServicesOptions,
} from './createMetricsServices';
export { parseViewRequest } from './http/parseViewRequest';
export type { ViewRequest } from './http/parseViewRequest';
export type { RulesFile, SloRules } from './rules/RulesService';
export type { RulesRequest } from './http/parseRulesRequest';
