/**
 * Backend of the metrics suite for Backstage.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
// The store, for modules and scripts that seed or read history (e.g. a demo portal).
export { DatabaseMetricsStore } from './database/DatabaseMetricsStore';
export type * from './database/MetricsStore';
