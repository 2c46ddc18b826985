import { InputError } from '@backstage/errors';
import {
  WINDOW_PLACEHOLDER,
  escapeLabelValue,
  escapeRegex,
  isPromqlDuration,
  matcher,
} from '../definitions/promql';
import { DEFAULT_TELEMETRY_CONVENTION } from './resolve';
import {
  ServiceScope,
  checkLabel,
  familyMatchers,
  integrationRequests,
  selectorOf,
} from './selector';
import { requestCountMetric } from './series';
import type {
  ConventionIntegrations,
  ConventionRequests,
  TelemetryConvention,
} from './types';

/*
 * The conventional queries, built from a convention. Catalog values reach them only through
 * `matcher`/`regexMatcher` (escaped); names come from the convention, checked here.
 */

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
  /** Default {@link DEFAULT_TELEMETRY_CONVENTION}. */
  convention?: TelemetryConvention;
}

/**
 * Options shared by the batched builders (one query for many services, `sum by (service, …)`).
 *
 * @public
 */
export interface BatchedQueryOptions {
  /**
   * Values of the service label; escaped, de-duplicated and sorted here. `'all'`: every
   * series with the label, for org-wide sweeps whose list of services would not fit a query.
   */
  services: Iterable<string> | 'all';
  window: string;
  convention?: TelemetryConvention;
}

/** Where a query looks: the service matcher and the labels summed by before its own. */
interface Scope {
  convention: TelemetryConvention;
  /** One value (`sum(...)`) or several (`sum by (service) (...)`). */
  services: ServiceScope;
  window: string;
}

function checkWindow(window: string): void {
  if (window !== WINDOW_PLACEHOLDER && !isPromqlDuration(window)) {
    throw new InputError(
      `"${String(window)}" is not a Prometheus duration such as 5m or 28d`,
    );
  }
}

function single(options: ServiceQueryOptions): Scope {
  checkWindow(options.window);
  if (typeof options.service !== 'string' || options.service === '') {
    throw new InputError('A service label value must not be empty');
  }
  return {
    convention: options.convention ?? DEFAULT_TELEMETRY_CONVENTION,
    services: { one: options.service },
    window: options.window,
  };
}

function batched(options: BatchedQueryOptions): Scope {
  checkWindow(options.window);
  return {
    convention: options.convention ?? DEFAULT_TELEMETRY_CONVENTION,
    services:
      options.services === 'all' ? { all: true } : { many: options.services },
    window: options.window,
  };
}

/** Builds the selectors, sums and counts of one request family in one scope. */
class FamilyQueries {
  readonly by: string[];
  readonly #matchers: string[];

  constructor(readonly family: ConventionRequests, readonly scope: Scope) {
    const { services } = scope;
    this.#matchers = familyMatchers(family, services);
    this.by = 'one' in services ? [] : [family.service];
  }

  selector(metric: string, extra: string[] = []): string {
    return selectorOf(metric, [...this.#matchers, ...extra]);
  }

  sum(labels: string[], expr: string): string {
    const by = [...this.by, ...labels.map(checkLabel)];
    return by.length === 0
      ? `sum(${expr})`
      : `sum by (${by.join(', ')}) (${expr})`;
  }

  increase(
    metric: string,
    labels: string[] = [],
    extra: string[] = [],
  ): string {
    return this.sum(
      labels,
      `increase(${this.selector(metric, extra)}[${this.scope.window}])`,
    );
  }

  get countMetric(): string {
    return requestCountMetric(this.family);
  }

  total(labels: string[] = []): string {
    return this.increase(this.countMetric, labels);
  }

  errors(labels: string[] = []): string {
    const rule = this.family.errors;
    switch (rule.type) {
      case 'status':
        return this.increase(this.countMetric, labels, [
          `${checkLabel(rule.label)}=~"${escapeLabelValue(rule.pattern)}"`,
        ]);
      case 'label':
        return this.increase(this.countMetric, labels, [
          matcher(rule.label, rule.value),
        ]);
      default:
        return this.increase(rule.metric, labels);
    }
  }

  /** Requests that did not fail; 0 rather than "no data" for a group with traffic. */
  good(): string {
    const rule = this.family.errors;
    const total = this.total();
    const zero = this.by.length === 0 ? 'vector(0)' : `${total} * 0`;
    if (rule.type === 'counter') {
      return `${total} - (${this.errors()} or ${zero})`;
    }
    const good =
      rule.type === 'status'
        ? `${checkLabel(rule.label)}!~"${escapeLabelValue(rule.pattern)}"`
        : `${checkLabel(rule.label)}!="${escapeLabelValue(rule.value)}"`;
    return `${this.increase(this.countMetric, [], [good])} or ${zero}`;
  }

  latency() {
    const { latency } = this.family;
    if (!latency) {
      throw new InputError(
        `The ${this.scope.convention.id} convention has no latency histogram`,
      );
    }
    return latency;
  }

  /** Requests within the threshold (a bucket bound) and all requests of the histogram. */
  withinThreshold(thresholdSeconds: number): SliCountQueries {
    const latency = this.latency();
    const bound = boundIn(latency.unit, thresholdSeconds);
    const total = this.increase(`${latency.histogram}_count`);
    const good = this.increase(
      `${latency.histogram}_bucket`,
      [],
      [leMatcher(checkLabel(latency.le), bound)],
    );
    const zero = this.by.length === 0 ? 'vector(0)' : `${total} * 0`;
    return { good: `${good} or ${zero}`, total };
  }

  /** The 95th percentile in seconds, by the given labels. */
  p95(labels: string[] = []): string {
    const latency = this.latency();
    const quantile = `histogram_quantile(0.95, ${this.sum(
      [...labels, latency.le],
      `rate(${this.selector(`${latency.histogram}_bucket`)}[${
        this.scope.window
      }])`,
    )})`;
    return latency.unit === 'milliseconds' ? `${quantile} / 1000` : quantile;
  }
}

/** A threshold in seconds as a bound of a histogram in `unit`, without float noise. */
function boundIn(
  unit: 'seconds' | 'milliseconds',
  thresholdSeconds: number,
): number {
  if (!(Number.isFinite(thresholdSeconds) && thresholdSeconds > 0)) {
    throw new InputError(
      `Latency threshold must be a positive number of seconds, got ${thresholdSeconds}`,
    );
  }
  return unit === 'seconds'
    ? thresholdSeconds
    : Number((thresholdSeconds * 1000).toPrecision(12));
}

function leMatcher(le: string, bound: number): string {
  const text = String(bound);
  // Prometheus 3 normalises classic-histogram bounds to floats ("1" → "1.0"): match both.
  return Number.isInteger(bound)
    ? `${le}=~"${escapeLabelValue(`${escapeRegex(text)}(\\.0)?`)}"`
    : `${le}="${escapeLabelValue(text)}"`;
}

function server(scope: Scope): FamilyQueries {
  return new FamilyQueries(scope.convention.server, scope);
}

function callersOf(scope: Scope): { family: FamilyQueries; caller: string } {
  const family = scope.convention.callers;
  if (!family) {
    throw new InputError(
      `The ${scope.convention.id} convention has no caller information`,
    );
  }
  return {
    family: new FamilyQueries(family, scope),
    caller: checkLabel(family.caller),
  };
}

function integrationsOf(scope: Scope): ConventionIntegrations {
  const { integrations } = scope.convention;
  if (!integrations) {
    throw new InputError(
      `The ${scope.convention.id} convention has no integration counter`,
    );
  }
  return integrations;
}

/** The integration counter as a request family, so it shares the scope's matchers. */
function integrationFamily(scope: Scope): {
  family: FamilyQueries;
  names: ConventionIntegrations;
} {
  const names = integrationsOf(scope);
  return {
    names,
    family: new FamilyQueries(integrationRequests(names), scope),
  };
}

function availability(scope: Scope): SliCountQueries {
  const family = server(scope);
  return { good: family.good(), total: family.total() };
}

/**
 * Requests and server errors by caller. A caller without errors has no row in `errors`: count
 * it as 0.
 *
 * @public
 */
export interface CallerQueries {
  requests: string;
  errors: string;
}

function callers(scope: Scope): CallerQueries {
  const { family, caller } = callersOf(scope);
  return { requests: family.total([caller]), errors: family.errors([caller]) };
}

function callerP95(scope: Scope): string {
  const { family, caller } = callersOf(scope);
  return family.p95([caller]);
}

function integrationBreakdown(scope: Scope): string {
  const { family, names } = integrationFamily(scope);
  return family.increase(names.metric, [
    names.integration,
    names.outcome,
    names.errorClass,
  ]);
}

/**
 * Availability SLI counts of one service: good = requests that did not fail by the
 * convention's rule, total = all requests; `good` reads 0 (not "no data") when every request
 * failed.
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
 * Latency SLI counts of one service: good = requests faster than `thresholdSeconds` (which
 * must be a bucket bound; converted to the histogram's unit), total = the histogram's
 * `_count`.
 *
 * @throws InputError on an empty service, an invalid window, threshold or names, or a
 *   convention without a latency histogram.
 * @public
 */
export function latencyCountQueries(
  options: ServiceQueryOptions & { thresholdSeconds: number },
): SliCountQueries {
  return server(single(options)).withinThreshold(options.thresholdSeconds);
}

/**
 * Requests, failed requests and p95 latency (seconds) of one service as a whole.
 *
 * @public
 */
export interface TrafficQueries {
  requests: string;
  errors: string;
  /** Absent when the convention has no latency histogram. */
  p95?: string;
}

/** The parts of a request family that decide which series it counts. */
function countedSeries(family: ConventionRequests): string {
  return JSON.stringify([
    family.count.metric,
    family.count.histogram,
    Object.entries(family.filter).sort(),
    family.service,
    Object.entries(family.errors).sort(),
  ]);
}

/**
 * Whether the convention's callers are its own request family with a caller label (the
 * suite's, OpenTelemetry's, Istio's), so that the sum over callers is the service's total.
 *
 * @public
 */
export function callersSplitServerRequests(
  convention: TelemetryConvention,
): boolean {
  const family = convention.callers;
  return (
    family !== undefined &&
    countedSeries(family) === countedSeries(convention.server)
  );
}

/**
 * {@link TrafficQueries} of one service, from the convention's request family. Where the
 * callers split that family ({@link callersSplitServerRequests}), requests and errors are
 * the callers' queries, summed by caller: a service view then sends them once for both the
 * totals and the callers. Sum the samples of the answer.
 *
 * @public
 */
export function trafficQueries(options: ServiceQueryOptions): TrafficQueries {
  const scope = single(options);
  const family = server(scope);
  const counts = callersSplitServerRequests(scope.convention)
    ? callers(scope)
    : { requests: family.total(), errors: family.errors() };
  return {
    ...counts,
    ...(family.family.latency ? { p95: family.p95() } : {}),
  };
}

/**
 * Requests and failed requests of one service by caller.
 *
 * @throws InputError when the convention has no caller information.
 * @public
 */
export function callerQueries(options: ServiceQueryOptions): CallerQueries {
  return callers(single(options));
}

/**
 * p95 latency (seconds) of one service by caller (display only; never average quantiles).
 *
 * @public
 */
export function callerP95Query(options: ServiceQueryOptions): string {
  return callerP95(single(options));
}

/**
 * Integration calls of one service by integration, outcome and error class.
 *
 * @throws InputError when the convention has no integration counter.
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
  /** Successful calls; 0 rather than "no data" when all calls failed. */
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
  const scope = single(options);
  if (typeof options.integration !== 'string' || options.integration === '') {
    throw new InputError('An integration label value must not be empty');
  }
  const { family, names } = integrationFamily(scope);
  const only = matcher(names.integration, options.integration);
  return {
    success: `${family.increase(
      names.metric,
      [],
      [only, matcher(names.outcome, names.success)],
    )} or vector(0)`,
    total: family.increase(names.metric, [], [only]),
    errorClasses: family.increase(
      names.metric,
      [names.errorClass],
      [only, matcher(names.outcome, names.failure)],
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
  return server(batched(options)).withinThreshold(options.thresholdSeconds);
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
