/*
 * Ground truth: the answers the metrics suite should give, computed from the
 * model's exact minute counts (not from Prometheus, not from plugin code).
 */
import { MINUTE, TrafficModel } from './model';
import {
  EVENTS,
  LATENCY_BUCKETS,
  SERVICES,
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
  /** 5xx requests. */
  errors: number;
  errorRatio: number | null;
  /** histogram_quantile(0.95, …) over the window, as Prometheus computes it. */
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
  p95Seconds: number | null;
  /** All callers, most requests first. */
  callers: CallerTruth[];
  integrations: Record<string, IntegrationTruth>;
}

export interface ServiceTruth {
  entity: string;
  entityRef: string;
  service: string;
  callerId: string;
  owner: string;
  traffic: 'normal' | 'low' | 'none';
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

function windowTruth(
  model: TrafficModel,
  sums: Float64Array,
  service: string,
  start: number,
  end: number,
): WindowTruth {
  const callers = new Map<
    string,
    { requests: number; errors: number; buckets: number[] }
  >();
  const serviceBuckets = new Array(LATENCY_BUCKETS.length + 1).fill(0);
  const integrations = new Map<
    string,
    { successes: number; byLabel: Record<string, number> }
  >();
  let requests = 0;
  let bad = 0;
  for (const s of model.series) {
    if (s.service !== service) continue;
    const v = sums[s.index];
    if (s.kind === 'requests') {
      const c = s.labels.caller;
      const entry = callers.get(c) ?? {
        requests: 0,
        errors: 0,
        buckets: new Array(LATENCY_BUCKETS.length + 1).fill(0),
      };
      entry.requests += v;
      requests += v;
      if (s.labels.code.startsWith('5')) {
        entry.errors += v;
        bad += v;
      }
      callers.set(c, entry);
    } else if (s.kind === 'bucket') {
      const le = s.labels.le;
      const i =
        le === '+Inf'
          ? LATENCY_BUCKETS.length
          : LATENCY_BUCKETS.map(String).indexOf(le);
      const entry = callers.get(s.labels.caller);
      if (entry) entry.buckets[i] += v;
      serviceBuckets[i] += v;
    } else if (s.kind === 'integration') {
      const name = s.labels.integration;
      const entry = integrations.get(name) ?? { successes: 0, byLabel: {} };
      if (s.labels.outcome === 'success') entry.successes += v;
      else {
        const cls = s.labels.error_class ?? '';
        entry.byLabel[cls] = (entry.byLabel[cls] ?? 0) + v;
      }
      integrations.set(name, entry);
    }
  }
  const bounds = [...LATENCY_BUCKETS, Infinity];
  const errorRatio = ratio(bad, requests);
  const callerList: CallerTruth[] = [...callers.entries()]
    .map(([caller, e]) => ({
      caller,
      requests: e.requests,
      share: requests > 0 ? e.requests / requests : 0,
      errors: e.errors,
      errorRatio: ratio(e.errors, e.requests),
      p95Seconds: histogramQuantile(0.95, bounds, e.buckets),
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
  return {
    start,
    end,
    requests,
    good: requests - bad,
    bad,
    availability: ratio(requests - bad, requests),
    errorRatio,
    slo: sloFor(errorRatio),
    p95Seconds: histogramQuantile(0.95, bounds, serviceBuckets),
    callers: callerList,
    integrations: integ,
  };
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
        spec.service,
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
