/**
 * Metrics tab for Component and Group pages and the org maturity scorecard page (legacy
 * frontend system).
 * The new frontend system imports `@metrics-suite/backstage-plugin-metrics/alpha`.
 *
 * @packageDocumentation
 */
export {
  metricsPlugin,
  EntityMetricsContent,
  EntityGroupMetricsContent,
  MetricsScorecardPage,
  MetricsTvPage,
} from './plugin';
export { metricsApiRef, MetricsClient } from './api';
export type { MetricsApi } from './api';
export {
  isMetricsAvailable,
  METRICS_ANNOTATIONS,
} from '@metrics-suite/backstage-plugin-metrics-common';
