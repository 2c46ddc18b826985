/*
 * Ground truth: the answers the metrics suite should give, computed from the
 * model's exact minute counts (not from Prometheus, not from plugin code).
 */
import { MINUTE, SeriesInfo, TrafficModel } from './model';
import {
  Convention,
  conventionAnnotation,
  conventionsOf,
  EVENTS,
  SERVICES,
  ServiceSpec,
  SLO_TARGETS,
  WINDOW_NAMES,
  WINDOWS,
  WindowName,
} from './world';

export interface SloTruth {
  /** Target in percent (99.9). */
  target: number;
  /** 1 - (bad/valid) / (1 - target); negative when the budget is overspent; null without traffic. */
  errorBudgetRemaining: number | null;
  /** (bad/valid) / (1 - target); null without traffic. */
  burnRate: number | null;
}

export interface CallerTruth {
  caller: string;
  requests: number;
  /** Share of the service's requests in the window (0–1). */
  share: number;
  /** 5xx requests (service graph: the failed-request counter; Linkerd: classification="failure"). */
  errors: number;
  errorRatio: number | null;
  /** histogram_quantile(0.95, …) over the window of this caller's histogram in the convention, in seconds. */
  p95Seconds: number | null;
}

export interface IntegrationTruth {
  requests: number;
  successes: number;
  failures: number;
  successRate: number | null;
  /** Class → share of failures. Failures without a class count as "unknown". Sums to 1 (empty without failures). */
  errorClasses: Record<string, number>;
  /** Raw failure counts by `error_class` label ('' = label absent). */
  failuresByLabel: Record<string, number>;
  /** Share of failures whose class is "unknown" or missing; null without failures. */
  unknownShare: number | null;
}

export interface WindowTruth {
  /** [start, end] in Unix seconds: the PromQL range `[window]` evaluated at `end`. */
  start: number;
  end: number;
  requests: number;
  /** Non-5xx requests. */
  good: number;
  /** 5xx requests. */
  bad: number;
  availability: number | null;
  errorRatio: number | null;
  /** Keyed by target ("99", "99.5", "99.9"). */
  slo: Record<string, SloTruth>;
  /**
   * histogram_quantile(0.95, sum by (le) (…)) over the window of the
   * convention's server-side histogram, in seconds: for the millisecond
   * histograms (Istio, Linkerd) computed over the bounds in ms as Prometheus
   * does, then divided by 1000.
   */
  p95Seconds: number | null;
  /**
   * All callers, most requests first, from the caller information of the
   * service's convention (metrics-suite: `caller`; service graph: `client`;
   * Istio: `source_canonical_service` of reporter="destination"; Linkerd: the
   * outbound `deployment`). Empty for OpenTelemetry, which has none.
   */
  callers: CallerTruth[];
  integrations: Record<string, IntegrationTruth>;
  /**
   * Only for services of several conventions (booking-service): the same
   * numbers as read from each convention's own series. The window's
   * requests/p95 are the first convention's, its callers the first with callers.
   */
  byConvention?: Record<string, ConventionTruth>;
}

/** A window's numbers as read from one convention's series. */
export interface ConventionTruth {
  requests: number;
  good: number;
  bad: number;
  availability: number | null;
  errorRatio: number | null;
  p95Seconds: number | null;
}

export interface ServiceTruth {
  entity: string;
  entityRef: string;
  service: string;
  callerId: string;
  owner: string;
  traffic: 'normal' | 'low' | 'none';
  /**
   * The telemetry convention of its series: the `metrics-suite/convention`
   * annotation value ("opentelemetry, service-graph"), "metrics-suite" for the
   * suite's own conventional metrics (no annotation).
   */
  convention: string;
  /** False for experiments-service: annotated, but no series exist at all. */
  hasSeries: boolean;
  windows: Record<WindowName, WindowTruth>;
}

export interface Tolerance {
  /** |promql - truth| <= relative * max(|promql|, |truth|) + absolute. */
  relative: number;
  absolute: number;
  /** Queries must be evaluated at this time (Unix seconds) for the tolerance to hold. */
  queryTime: number;
  explanation: string;
  /** What to expect when evaluating at any other time (increase() then extrapolates at the window edges). */
  otherTimes: { relative: number; explanation: string };
}

export interface GroundTruth {
  generator: '@internal/demo-world';
  modelVersion: number;
  seed: number;
  /** End of the history; every window ends here. */
  t0: number;
  t0Iso: string;
  historyStart: number;
  windows: Record<WindowName, number>;
  sloTargets: number[];
  tolerance: Tolerance;
  services: Record<string, ServiceTruth>;
  /** Components without the prometheus-service annotation. */
  notAnnotated: string[];
  events: Array<{
    id: string;
    kind: string;
    description: string;
    services: string[];
    from: number;
    to: number;
    fromIso: string;
    toIso: string;
    /** Offsets from T0, in seconds. */
    fromOffset: number;
    toOffset: number;
  }>;
}

/**
 * The tolerance for comparing PromQL `increase()` results with the truth.
 *
 * At `time=T0` every window edge (T0-1h/-1d/-7d/-28d) falls exactly on a
 * history sample, and Prometheus 2.x ranges include both edges, so
 * `increase()` does no extrapolation and equals the exact count (reset-aware);
 * only float rounding could remain. Measured: a relative difference of 0 on
 * every count, ratio, burn rate and p95 the integration test compares; the
 * stated 1e-6 is a margin for float rounding.
 *
 * At any other evaluation time `increase()` extrapolates at both edges, by up
 * to about one sample interval: expect relative errors up to
 * (interval at the window start + interval at the end) / window. Measured on
 * this world: up to 4e-3 for busy services (1d and 7d windows starting in the
 * 5- and 15-minute history) and up to 2e-2 for invoice-service's few requests.
 */
export function defaultTolerance(t0: number): Tolerance {
  return {
    relative: 1e-6,
    absolute: 1e-9,
    queryTime: t0,
    explanation:
      'Evaluate PromQL at time=t0. Every window edge (t0-1h, -1d, -7d, -28d) is a history sample and ' +
      'Prometheus 2.x ranges include both edges, so increase() does no extrapolation and equals the exact ' +
      'counts (counter resets included); measured difference 0. 1e-6 relative is a margin for float rounding.',
    otherTimes: {
      relative: 2e-2,
      explanation:
        'At any other evaluation time increase() extrapolates at the window edges by up to one sample ' +
        'interval (60 s for the last 26 h, 5 min up to 3 d, 15 min before; live data every 15 s): relative ' +
        'error up to about (interval at start + interval at end) / window. Measured: <= 4e-3 for busy ' +
        'services, up to 2e-2 for the low-traffic invoice-service.',
    },
  };
}

/**
 * Prometheus's histogram_quantile over cumulative bucket counts
 * (upper bounds ascending, +Inf last), as in Prometheus 2.x.
 */
export function histogramQuantile(
  q: number,
  upperBounds: readonly number[],
  cumulative: readonly number[],
): number | null {
  const n = cumulative.length;
  const total = cumulative[n - 1];
  if (!(total > 0)) return null;
  const rank = q * total;
  let b = 0;
  while (b < n - 1 && cumulative[b] < rank) b++;
  if (b === n - 1) return upperBounds[n - 2];
  if (b === 0 && upperBounds[0] <= 0) return upperBounds[0];
  const bucketStart = b === 0 ? 0 : upperBounds[b - 1];
  const bucketEnd = upperBounds[b];
  let count = cumulative[b];
  let r = rank;
  if (b > 0) {
    count -= cumulative[b - 1];
    r -= cumulative[b - 1];
  }
  return bucketStart + (bucketEnd - bucketStart) * (r / count);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

function sloFor(errorRatio: number | null): Record<string, SloTruth> {
  const out: Record<string, SloTruth> = {};
  for (const target of SLO_TARGETS) {
    const budget = 1 - target / 100;
    out[String(target)] = {
      target,
      errorBudgetRemaining:
        errorRatio === null ? null : 1 - errorRatio / budget,
      burnRate: errorRatio === null ? null : errorRatio / budget,
    };
  }
  return out;
}

/**
 * Sums every series' minute counts over each window ending at `end`
 * (rounded down to the minute). Counts before the model's start are 0.
 */
export function windowSums(
  model: TrafficModel,
  end: number,
): Record<WindowName, Float64Array> {
  const endMinute = Math.floor(end / MINUTE);
  const startMinute = model.start / MINUTE;
  const starts = WINDOW_NAMES.map(w => ({
    w,
    minute: endMinute - WINDOWS[w] / MINUTE,
  }));
  const lo = Math.max(startMinute, Math.min(...starts.map(s => s.minute)));
  const acc = new Float64Array(model.size);
  const counts = new Float64Array(model.size);
  const snapshots = new Map<WindowName, Float64Array>();
  for (const s of starts) {
    if (s.minute <= lo) snapshots.set(s.w, new Float64Array(model.size));
  }
  for (let m = lo + 1; m <= endMinute; m++) {
    for (const s of starts) {
      if (s.minute === m - 1 && !snapshots.has(s.w)) {
        snapshots.set(s.w, Float64Array.from(acc));
      }
    }
    model.minuteCounts(m, counts);
    for (let i = 0; i < acc.length; i++) acc[i] += counts[i];
  }
  const out = {} as Record<WindowName, Float64Array>;
  for (const s of starts) {
    const snap = snapshots.get(s.w)!;
    out[s.w] = acc.map((v, i) => v - snap[i]);
  }
  return out;
}

/** A series selection: metric name and label equalities (as a PromQL selector). */
export interface Selector {
  name: string;
  labels: Record<string, string>;
}

/** Which requests are server errors: by a label of the request series, or a separate counter. */
export type BadSelection =
  | { label: string; value: '5xx' | string }
  | { failed: Selector };

/**
 * How a convention's numbers are read from its series: the selections the
 * PromQL of that convention makes. The truth sums the model's exact counts
 * of the selected series.
 */
export interface ConventionReading {
  convention: Convention;
  /** Request counters (or histogram `_count`s) of the service; their sum is its requests. */
  requests: Selector;
  bad: BadSelection;
  /** The service's latency histogram (`_bucket`) and the divisor from its unit to seconds. */
  latency: { bucket: Selector; divisor: 1 | 1000 };
  /** Per caller, where the convention has callers: the caller label and the same selections. */
  callers?: {
    label: string;
    requests: Selector;
    bad: BadSelection;
    bucket: Selector;
  };
}

/** The reading of `convention` for `service`. */
export function conventionReading(
  convention: Convention,
  service: string,
): ConventionReading {
  const sel = (name: string, labels: Record<string, string>) => ({
    name,
    labels,
  });
  switch (convention) {
    case 'metrics-suite': {
      const requests = sel('http_server_requests_total', { service });
      const bad = { label: 'code', value: '5xx' };
      const bucket = sel('http_server_request_duration_seconds_bucket', {
        service,
      });
      return {
        convention,
        requests,
        bad,
        latency: { bucket, divisor: 1 },
        callers: { label: 'caller', requests, bad, bucket },
      };
    }
    case 'opentelemetry':
      return {
        convention,
        requests: sel('http_server_request_duration_seconds_count', {
          service_name: service,
        }),
        bad: { label: 'http_response_status_code', value: '5xx' },
        latency: {
          bucket: sel('http_server_request_duration_seconds_bucket', {
            service_name: service,
          }),
          divisor: 1,
        },
      };
    case 'service-graph': {
      const requests = sel('traces_service_graph_request_total', {
        server: service,
      });
      const bad = {
        failed: sel('traces_service_graph_request_failed_total', {
          server: service,
        }),
      };
      const bucket = sel('traces_service_graph_request_server_seconds_bucket', {
        server: service,
      });
      return {
        convention,
        requests,
        bad,
        latency: { bucket, divisor: 1 },
        callers: { label: 'client', requests, bad, bucket },
      };
    }
    case 'istio': {
      const labels = {
        reporter: 'destination',
        destination_canonical_service: service,
      };
      const requests = sel('istio_requests_total', labels);
      const bad = { label: 'response_code', value: '5xx' };
      const bucket = sel('istio_request_duration_milliseconds_bucket', labels);
      return {
        convention,
        requests,
        bad,
        latency: { bucket, divisor: 1000 },
        callers: { label: 'source_canonical_service', requests, bad, bucket },
      };
    }
    case 'linkerd': {
      const inbound = { direction: 'inbound', deployment: service };
      const outbound = { direction: 'outbound', dst_deployment: service };
      const bad = { label: 'classification', value: 'failure' };
      return {
        convention,
        requests: sel('response_total', inbound),
        bad,
        latency: {
          bucket: sel('response_latency_ms_bucket', inbound),
          divisor: 1000,
        },
        callers: {
          label: 'deployment',
          requests: sel('response_total', outbound),
          bad,
          bucket: sel('response_latency_ms_bucket', outbound),
        },
      };
    }
    default:
      throw new Error(`unknown convention ${convention}`);
  }
}

function matches(s: SeriesInfo, selector: Selector): boolean {
  if (s.name !== selector.name) return false;
  for (const k in selector.labels) {
    if (s.labels[k] !== selector.labels[k]) return false;
  }
  return true;
}

function isBadLabel(s: SeriesInfo, bad: BadSelection): boolean {
  if (!('label' in bad)) return false;
  const v = s.labels[bad.label] ?? '';
  return bad.value === '5xx' ? v.startsWith('5') : v === bad.value;
}

/** Cumulative bucket counts by `le`, and histogram_quantile over them (in seconds). */
class Buckets {
  private readonly byLe = new Map<string, number>();

  add(le: string, v: number) {
    this.byLe.set(le, (this.byLe.get(le) ?? 0) + v);
  }

  p95Seconds(divisor: number): number | null {
    const entries = [...this.byLe.entries()]
      .map(([le, v]) => [le === '+Inf' ? Infinity : Number(le), v] as const)
      .sort((a, b) => a[0] - b[0]);
    if (entries.length === 0) return null;
    const q = histogramQuantile(
      0.95,
      entries.map(e => e[0]),
      entries.map(e => e[1]),
    );
    return q === null || divisor === 1 ? q : q / divisor;
  }
}

interface Read {
  requests: number;
  bad: number;
  buckets: Buckets;
  callers: Map<string, { requests: number; errors: number; buckets: Buckets }>;
}

/** Sums the selections of a reading over the window sums (series in model order). */
function read(
  model: TrafficModel,
  sums: Float64Array,
  reading: ConventionReading,
): Read {
  const out: Read = {
    requests: 0,
    bad: 0,
    buckets: new Buckets(),
    callers: new Map(),
  };
  const c = reading.callers;
  for (const s of model.series) {
    const v = sums[s.index];
    if (matches(s, reading.requests)) {
      out.requests += v;
      if (isBadLabel(s, reading.bad)) out.bad += v;
    }
    if ('failed' in reading.bad && matches(s, reading.bad.failed)) {
      out.bad += v;
    }
    if (matches(s, reading.latency.bucket)) {
      out.buckets.add(s.labels.le, v);
    }
    if (!c) continue;
    const caller = s.labels[c.label];
    if (matches(s, c.requests)) {
      const entry = out.callers.get(caller) ?? {
        requests: 0,
        errors: 0,
        buckets: new Buckets(),
      };
      entry.requests += v;
      if (isBadLabel(s, c.bad)) entry.errors += v;
      out.callers.set(caller, entry);
    }
    if ('failed' in c.bad && matches(s, c.bad.failed)) {
      const entry = out.callers.get(caller);
      if (entry) entry.errors += v;
    }
    if (matches(s, c.bucket)) {
      out.callers.get(caller)?.buckets.add(s.labels.le, v);
    }
  }
  return out;
}

function windowTruth(
  model: TrafficModel,
  sums: Float64Array,
  spec: ServiceSpec,
  start: number,
  end: number,
): WindowTruth {
  const service = spec.service!;
  const conventions = conventionsOf(spec);
  const readings = conventions.map(c => conventionReading(c, service));
  const reads = readings.map(r => read(model, sums, r));
  // Requests, errors and latency from the first convention; callers from the first that has callers.
  const main = reads[0];
  const callerReading = readings.findIndex(r => r.callers);
  const integrations = new Map<
    string,
    { successes: number; byLabel: Record<string, number> }
  >();
  for (const s of model.series) {
    if (s.service !== service || s.kind !== 'integration') continue;
    const v = sums[s.index];
    const name = s.labels.integration;
    const entry = integrations.get(name) ?? { successes: 0, byLabel: {} };
    if (s.labels.outcome === 'success') entry.successes += v;
    else {
      const cls = s.labels.error_class ?? '';
      entry.byLabel[cls] = (entry.byLabel[cls] ?? 0) + v;
    }
    integrations.set(name, entry);
  }
  const { requests, bad } = main;
  const errorRatio = ratio(bad, requests);
  const callerDivisor =
    callerReading >= 0 ? readings[callerReading].latency.divisor : 1;
  const callerList: CallerTruth[] = [
    ...(callerReading >= 0 ? reads[callerReading].callers.entries() : []),
  ]
    .map(([caller, e]) => ({
      caller,
      requests: e.requests,
      share: requests > 0 ? e.requests / requests : 0,
      errors: e.errors,
      errorRatio: ratio(e.errors, e.requests),
      p95Seconds: e.buckets.p95Seconds(callerDivisor),
    }))
    .sort(
      (a, b) => b.requests - a.requests || a.caller.localeCompare(b.caller),
    );
  const integ: Record<string, IntegrationTruth> = {};
  for (const [name, e] of integrations) {
    const failures = Object.values(e.byLabel).reduce((a, b) => a + b, 0);
    const classes: Record<string, number> = {};
    for (const [label, n] of Object.entries(e.byLabel)) {
      const cls = label === '' ? 'unknown' : label;
      classes[cls] = (classes[cls] ?? 0) + n;
    }
    const errorClasses: Record<string, number> = {};
    if (failures > 0) {
      for (const [cls, n] of Object.entries(classes)) {
        if (n > 0) errorClasses[cls] = n / failures;
      }
    }
    integ[name] = {
      requests: e.successes + failures,
      successes: e.successes,
      failures,
      successRate: ratio(e.successes, e.successes + failures),
      errorClasses,
      failuresByLabel: e.byLabel,
      unknownShare: failures > 0 ? (classes.unknown ?? 0) / failures : null,
    };
  }
  const truth: WindowTruth = {
    start,
    end,
    requests,
    good: requests - bad,
    bad,
    availability: ratio(requests - bad, requests),
    errorRatio,
    slo: sloFor(errorRatio),
    p95Seconds: main.buckets.p95Seconds(readings[0].latency.divisor),
    callers: callerList,
    integrations: integ,
  };
  if (conventions.length > 1) {
    truth.byConvention = {};
    reads.forEach((r, i) => {
      truth.byConvention![conventions[i]] = {
        requests: r.requests,
        good: r.requests - r.bad,
        bad: r.bad,
        availability: ratio(r.requests - r.bad, r.requests),
        errorRatio: ratio(r.bad, r.requests),
        p95Seconds: r.buckets.p95Seconds(readings[i].latency.divisor),
      };
    });
  }
  return truth;
}

/**
 * The ground truth for windows (1h, 1d, 7d, 28d) ending at `end`
 * (default: the model's T0; rounded down to the minute).
 */
export function computeGroundTruth(
  model: TrafficModel,
  end: number = model.t0,
): GroundTruth {
  const endTime = Math.floor(end / MINUTE) * MINUTE;
  const sums = windowSums(model, endTime);
  const services: Record<string, ServiceTruth> = {};
  const withSeries = new Set(model.series.map(s => s.service));
  for (const spec of SERVICES) {
    if (!spec.service) continue;
    const windows = {} as Record<WindowName, WindowTruth>;
    for (const w of WINDOW_NAMES) {
      windows[w] = windowTruth(
        model,
        sums[w],
        spec,
        endTime - WINDOWS[w],
        endTime,
      );
    }
    services[spec.service] = {
      entity: spec.entity,
      entityRef: `component:default/${spec.entity}`,
      service: spec.service,
      callerId: spec.callerId,
      owner: spec.owner,
      traffic: spec.traffic,
      convention: conventionAnnotation(spec),
      hasSeries: withSeries.has(spec.service),
      windows,
    };
  }
  const iso = (t: number) => new Date(t * 1000).toISOString();
  return {
    generator: '@internal/demo-world',
    modelVersion: model.modelVersion,
    seed: model.seed,
    t0: endTime,
    t0Iso: iso(endTime),
    historyStart: model.start,
    windows: { ...WINDOWS },
    sloTargets: [...SLO_TARGETS],
    tolerance: defaultTolerance(endTime),
    services,
    notAnnotated: SERVICES.filter(s => !s.service).map(s => s.entity),
    events: EVENTS.map(e => {
      const fromOffset = e.kind === 'restart' ? e.at : e.from;
      const toOffset = e.kind === 'restart' ? e.at + e.downtimeSeconds : e.to;
      return {
        id: e.id,
        kind: e.kind,
        description: e.description,
        services:
          e.kind === 'integration-outage' ? [...e.services] : [e.service],
        from: model.t0 + fromOffset,
        to: model.t0 + toOffset,
        fromIso: iso(model.t0 + fromOffset),
        toIso: iso(model.t0 + toOffset),
        fromOffset,
        toOffset,
      };
    }),
  };
}
