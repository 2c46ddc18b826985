/**
 * Catalog annotations read by the metrics suite (docs/catalog-conventions.md#annotations; fixed interface).
 *
 * @public
 */
export const METRICS_ANNOTATIONS = {
  /** Value of the `service` label that the conventional queries match. Turns metrics on. */
  prometheusService: 'metrics.backstage.io/prometheus-service',
  /** Name of a configured Prometheus instance; default: the instance marked default. */
  prometheusInstance: 'metrics.backstage.io/prometheus-instance',
  /** How this entity appears in other services' `caller` label; default: the prometheus-service value. */
  callerId: 'metrics.backstage.io/caller-id',
  /** Name of a configured Amplitude project. */
  amplitudeProject: 'metrics.backstage.io/amplitude-project',
} as const;

/** @public */
export type MetricsAnnotationKey = keyof typeof METRICS_ANNOTATIONS;
