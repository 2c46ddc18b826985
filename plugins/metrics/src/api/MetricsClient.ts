export { MetricsClient } from '@metrics-suite/backstage-plugin-metrics-common';
