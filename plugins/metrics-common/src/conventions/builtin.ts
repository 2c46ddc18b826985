import type {
  ConventionCallers,
  ConventionIntegrations,
  ConventionRequests,
  TelemetryConvention,
} from './types';

/*
 * The shipped conventions. The exact series each one reads are in docs/conventions.md; keep
 * the two in step.
 */

const SERVER_ERRORS = '5..';

/**
 * Outcomes of integration calls as the suite stores and compares them, whatever the values of
 * a convention's outcome label.
 *
 * @public
 */
export const INTEGRATION_OUTCOMES = Object.freeze({
  success: 'success',
  failure: 'failure',
} as const);

/** The suite's integration counter; other conventions have no standard one. */
const SUITE_INTEGRATIONS: ConventionIntegrations = {
  metric: 'integration_requests_total',
  service: 'service',
  integration: 'integration',
  outcome: 'outcome',
  errorClass: 'error_class',
  success: INTEGRATION_OUTCOMES.success,
  failure: INTEGRATION_OUTCOMES.failure,
};

const suiteRequests: ConventionRequests = {
  count: { metric: 'http_server_requests_total', histogram: false },
  filter: {},
  service: 'service',
  errors: { type: 'status', label: 'code', pattern: SERVER_ERRORS },
  latency: {
    histogram: 'http_server_request_duration_seconds',
    unit: 'seconds',
    le: 'le',
  },
};

// The Collector's Prometheus exporters with resource attributes promoted to labels
// (`resource_to_telemetry_conversion`, or Prometheus' `promote_resource_attributes`).
const otelRequests: ConventionRequests = {
  count: { metric: 'http_server_request_duration_seconds', histogram: true },
  filter: {},
  service: 'service_name',
  errors: {
    type: 'status',
    label: 'http_response_status_code',
    pattern: SERVER_ERRORS,
  },
  latency: {
    histogram: 'http_server_request_duration_seconds',
    unit: 'seconds',
    le: 'le',
  },
};

const serviceGraphCallers: ConventionCallers = {
  count: { metric: 'traces_service_graph_request_total', histogram: false },
  filter: {},
  service: 'server',
  caller: 'client',
  errors: {
    type: 'counter',
    metric: 'traces_service_graph_request_failed_total',
  },
  latency: {
    histogram: 'traces_service_graph_request_server_seconds',
    unit: 'seconds',
    le: 'le',
  },
};

// Every request between two sidecars is reported twice; the server side is the service's
// own view of it.
const istioRequests: ConventionRequests = {
  count: { metric: 'istio_requests_total', histogram: false },
  filter: { reporter: 'destination' },
  service: 'destination_canonical_service',
  errors: { type: 'status', label: 'response_code', pattern: SERVER_ERRORS },
  latency: {
    histogram: 'istio_request_duration_milliseconds',
    unit: 'milliseconds',
    le: 'le',
  },
};

const linkerdFamily = {
  count: { metric: 'response_total', histogram: false },
  errors: { type: 'label', label: 'classification', value: 'failure' },
  latency: {
    histogram: 'response_latency_ms',
    unit: 'milliseconds',
    le: 'le',
  },
} as const;

/**
 * The conventions the suite ships, by name.
 *
 * @public
 */
export const TELEMETRY_CONVENTIONS: Readonly<
  Record<string, TelemetryConvention>
> = Object.freeze({
  'metrics-suite': {
    id: 'metrics-suite',
    server: suiteRequests,
    callers: { ...suiteRequests, caller: 'caller' },
    integrations: SUITE_INTEGRATIONS,
  },
  opentelemetry: {
    id: 'opentelemetry',
    server: otelRequests,
    integrations: { ...SUITE_INTEGRATIONS, service: 'service_name' },
  },
  'service-graph': {
    id: 'service-graph',
    server: serviceGraphCallers,
    callers: serviceGraphCallers,
  },
  istio: {
    id: 'istio',
    server: istioRequests,
    callers: { ...istioRequests, caller: 'source_canonical_service' },
  },
  linkerd: {
    id: 'linkerd',
    // The service's inbound series; callers from the callers' own outbound series, which
    // name the called deployment in `dst_deployment`.
    server: {
      ...linkerdFamily,
      filter: { direction: 'inbound' },
      service: 'deployment',
    },
    callers: {
      ...linkerdFamily,
      filter: { direction: 'outbound' },
      service: 'dst_deployment',
      caller: 'deployment',
    },
  },
});

/**
 * The convention used when an instance names none.
 *
 * @public
 */
export const DEFAULT_CONVENTION = 'metrics-suite';
