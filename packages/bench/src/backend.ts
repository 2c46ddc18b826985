/*
 * The backend classes the benchmark measures. The plugin package exports only its plugin and
 * stores, so the services are imported from its sources by relative path: acceptable for an
 * internal benchmark that must measure exactly the code the plugin runs (see README.md).
 */
/* eslint-disable @backstage/no-relative-monorepo-imports */
export { readMetricsConfig } from '../../../plugins/metrics-backend/src/config/metricsConfig';
export type { MetricsConfig } from '../../../plugins/metrics-backend/src/config/metricsConfig';
export { EntityViewService } from '../../../plugins/metrics-backend/src/views/EntityViewService';
export type { PrometheusInstance } from '../../../plugins/metrics-backend/src/views/EntityViewService';
export { GroupViewService } from '../../../plugins/metrics-backend/src/views/GroupViewService';
export { MaturityService } from '../../../plugins/metrics-backend/src/team/MaturityService';
export { parseViewRequest } from '../../../plugins/metrics-backend/src/http/parseViewRequest';
export type { ViewRequest } from '../../../plugins/metrics-backend/src/http/parseViewRequest';
export { PrometheusClient } from '../../../plugins/metrics-backend/src/sources/prometheus';
export { SqlEventsSource } from '../../../plugins/metrics-backend/src/sources/sql';
