/*
 * Telemetry conventions as data (docs/conventions.md): where a convention keeps the request
 * count, what it calls an error, its latency histogram and unit, the label that names a
 * service, where callers come from and which counter counts third-party calls. Every
 * conventional query is built from one of these, so a new convention is a new value, not new
 * code.
 */

/**
 * How a convention marks failed requests (server errors).
 *
 * - `status`: a status-code label matched by a regex (`code=~"5.."`);
 * - `label`: a label with one value for failures (`classification="failure"`);
 * - `counter`: a separate counter of failed requests with the request counter's labels
 *   (`traces_service_graph_request_failed_total`).
 *
 * @public
 */
export type ConventionErrorRule =
  | { type: 'status'; label: string; pattern: string }
  | { type: 'label'; label: string; value: string }
  | { type: 'counter'; metric: string };

/**
 * A latency histogram: its name without `_bucket`/`_count`, the unit of its bucket bounds and
 * its bound label.
 *
 * @public
 */
export interface ConventionLatency {
  histogram: string;
  unit: 'seconds' | 'milliseconds';
  le: string;
}

/**
 * One family of request series: the count, the labels that fix it, the service label, the
 * failure rule and the latency histogram.
 *
 * @public
 */
export interface ConventionRequests {
  /** A counter, or a histogram whose `_count` is the request count. */
  count: { metric: string; histogram: boolean };
  /**
   * Label values every series of the family must have, e.g. Istio's `reporter="destination"`
   * (each request is reported twice) or Linkerd's `direction="inbound"`.
   */
  filter: Readonly<Record<string, string>>;
  /** The label whose value is the service (the `prometheus-service` annotation). */
  service: string;
  errors: ConventionErrorRule;
  /** Absent when the convention has no latency histogram for this family. */
  latency?: ConventionLatency;
}

/**
 * Where callers come from: a family of request series in which `service` names the called
 * service and `caller` the caller. It is the service's own request family with a caller label
 * (the suite's, Istio), the caller's side of the same metric (Linkerd's outbound series), or
 * another metric family (service graphs).
 *
 * @public
 */
export interface ConventionCallers extends ConventionRequests {
  caller: string;
}

/**
 * The counter of third-party calls: by integration, outcome and error class.
 *
 * @public
 */
export interface ConventionIntegrations {
  metric: string;
  service: string;
  integration: string;
  outcome: string;
  errorClass: string;
  /** Values of the outcome label. */
  success: string;
  failure: string;
}

/**
 * A telemetry convention, or a combination of several (`opentelemetry+service-graph`).
 *
 * @public
 */
export interface TelemetryConvention {
  /** The names it was built from, joined with `+`, e.g. `opentelemetry+service-graph`. */
  id: string;
  /** The request family the service's SLOs, traffic and latency are read from. */
  server: ConventionRequests;
  /** Absent when the convention has no caller information. */
  callers?: ConventionCallers;
  /** Absent when the convention has no counter of third-party calls. */
  integrations?: ConventionIntegrations;
}
