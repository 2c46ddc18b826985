/**
 * The metrics plugin for the new frontend system.
 *
 * @packageDocumentation
 */
export { default } from './alpha/plugin';
export { metricsApiRef } from './api';
export type { MetricsApi } from './api';
