/**
 * Catalog annotations read by the metrics suite (docs/catalog-conventions.md#annotations; fixed interface).
 *
 * @public
 */
export const METRICS_ANNOTATIONS = {
  /** Value of the `service` label that the conventional queries match. Turns metrics on. */
  prometheusService: 'metrics-suite/prometheus-service',
  /** Name of a configured Prometheus instance; default: the instance marked default. */
  prometheusInstance: 'metrics-suite/prometheus-instance',
  /** How this entity appears in other services' `caller` label; default: the prometheus-service value. */
  callerId: 'metrics-suite/caller-id',
  /** Name of a configured Amplitude project. */
  amplitudeProject: 'metrics-suite/amplitude-project',
  /**
   * The telemetry convention(s) of this entity's series, e.g. `istio` or
   * `opentelemetry, service-graph`; default: the instance's (docs/conventions.md).
   */
  convention: 'metrics-suite/convention',
} as const;

/** @public */
export type MetricsAnnotationKey = keyof typeof METRICS_ANNOTATIONS;

/**
 * The annotations of earlier releases, old key → the key that replaces it
 * (docs/catalog-conventions.md, "Migrating from metrics.backstage.io"). An old key is still
 * read when its replacement is not set, and every use of one is reported as deprecated; they
 * will be removed in a later release.
 *
 * @public
 */
export const DEPRECATED_METRICS_ANNOTATIONS = {
  'metrics.backstage.io/prometheus-service':
    METRICS_ANNOTATIONS.prometheusService,
  'metrics.backstage.io/prometheus-instance':
    METRICS_ANNOTATIONS.prometheusInstance,
  'metrics.backstage.io/caller-id': METRICS_ANNOTATIONS.callerId,
  'metrics.backstage.io/amplitude-project':
    METRICS_ANNOTATIONS.amplitudeProject,
} as const;
