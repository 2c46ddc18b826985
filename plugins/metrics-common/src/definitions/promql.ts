import { InputError } from '@backstage/errors';

/*
 * PromQL text building. Every value that comes from the catalog (service names, integration
 * labels) reaches a query only through `escapeLabelValue` / `escapeRegex` here; metric and label
 * *names* come from configuration and are checked against Prometheus' name syntax; request
 * parameters never become PromQL (docs/catalog-conventions.md#escaping).
 */

/**
 * Names of the conventional metrics (docs/catalog-conventions.md#conventional-metrics), configurable per Prometheus instance.
 *
 * @public
 */
export interface MetricNames {
  /** Request counter; default `http_server_requests_total`. */
  requests: string;
  /** Request latency histogram, without `_bucket`/`_count`; default `http_server_request_duration_seconds`. */
  requestDuration: string;
  /** Integration call counter; default `integration_requests_total`. */
  integrationRequests: string;
}

/**
 * Names of the labels of the conventional metrics, configurable per Prometheus instance.
 *
 * @public
 */
export interface LabelNames {
  /** Matched against the `metrics-suite/prometheus-service` annotation; default `service`. */
  service: string;
  /** Who called; matched against `metrics-suite/caller-id`; default `caller`. */
  caller: string;
  /** HTTP status code; default `code`. */
  code: string;
  /** Third party called; default `integration`. */
  integration: string;
  /** `success` or `failure`; default `outcome`. */
  outcome: string;
  /** Failure class; default `error_class`. */
  errorClass: string;
  /** Histogram bucket bound; default `le`. */
  le: string;
}

/**
 * Metric and label names used to build the conventional queries.
 *
 * @public
 */
export interface PrometheusNames {
  metrics: MetricNames;
  labels: LabelNames;
}

/**
 * Default conventional metric names (docs/catalog-conventions.md#conventional-metrics).
 *
 * @public
 */
export const DEFAULT_METRIC_NAMES: Readonly<MetricNames> = Object.freeze({
  requests: 'http_server_requests_total',
  requestDuration: 'http_server_request_duration_seconds',
  integrationRequests: 'integration_requests_total',
});

/**
 * Default label names of the conventional metrics (docs/catalog-conventions.md#conventional-metrics).
 *
 * @public
 */
export const DEFAULT_LABEL_NAMES: Readonly<LabelNames> = Object.freeze({
  service: 'service',
  caller: 'caller',
  code: 'code',
  integration: 'integration',
  outcome: 'outcome',
  errorClass: 'error_class',
  le: 'le',
});

/**
 * Default metric and label names.
 *
 * @public
 */
export const DEFAULT_PROMETHEUS_NAMES: Readonly<PrometheusNames> =
  Object.freeze({
    metrics: DEFAULT_METRIC_NAMES,
    labels: DEFAULT_LABEL_NAMES,
  });

/**
 * Values of the `outcome` label of the integration counter (docs/catalog-conventions.md#conventional-metrics).
 *
 * @public
 */
export const INTEGRATION_OUTCOMES = Object.freeze({
  success: 'success',
  failure: 'failure',
} as const);

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;

/**
 * True when `name` is a valid Prometheus label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
 *
 * @public
 */
export function isValidLabelName(name: unknown): name is string {
  return typeof name === 'string' && LABEL_NAME.test(name);
}

/**
 * True when `name` is a valid Prometheus metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
 *
 * @public
 */
export function isValidMetricName(name: unknown): name is string {
  return typeof name === 'string' && METRIC_NAME.test(name);
}

/**
 * Fills defaults into configured metric and label names and checks them. Call it when the
 * configuration is read, so a bad name fails at startup rather than on a page.
 *
 * @throws InputError naming the bad key when a name is not valid Prometheus syntax.
 * @public
 */
export function resolvePrometheusNames(options?: {
  metricNames?: Partial<MetricNames>;
  labelNames?: Partial<LabelNames>;
}): PrometheusNames {
  const metrics: MetricNames = { ...DEFAULT_METRIC_NAMES };
  for (const key of Object.keys(
    DEFAULT_METRIC_NAMES,
  ) as (keyof MetricNames)[]) {
    const value = options?.metricNames?.[key];
    if (value === undefined) continue;
    if (!isValidMetricName(value)) {
      throw new InputError(
        `metricNames.${key} "${String(
          value,
        )}" is not a valid Prometheus metric name`,
      );
    }
    metrics[key] = value;
  }
  const labels: LabelNames = { ...DEFAULT_LABEL_NAMES };
  for (const key of Object.keys(DEFAULT_LABEL_NAMES) as (keyof LabelNames)[]) {
    const value = options?.labelNames?.[key];
    if (value === undefined) continue;
    if (!isValidLabelName(value)) {
      throw new InputError(
        `labelNames.${key} "${String(
          value,
        )}" is not a valid Prometheus label name`,
      );
    }
    labels[key] = value;
  }
  return { metrics, labels };
}

/**
 * Escapes a value for a double-quoted PromQL string literal: backslash, double quote and
 * line breaks. Whatever the value holds, the result stays inside the literal.
 *
 * @public
 */
export function escapeLabelValue(value: string): string {
  return String(value)
    .replace(/\\/g, '\\\\')
    .replace(/"/g, '\\"')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/**
 * Escapes RE2 metacharacters so that `value` matches only itself inside a regex matcher
 * (`a.b` must not match `axb`). Same set as Go's `regexp.QuoteMeta`.
 *
 * @public
 */
export function escapeRegex(value: string): string {
  return String(value).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function checkLabelName(label: string): void {
  if (!isValidLabelName(label)) {
    throw new InputError(
      `"${String(label)}" is not a valid Prometheus label name`,
    );
  }
}

function checkMetricName(metric: string): void {
  if (!isValidMetricName(metric)) {
    throw new InputError(
      `"${String(metric)}" is not a valid Prometheus metric name`,
    );
  }
}

/**
 * An equality matcher `label="value"` with the value escaped.
 *
 * @throws InputError when `label` is not a valid label name.
 * @public
 */
export function matcher(label: string, value: string): string {
  checkLabelName(label);
  return `${label}="${escapeLabelValue(value)}"`;
}

/**
 * A regex matcher `label=~"a|b|c"` that matches exactly the given values: each value is
 * regex-escaped, then string-escaped; values are de-duplicated and sorted so that the same set
 * always gives the same query (caching, coalescing).
 *
 * @throws InputError when `label` is not a valid label name, or when `values` is empty or
 *   holds an empty string (either would match series without the label).
 * @public
 */
export function regexMatcher(label: string, values: Iterable<string>): string {
  checkLabelName(label);
  const unique = [...new Set(values)].sort();
  if (unique.length === 0) {
    throw new InputError(`A matcher on "${label}" needs at least one value`);
  }
  if (unique.some(v => typeof v !== 'string' || v === '')) {
    throw new InputError(`A matcher on "${label}" cannot match an empty value`);
  }
  return `${label}=~"${escapeLabelValue(unique.map(escapeRegex).join('|'))}"`;
}

/**
 * Placeholder for the range of custom PromQL (Sloth style), filled by {@link renderWindow}.
 *
 * @public
 */
export const WINDOW_PLACEHOLDER = '{{window}}';

// `{{window}}`, `{{ window }}`, and Sloth's `{{.window}}`.
const WINDOW_PLACEHOLDER_PATTERN = /\{\{\s*\.?window\s*\}\}/g;
const ANY_PLACEHOLDER_PATTERN = /\{\{([^{}]*)\}\}/g;

/**
 * True when `template` holds the `{{window}}` placeholder (spaces inside the braces and
 * Sloth's `{{.window}}` are accepted).
 *
 * @public
 */
export function hasWindowPlaceholder(template: string): boolean {
  return new RegExp(WINDOW_PLACEHOLDER_PATTERN.source).test(template);
}

const PROMQL_DURATION = /^(?:\d+(?:ms|[smhdwy]))+$/;

/**
 * True when `window` is a Prometheus duration such as `5m`, `28d` or `1h30m` and not zero.
 *
 * @public
 */
export function isPromqlDuration(window: unknown): window is string {
  return (
    typeof window === 'string' &&
    PROMQL_DURATION.test(window) &&
    /[1-9]/.test(window)
  );
}

function checkWindow(window: string): void {
  if (window !== WINDOW_PLACEHOLDER && !isPromqlDuration(window)) {
    throw new InputError(
      `"${String(window)}" is not a Prometheus duration such as 5m or 28d`,
    );
  }
}

/**
 * Replaces every `{{window}}` (also `{{ window }}` and `{{.window}}`) in a PromQL template by
 * `window`.
 *
 * @throws InputError when `window` is not a Prometheus duration (it is never user text).
 * @public
 */
export function renderWindow(template: string, window: string): string {
  if (!isPromqlDuration(window)) {
    throw new InputError(
      `"${String(window)}" is not a Prometheus duration such as 5m or 28d`,
    );
  }
  return template.replace(WINDOW_PLACEHOLDER_PATTERN, window);
}

/** Longest custom PromQL accepted from a definition. */
const MAX_TEMPLATE_LENGTH = 10_000;

const CLOSING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

// Finds unbalanced brackets outside string literals and comments; a cheap check that catches
// most YAML slips (a cut line, a missing brace) before Prometheus answers `bad_data`.
function bracketProblem(query: string): string | undefined {
  const stack: string[] = [];
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < query.length && query[j] !== c) {
        if (c !== '`' && query[j] === '\\') j++;
        j++;
      }
      if (j >= query.length) return `has an unterminated string (${c})`;
      i = j;
    } else if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c in CLOSING) {
      stack.push(CLOSING[c]);
    } else if (c === ')' || c === ']' || c === '}') {
      const expected = stack.pop();
      if (expected !== c) {
        return expected
          ? `has "${c}" where "${expected}" was expected`
          : `has an unmatched "${c}"`;
      }
    }
  }
  if (stack.length > 0)
    return `is missing a closing "${stack[stack.length - 1]}"`;
  return undefined;
}

/**
 * Checks custom PromQL from a definition: not empty, holds `{{window}}`, no other placeholder,
 * balanced brackets. Returns a message for the author, or undefined when it looks right.
 * Prometheus remains the judge of the rest of the syntax.
 *
 * @public
 */
export function checkPromqlTemplate(template: string): string | undefined {
  if (template.trim() === '') return 'must not be empty';
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return `is too long (${template.length} characters, at most ${MAX_TEMPLATE_LENGTH})`;
  }
  for (const match of template.matchAll(ANY_PLACEHOLDER_PATTERN)) {
    if (!/^\s*\.?window\s*$/.test(match[1])) {
      return `has an unknown placeholder "${match[0]}"; only ${WINDOW_PLACEHOLDER} is supported`;
    }
  }
  if (!hasWindowPlaceholder(template)) {
    return `must contain ${WINDOW_PLACEHOLDER} where the range goes, e.g. sum(increase(my_metric_total[${WINDOW_PLACEHOLDER}])); for a gauge use avg_over_time(my_gauge[${WINDOW_PLACEHOLDER}])`;
  }
  const problem = bracketProblem(renderWindow(template, '5m'));
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Conventional queries

/**
 * Counts of a ratio SLI over a window: `good` events out of `total` events.
 *
 * @public
 */
export interface SliCountQueries {
  good: string;
  total: string;
}

/**
 * Options shared by the single-service builders. `window` is a Prometheus duration, or
 * {@link WINDOW_PLACEHOLDER} to get a template for {@link renderWindow}.
 *
 * @public
 */
export interface ServiceQueryOptions {
  /** Value of the service label (the `prometheus-service` annotation); escaped here. */
  service: string;
  window: string;
  /** Default {@link DEFAULT_PROMETHEUS_NAMES}. */
  names?: PrometheusNames;
}

/**
 * Options shared by the batched builders (one query for many services, `sum by (service, …)`).
 *
 * @public
 */
export interface BatchedQueryOptions {
  /** Values of the service label; escaped, de-duplicated and sorted here. */
  services: Iterable<string>;
  window: string;
  names?: PrometheusNames;
}

interface Prepared {
  names: PrometheusNames;
  /** The service matcher, `service="x"` or `service=~"x|y"`. */
  scope: string;
  /** Labels summed by, before the query's own: `[]` or `[service]`. */
  by: string[];
  window: string;
}

function checkNames(names: PrometheusNames): void {
  Object.values(names.metrics).forEach(checkMetricName);
  Object.values(names.labels).forEach(checkLabelName);
}

function single(options: ServiceQueryOptions): Prepared {
  const names = options.names ?? DEFAULT_PROMETHEUS_NAMES;
  checkNames(names);
  checkWindow(options.window);
  if (typeof options.service !== 'string' || options.service === '') {
    throw new InputError('A service label value must not be empty');
  }
  return {
    names,
    scope: matcher(names.labels.service, options.service),
    by: [],
    window: options.window,
  };
}

function batched(options: BatchedQueryOptions): Prepared {
  const names = options.names ?? DEFAULT_PROMETHEUS_NAMES;
  checkNames(names);
  checkWindow(options.window);
  return {
    names,
    scope: regexMatcher(names.labels.service, options.services),
    by: [names.labels.service],
    window: options.window,
  };
}

function selector(metric: string, matchers: string[]): string {
  return `${metric}{${matchers.join(', ')}}`;
}

function sumBy(labels: string[], expr: string): string {
  return labels.length === 0
    ? `sum(${expr})`
    : `sum by (${labels.join(', ')}) (${expr})`;
}

function increase(sel: string, window: string): string {
  return `increase(${sel}[${window}])`;
}

/** `good` that reads 0 rather than "no data" when no good series exist but traffic does. */
function zeroFilled(p: Prepared, good: string, total: string): string {
  return p.by.length === 0
    ? `${good} or vector(0)`
    : // Per group: keep groups with traffic and no good series, with value 0.
      `${good} or ${total} * 0`;
}

const SERVER_ERROR_CODES = '5..';

function availability(p: Prepared): SliCountQueries {
  const { metrics, labels } = p.names;
  const total = sumBy(
    p.by,
    increase(selector(metrics.requests, [p.scope]), p.window),
  );
  const good = sumBy(
    p.by,
    increase(
      selector(metrics.requests, [
        p.scope,
        `${labels.code}!~"${SERVER_ERROR_CODES}"`,
      ]),
      p.window,
    ),
  );
  return { good: zeroFilled(p, good, total), total };
}

function formatBound(thresholdSeconds: number): string {
  if (!(Number.isFinite(thresholdSeconds) && thresholdSeconds > 0)) {
    throw new InputError(
      `Latency threshold must be a positive number of seconds, got ${thresholdSeconds}`,
    );
  }
  return String(thresholdSeconds);
}

function leMatcher(le: string, thresholdSeconds: number): string {
  const bound = formatBound(thresholdSeconds);
  // Prometheus 3 normalises classic-histogram bounds to floats ("1" → "1.0"): match both.
  return Number.isInteger(thresholdSeconds)
    ? `${le}=~"${escapeLabelValue(`${escapeRegex(bound)}(\\.0)?`)}"`
    : `${le}="${escapeLabelValue(bound)}"`;
}

function latency(p: Prepared, thresholdSeconds: number): SliCountQueries {
  const { metrics, labels } = p.names;
  const total = sumBy(
    p.by,
    increase(selector(`${metrics.requestDuration}_count`, [p.scope]), p.window),
  );
  const good = sumBy(
    p.by,
    increase(
      selector(`${metrics.requestDuration}_bucket`, [
        p.scope,
        leMatcher(labels.le, thresholdSeconds),
      ]),
      p.window,
    ),
  );
  return { good: zeroFilled(p, good, total), total };
}

/**
 * Requests and server errors (`code=~"5.."`) by caller. A caller without errors has no row
 * in `errors`: count it as 0.
 *
 * @public
 */
export interface CallerQueries {
  requests: string;
  errors: string;
}

function callers(p: Prepared): CallerQueries {
  const { metrics, labels } = p.names;
  const by = [...p.by, labels.caller];
  return {
    requests: sumBy(
      by,
      increase(selector(metrics.requests, [p.scope]), p.window),
    ),
    errors: sumBy(
      by,
      increase(
        selector(metrics.requests, [
          p.scope,
          `${labels.code}=~"${SERVER_ERROR_CODES}"`,
        ]),
        p.window,
      ),
    ),
  };
}

function callerP95(p: Prepared): string {
  const { metrics, labels } = p.names;
  const by = [...p.by, labels.caller, labels.le];
  return `histogram_quantile(0.95, ${sumBy(
    by,
    `rate(${selector(`${metrics.requestDuration}_bucket`, [p.scope])}[${
      p.window
    }])`,
  )})`;
}

function integrationBreakdown(p: Prepared): string {
  const { metrics, labels } = p.names;
  return sumBy(
    [...p.by, labels.integration, labels.outcome, labels.errorClass],
    increase(selector(metrics.integrationRequests, [p.scope]), p.window),
  );
}

/**
 * Availability SLI counts of one service: good = requests without a 5xx code, total = all
 * requests; `good` reads 0 (not "no data") when every request failed.
 *
 * @throws InputError on an empty service, an invalid window or invalid names.
 * @public
 */
export function availabilityCountQueries(
  options: ServiceQueryOptions,
): SliCountQueries {
  return availability(single(options));
}

/**
 * Latency SLI counts of one service: good = requests faster than `thresholdSeconds` (the `le`
 * bucket, which must be a bucket boundary), total = the histogram's `_count`.
 *
 * @throws InputError on an empty service, an invalid window, threshold or names.
 * @public
 */
export function latencyCountQueries(
  options: ServiceQueryOptions & { thresholdSeconds: number },
): SliCountQueries {
  return latency(single(options), options.thresholdSeconds);
}

/**
 * Requests and server errors of one service by caller.
 *
 * @public
 */
export function callerQueries(options: ServiceQueryOptions): CallerQueries {
  return callers(single(options));
}

/**
 * p95 latency of one service by caller (display only; never average quantiles).
 *
 * @public
 */
export function callerP95Query(options: ServiceQueryOptions): string {
  return callerP95(single(options));
}

/**
 * Integration calls of one service by integration, outcome and error class.
 *
 * @public
 */
export function integrationBreakdownQuery(
  options: ServiceQueryOptions,
): string {
  return integrationBreakdown(single(options));
}

/**
 * Counts of one integration (one value of the integration label) of one service.
 *
 * @public
 */
export interface IntegrationCountQueries {
  /** `outcome="success"` calls; 0 rather than "no data" when all calls failed. */
  success: string;
  total: string;
  /** Failures by error class. */
  errorClasses: string;
}

/**
 * Counts of one conventional integration of one service.
 *
 * @throws InputError on an empty service or integration, an invalid window or names.
 * @public
 */
export function integrationCountQueries(
  options: ServiceQueryOptions & { integration: string },
): IntegrationCountQueries {
  const p = single(options);
  if (typeof options.integration !== 'string' || options.integration === '') {
    throw new InputError('An integration label value must not be empty');
  }
  const { metrics, labels } = p.names;
  const scope = [p.scope, matcher(labels.integration, options.integration)];
  const count = (extra: string[]) =>
    sumBy(
      [],
      increase(
        selector(metrics.integrationRequests, [...scope, ...extra]),
        p.window,
      ),
    );
  const total = count([]);
  return {
    success: `${count([
      matcher(labels.outcome, INTEGRATION_OUTCOMES.success),
    ])} or vector(0)`,
    total,
    errorClasses: sumBy(
      [labels.errorClass],
      increase(
        selector(metrics.integrationRequests, [
          ...scope,
          matcher(labels.outcome, INTEGRATION_OUTCOMES.failure),
        ]),
        p.window,
      ),
    ),
  };
}

/**
 * {@link availabilityCountQueries} for many services in one query each, `sum by (service)`;
 * `good` is zero-filled per service that had traffic.
 *
 * @throws InputError on an empty list of services, an invalid window or names.
 * @public
 */
export function batchedAvailabilityCountQueries(
  options: BatchedQueryOptions,
): SliCountQueries {
  return availability(batched(options));
}

/**
 * {@link latencyCountQueries} for many services, `sum by (service)`.
 *
 * @public
 */
export function batchedLatencyCountQueries(
  options: BatchedQueryOptions & { thresholdSeconds: number },
): SliCountQueries {
  return latency(batched(options), options.thresholdSeconds);
}

/**
 * {@link callerQueries} for many services, `sum by (service, caller)`.
 *
 * @public
 */
export function batchedCallerQueries(
  options: BatchedQueryOptions,
): CallerQueries {
  return callers(batched(options));
}

/**
 * {@link callerP95Query} for many services, `sum by (service, caller, le)`.
 *
 * @public
 */
export function batchedCallerP95Query(options: BatchedQueryOptions): string {
  return callerP95(batched(options));
}

/**
 * {@link integrationBreakdownQuery} for many services,
 * `sum by (service, integration, outcome, error_class)`.
 *
 * @public
 */
export function batchedIntegrationBreakdownQuery(
  options: BatchedQueryOptions,
): string {
  return integrationBreakdown(batched(options));
}
