/**
 * Backend of the metrics suite for Backstage.
 *
 * @packageDocumentation
 */
export { metricsPlugin as default } from './plugin';
