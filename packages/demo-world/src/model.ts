/*
 * The traffic model: a pure function of (seed, T0, series, minute).
 *
 * Time is cut into minutes. Minute m covers the interval ((m-1)*60, m*60]
 * (Unix seconds); its counts are what a counter gains in that interval.
 * The cumulative value of a counter at time m*60 is the sum of its minute
 * counts since the start of the history (or since its last restart).
 */
import { createHash } from 'node:crypto';
import {
  draw as drawImport,
  hashKey,
  normalise,
  split as splitImport,
} from './random';
import {
  CallerSpec,
  Convention,
  conventionsOf,
  DayProfile,
  ERROR_CLASSES,
  ErrorClass,
  EVENTS,
  HOURLY,
  ISTIO_DURATION_BUCKETS_MS,
  LATENCY_BUCKETS,
  LATENCY_CDF_END_MS,
  LATENCY_PROFILES,
  LATENCY_REPRESENTATIVE_MS,
  LatencyProfile,
  LINKERD_LATENCY_BUCKETS_MS,
  OTEL_DURATION_BUCKETS,
  SERVICE_GRAPH_BUCKETS,
  SERVICES,
  ServiceSpec,
  WEEKLY,
  WorldEvent,
} from './world';

/**
 * Bump when the generated numbers change, so cached worlds are regenerated.
 * 2: the example services of the other conventions (OpenTelemetry, service
 * graph, Istio, Linkerd); the suite's own series are unchanged.
 */
export const MODEL_VERSION = 2;
export const DEFAULT_SEED = 42;

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;
/** History length: 28 days plus one hour of margin before the 28d window. */
export const HISTORY_SECONDS = 28 * DAY + HOUR;

/** Metric family (OpenMetrics name: counters without `_total`, histograms without `_bucket`…). */
export type Family =
  | 'http_server_requests'
  | 'http_server_request_duration_seconds'
  | 'integration_requests'
  | 'traces_service_graph_request'
  | 'traces_service_graph_request_failed'
  | 'traces_service_graph_request_server_seconds'
  | 'istio_requests'
  | 'istio_request_duration_milliseconds'
  | 'response'
  | 'response_latency_ms';

/**
 * `requests`: a request counter (of any convention; `failed` for the service
 * graph's failed-request counter); `bucket`/`count`/`sum`: histogram series;
 * `integration`: integration calls.
 */
export type SeriesKind =
  | 'requests'
  | 'failed'
  | 'bucket'
  | 'count'
  | 'sum'
  | 'integration';

/** Every family, in exposition order, with its type and help text. */
export const FAMILIES: Array<{
  family: Family;
  type: 'counter' | 'histogram';
  help: string;
}> = [
  {
    family: 'http_server_requests',
    type: 'counter',
    help: 'HTTP requests served, by caller and status code (demo world).',
  },
  {
    family: 'http_server_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP request duration in seconds (demo world): by service and caller (metrics-suite convention), or by service_name, method, route and status code (OpenTelemetry).',
  },
  {
    family: 'integration_requests',
    type: 'counter',
    help: 'Calls to third-party integrations, by outcome and error class (demo world).',
  },
  {
    family: 'traces_service_graph_request',
    type: 'counter',
    help: 'Total count of requests between two nodes (demo world, service graph).',
  },
  {
    family: 'traces_service_graph_request_failed',
    type: 'counter',
    help: 'Total count of failed requests between two nodes (demo world, service graph).',
  },
  {
    family: 'traces_service_graph_request_server_seconds',
    type: 'histogram',
    help: 'Time for a request between two nodes as seen from the server (demo world, service graph).',
  },
  {
    family: 'istio_requests',
    type: 'counter',
    help: 'Requests (demo world, Istio standard metrics).',
  },
  {
    family: 'istio_request_duration_milliseconds',
    type: 'histogram',
    help: 'Request duration in milliseconds (demo world, Istio standard metrics).',
  },
  {
    family: 'response',
    type: 'counter',
    help: 'Total count of HTTP responses (demo world, Linkerd proxy).',
  },
  {
    family: 'response_latency_ms',
    type: 'histogram',
    help: "Elapsed times between a request's headers being received and its response stream completing, in milliseconds (demo world, Linkerd proxy).",
  },
];

/** A convention histogram's bucket layout: upper bounds (no +Inf) in the histogram's unit. */
export interface BucketLayout {
  /** 1 (seconds) or 1000 (milliseconds): upper bound / divisor = seconds. */
  divisor: 1 | 1000;
  bounds: readonly number[];
}

/** Bucket layouts of the histogram families. */
export const BUCKET_LAYOUTS: Partial<Record<Family, BucketLayout>> = {
  http_server_request_duration_seconds: { divisor: 1, bounds: LATENCY_BUCKETS },
  traces_service_graph_request_server_seconds: {
    divisor: 1,
    bounds: SERVICE_GRAPH_BUCKETS,
  },
  istio_request_duration_milliseconds: {
    divisor: 1000,
    bounds: ISTIO_DURATION_BUCKETS_MS,
  },
  response_latency_ms: { divisor: 1000, bounds: LINKERD_LATENCY_BUCKETS_MS },
};

/** The OpenTelemetry layout (same family as the suite's own, other bounds). */
export const OTEL_LAYOUT: BucketLayout = {
  divisor: 1,
  bounds: OTEL_DURATION_BUCKETS,
};

export interface SeriesInfo {
  index: number;
  family: Family;
  kind: SeriesKind;
  /** Sample name as stored in Prometheus (e.g. http_server_requests_total). */
  name: string;
  /** Labels in exposition order. */
  labels: Record<string, string>;
  service: string;
  /** Sampling schedule of the history (see history.ts). */
  schedule: 'counter' | 'histogram';
  /**
   * Exported value = internal value × scale: 1 (counts), or for `_sum` 0.001
   * (the suite's own: integer milliseconds → seconds; the convention
   * histograms in milliseconds: integer microseconds → ms) or 1e-6
   * (convention histograms in seconds: integer microseconds → s).
   */
  scale: number;
  /** The convention the series belongs to. */
  convention: Convention;
}

/** The exposed value of a series from its internal value (`_sum`: ms → s). */
export function exportedValue(value: number, series: SeriesInfo): number {
  return series.scale === 1 ? value : value / Math.round(1 / series.scale);
}

/** An event with absolute times (Unix seconds). */
export type ResolvedEvent = WorldEvent & { fromTime?: number; toTime?: number };

interface PairModel {
  service: ServiceModel;
  caller: string;
  spec: CallerSpec;
  key: number;
  rps: number;
  profile: number;
  clientMultiplier: number;
  okIdx: number[];
  okW: number[];
  clientIdx: number[];
  clientW: number[];
  clientCodes: string[];
  serverIdx: number[];
  serverW: number[];
  serverCodes: string[];
  histStart: number;
  spikes: Array<{
    from: number;
    to: number;
    mult: number;
    p4: number;
    clientW: number[];
  }>;
}

interface ServiceModel {
  spec: ServiceSpec;
  name: string;
  latency: number[];
  /** Windows with a different server-error ratio / latency. */
  bursts: Array<{
    from: number;
    to: number;
    p5: number;
    serverW: number[] | null;
    latency: number[];
    /** Convention services: the burst's latency over the service's grid. */
    gridLatency?: number[];
  }>;
  downtimes: Array<{ from: number; to: number }>;
  seriesIdx: number[];
  /** Convention services: upper bounds (ms) of the latency grid (the union of the bounds of its histograms). */
  gridMs?: number[];
}

/** A histogram (one label set) fed by the latency grid. */
interface GridHistogram {
  /** Index of its first `_bucket` series; buckets are contiguous, then `_count`, `_sum`. */
  start: number;
  /** Per bucket (+Inf last): the number of grid intervals at or below its bound. */
  upTo: Int32Array;
  count: number;
  sum: number;
}

/** One status code of a convention pair: where its requests are counted. */
interface ConventionCell {
  code: string;
  /** Counter series that count these requests. */
  counters: number[];
  histograms: GridHistogram[];
  /** Shares of the latency grid intervals (+Inf last). */
  latency: number[];
  /** Salt of the latency split. */
  salt: number;
}

/** A (service, caller) pair of a service with another convention. */
interface ConventionPair extends PairModel {
  /** Cells in code order: ok codes, client codes, server codes (as okIdx/clientIdx/serverIdx). */
  cells: ConventionCell[];
  /** Representative latency (integer microseconds) of each grid interval. */
  repUs: number[];
}

interface IntegrationModel {
  service: ServiceModel;
  name: string;
  key: number;
  rps: number;
  profile: number;
  failureRatio: number;
  successIdx: number;
  classes: ErrorClass[];
  classIdx: number[];
  classW: number[];
  outages: Array<{ from: number; to: number; ratio: number; classW: number[] }>;
}

// Local binding: global lookups are slow inside vm contexts such as Jest's.
const floor = Math.floor;
const max = Math.max;
// Direct references (transpiled imports are property reads on every call).
const draw = drawImport;
const split = splitImport;

const PROFILES: DayProfile[] = ['consumer', 'business', 'flat'];

/** Milliseconds of a bound in seconds, rounded to the microsecond (0.075 → 75). */
function toMs(bound: number, divisor: number): number {
  return divisor === 1000 ? bound : Math.round(bound * 1e6) / 1e3;
}

/**
 * A latency profile as a CDF over milliseconds: LATENCY_PROFILES' cumulative
 * shares at the LATENCY_BUCKETS bounds, linear in between, 1 at
 * LATENCY_CDF_END_MS (only + - * / on table values).
 */
export function latencyCdf(profile: LatencyProfile, ms: number): number {
  const shares = normalise(LATENCY_PROFILES[profile]);
  const knots = [
    0,
    ...LATENCY_BUCKETS.map(b => toMs(b, 1)),
    LATENCY_CDF_END_MS,
  ];
  const cum = [0];
  for (let i = 0; i < shares.length - 1; i++) cum.push(cum[i] + shares[i]);
  cum.push(1);
  if (ms <= 0) return 0;
  if (ms >= LATENCY_CDF_END_MS) return 1;
  let k = 1;
  while (knots[k] < ms) k++;
  return (
    cum[k - 1] +
    ((cum[k] - cum[k - 1]) * (ms - knots[k - 1])) / (knots[k] - knots[k - 1])
  );
}

/** Shares of the grid intervals (0, g0], (g0, g1], …, (g_last, +Inf) under a profile. */
function gridWeights(
  profile: LatencyProfile,
  gridMs: readonly number[],
): number[] {
  const w: number[] = [];
  let previous = 0;
  for (const g of gridMs) {
    const c = latencyCdf(profile, g);
    w.push(c - previous);
    previous = c;
  }
  w.push(1 - previous);
  return normalise(w);
}

function profileIndex(p: DayProfile): number {
  return PROFILES.indexOf(p);
}

/** Relative traffic at Unix time t (seconds) for a day profile. */
export function seasonality(profile: DayProfile, t: number): number {
  const hourly = HOURLY[profile];
  const weekly = WEEKLY[profile];
  const sod = ((t % DAY) + DAY) % DAY;
  const h = floor(sod / HOUR);
  const f = (sod - h * HOUR) / HOUR;
  const a = hourly[h];
  const b = hourly[(h + 1) % 24];
  const weekday = (((floor(t / DAY) + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return (a + (b - a) * f) * weekly[weekday];
}

function codeWeights(codes: Record<string, number>, all: string[]): number[] {
  return normalise(all.map(c => codes[c] ?? 0));
}

/** The status codes of a (service, caller) pair, including those of the scripted events. */
function pairCodes(
  spec: ServiceSpec,
  caller: string,
): { okCodes: string[]; clientCodes: string[]; serverCodes: string[] } {
  const spikeCodes = EVENTS.flatMap(e =>
    e.kind === 'caller-spike' &&
    e.service === spec.service &&
    e.caller === caller
      ? Object.keys(e.clientCodes)
      : [],
  );
  const okCodes = Object.keys(spec.okCodes).sort();
  const clientCodes = [
    ...new Set([...Object.keys(spec.clientCodes), ...spikeCodes]),
  ].sort();
  const burstCodes = EVENTS.flatMap(e =>
    e.kind === 'error-burst' && e.service === spec.service
      ? Object.keys(e.serverCodes)
      : [],
  );
  const serverCodes = [
    ...new Set([...Object.keys(spec.serverCodes), ...burstCodes]),
  ].sort();
  return { okCodes, clientCodes, serverCodes };
}

/**
 * The traffic parameters of a (service, caller) pair; `slot` maps a code to
 * where its count goes (a series index for the suite's own services, a cell
 * index for the other conventions).
 */
function pairModel(
  seed: number,
  svc: ServiceModel,
  c: CallerSpec,
  codes: { okCodes: string[]; clientCodes: string[]; serverCodes: string[] },
  slot: (code: string) => number,
): PairModel {
  const spec = svc.spec;
  const { okCodes, clientCodes, serverCodes } = codes;
  return {
    service: svc,
    caller: c.caller,
    spec: c,
    key: hashKey(seed, `req|${svc.name}|${c.caller}`),
    rps: spec.rps * c.weight,
    profile: profileIndex(c.profile ?? spec.profile),
    clientMultiplier: c.clientErrorMultiplier ?? 1,
    okIdx: okCodes.map(slot),
    okW: codeWeights(spec.okCodes, okCodes),
    clientIdx: clientCodes.map(slot),
    clientW: codeWeights(spec.clientCodes, clientCodes),
    clientCodes,
    serverIdx: serverCodes.map(slot),
    serverW: codeWeights(spec.serverCodes, serverCodes),
    serverCodes,
    histStart: -1,
    spikes: [],
  };
}

export interface ModelOptions {
  /** End of the generated history (Unix seconds); rounded down to the minute. */
  t0: number;
  seed?: number;
}

/**
 * The traffic model for one (seed, T0). Scripted events are placed relative
 * to T0; counts are a pure function of (seed, T0, series, minute).
 */
export class TrafficModel {
  readonly modelVersion = MODEL_VERSION;
  readonly seed: number;
  /** End of the history (Unix seconds, multiple of 60). */
  readonly t0: number;
  /** Start of the history: every series is 0 at this time. */
  readonly start: number;
  readonly series: SeriesInfo[] = [];
  readonly events: ResolvedEvent[];
  readonly counterSeries: number[] = [];
  readonly histogramSeries: number[] = [];

  private readonly pairs: PairModel[] = [];
  private readonly conventionPairs: ConventionPair[] = [];
  /** Index of the first series of the convention services (they are accumulated, see minuteCounts). */
  private firstConventionSeries = 0;
  private readonly integrations: IntegrationModel[] = [];
  private readonly services = new Map<string, ServiceModel>();
  private readonly resets = new Map<number, number[]>();
  private readonly buf: number[] = [];
  private readonly bucketBuf: number[] = [];
  private readonly codeBuf: number[] = [];
  private readonly cumBuf: number[] = [];
  /** The traffic of one pair in one minute (see traffic()). */
  private readonly t = {
    n: 0,
    n4: 0,
    n5: 0,
    clientW: [] as number[],
    serverW: [] as number[],
    latency: [] as number[],
    burst: -1,
  };

  constructor(options: ModelOptions) {
    this.seed = options.seed ?? DEFAULT_SEED;
    this.t0 = Math.floor(options.t0 / MINUTE) * MINUTE;
    this.start = this.t0 - HISTORY_SECONDS;
    this.events = EVENTS.map(e =>
      e.kind === 'restart'
        ? { ...e, fromTime: this.t0 + e.at, toTime: this.t0 + e.at }
        : { ...e, fromTime: this.t0 + e.from, toTime: this.t0 + e.to },
    );
    this.build();
  }

  /** Number of series. */
  get size(): number {
    return this.series.length;
  }

  /** Services that have series (annotated, with traffic). */
  get servicesWithTraffic(): string[] {
    return [...this.services.keys()];
  }

  private add(
    info: Omit<SeriesInfo, 'index' | 'convention'> & {
      convention?: Convention;
    },
  ): number {
    const index = this.series.length;
    this.series.push({
      ...info,
      convention: info.convention ?? 'metrics-suite',
      index,
    });
    (info.schedule === 'counter'
      ? this.counterSeries
      : this.histogramSeries
    ).push(index);
    this.services.get(info.service)?.seriesIdx.push(index);
    return index;
  }

  private build() {
    const seed = this.seed;
    for (const spec of SERVICES) {
      if (!spec.service || spec.traffic === 'none') continue;
      const svc: ServiceModel = {
        spec,
        name: spec.service,
        latency: normalise(LATENCY_PROFILES[spec.latency]),
        bursts: [],
        downtimes: [],
        seriesIdx: [],
      };
      this.services.set(spec.service, svc);
    }

    // Requests: one series per (service, caller, code).
    const pairSpecs: Array<{
      svc: ServiceModel;
      c: ServiceSpec['callers'][0];
    }> = [];
    for (const svc of this.services.values()) {
      if (!conventionsOf(svc.spec).includes('metrics-suite')) continue;
      const weights = normalise(svc.spec.callers.map(c => c.weight));
      svc.spec.callers.forEach((c, i) => {
        pairSpecs.push({ svc, c: { ...c, weight: weights[i] } });
      });
    }
    for (const { svc, c } of pairSpecs) {
      const spec = svc.spec;
      const { okCodes, clientCodes, serverCodes } = pairCodes(spec, c.caller);
      const idxOf = (code: string) =>
        this.add({
          family: 'http_server_requests',
          kind: 'requests',
          name: 'http_server_requests_total',
          labels: { service: svc.name, caller: c.caller, code },
          service: svc.name,
          schedule: 'counter',
          scale: 1,
        });
      const allCodes = [...okCodes, ...clientCodes, ...serverCodes].sort();
      const idx = new Map<string, number>();
      for (const code of allCodes) idx.set(code, idxOf(code));
      this.pairs.push(
        pairModel(
          seed,
          svc,
          c,
          { okCodes, clientCodes, serverCodes },
          k => idx.get(k)!,
        ),
      );
    }

    // Latency histograms: buckets (le ascending, +Inf last), _count, _sum.
    const les = [...LATENCY_BUCKETS.map(b => String(b)), '+Inf'];
    for (const pair of this.pairs) {
      const base = { service: pair.service.name, caller: pair.caller };
      les.forEach((le, i) => {
        const index = this.add({
          family: 'http_server_request_duration_seconds',
          kind: 'bucket',
          name: 'http_server_request_duration_seconds_bucket',
          labels: { ...base, le },
          service: pair.service.name,
          schedule: 'histogram',
          scale: 1,
        });
        if (i === 0) pair.histStart = index;
      });
      this.add({
        family: 'http_server_request_duration_seconds',
        kind: 'count',
        name: 'http_server_request_duration_seconds_count',
        labels: base,
        service: pair.service.name,
        schedule: 'histogram',
        scale: 1,
      });
      this.add({
        family: 'http_server_request_duration_seconds',
        kind: 'sum',
        name: 'http_server_request_duration_seconds_sum',
        labels: base,
        service: pair.service.name,
        schedule: 'histogram',
        scale: 0.001,
      });
    }

    // Integrations: success + one series per error class ('' = no class label).
    for (const svc of this.services.values()) {
      for (const integ of svc.spec.integrations) {
        const outageEvents = EVENTS.filter(
          e =>
            e.kind === 'integration-outage' &&
            e.integration === integ.name &&
            e.services.includes(svc.name),
        );
        const classSet = new Set<ErrorClass>(
          Object.keys(integ.classes) as ErrorClass[],
        );
        for (const e of outageEvents) {
          if (e.kind === 'integration-outage') {
            for (const k of Object.keys(e.classes))
              classSet.add(k as ErrorClass);
          }
        }
        const classes = ERROR_CLASSES.filter(k => classSet.has(k));
        const base = { service: svc.name, integration: integ.name };
        const successIdx = this.add({
          family: 'integration_requests',
          kind: 'integration',
          name: 'integration_requests_total',
          labels: { ...base, outcome: 'success' },
          service: svc.name,
          schedule: 'counter',
          scale: 1,
        });
        const classIdx = classes.map(k =>
          this.add({
            family: 'integration_requests',
            kind: 'integration',
            name: 'integration_requests_total',
            labels:
              k === ''
                ? { ...base, outcome: 'failure' }
                : { ...base, outcome: 'failure', error_class: k },
            service: svc.name,
            schedule: 'counter',
            scale: 1,
          }),
        );
        const weightsOf = (w: Partial<Record<ErrorClass, number>>) =>
          normalise(classes.map(k => w[k] ?? 0));
        this.integrations.push({
          service: svc,
          name: integ.name,
          key: hashKey(seed, `int|${svc.name}|${integ.name}`),
          rps: integ.rps,
          profile: profileIndex(integ.profile),
          failureRatio: integ.failureRatio,
          successIdx,
          classes,
          classIdx,
          classW: weightsOf(integ.classes),
          outages: outageEvents.map(e => {
            const ev = e as Extract<WorldEvent, { kind: 'integration-outage' }>;
            return {
              from: this.t0 + ev.from,
              to: this.t0 + ev.to,
              ratio: ev.failureRatio,
              classW: weightsOf(ev.classes),
            };
          }),
        });
      }
    }

    // The other conventions: the same per-(service, caller, code) traffic,
    // counted in each convention's series. Series without a caller label
    // (OpenTelemetry, Linkerd inbound) add up their callers, so these
    // series come last and minuteCounts accumulates them.
    this.firstConventionSeries = this.series.length;
    for (const svc of this.services.values()) {
      const conventions = conventionsOf(svc.spec);
      if (!conventions.includes('metrics-suite')) {
        this.buildConventionService(svc, conventions);
      }
    }
    const allPairs: PairModel[] = [...this.pairs, ...this.conventionPairs];

    // Events that modify services and callers.
    for (const e of EVENTS) {
      if (e.kind === 'integration-outage') {
        for (const name of e.services) {
          this.services.get(name)?.bursts.push({
            from: this.t0 + e.from,
            to: this.t0 + e.to,
            p5: e.serverErrorRatio,
            serverW: null,
            latency: normalise(LATENCY_PROFILES[e.latency]),
            gridLatency: this.gridLatency(name, e.latency),
          });
        }
      } else if (e.kind === 'error-burst') {
        const svc = this.services.get(e.service);
        if (!svc) continue;
        svc.bursts.push({
          from: this.t0 + e.from,
          to: this.t0 + e.to,
          p5: e.serverErrorRatio,
          serverW: null,
          latency: normalise(LATENCY_PROFILES[e.latency]),
          gridLatency: this.gridLatency(e.service, e.latency),
        });
      } else if (e.kind === 'caller-spike') {
        for (const pair of allPairs) {
          if (pair.service.name === e.service && pair.caller === e.caller) {
            pair.spikes.push({
              from: this.t0 + e.from,
              to: this.t0 + e.to,
              mult: e.rateMultiplier,
              p4: e.clientErrorRatio,
              clientW: normalise(
                pair.clientCodes.map(c => e.clientCodes[c] ?? 0),
              ),
            });
          }
        }
      } else if (e.kind === 'restart') {
        const svc = this.services.get(e.service);
        if (!svc) continue;
        const at = this.t0 + e.at;
        svc.downtimes.push({ from: at, to: at + e.downtimeSeconds });
        const minute = Math.floor(at / MINUTE);
        this.resets.set(minute, [
          ...(this.resets.get(minute) ?? []),
          ...svc.seriesIdx,
        ]);
      }
    }
    // Burst-specific server-code weights (per pair, as pairs know their codes).
    for (const e of EVENTS) {
      if (e.kind !== 'error-burst') continue;
      const svc = this.services.get(e.service);
      const burst = svc?.bursts.find(b => b.from === this.t0 + e.from);
      if (!svc || !burst) continue;
      const codes = allPairs.find(p => p.service === svc)?.serverCodes ?? [];
      burst.serverW = normalise(codes.map(c => e.serverCodes[c] ?? 0));
    }
  }

  /** A convention service's latency grid weights for a profile (undefined for the suite's own services). */
  private gridLatency(
    service: string,
    profile: LatencyProfile,
  ): number[] | undefined {
    const grid = this.services.get(service)?.gridMs;
    return grid ? gridWeights(profile, grid) : undefined;
  }

  /**
   * The series of a service of other conventions, and its pairs. Every
   * histogram of the service is fed by one latency grid (the union of the
   * bounds of its histograms, in ms), so its histograms agree with each other.
   */
  private buildConventionService(svc: ServiceModel, conventions: Convention[]) {
    const spec = svc.spec;
    const name = svc.name;
    const ns = spec.namespace ?? 'default';
    const has = (c: Convention) => conventions.includes(c);
    const layouts: BucketLayout[] = [];
    if (has('opentelemetry')) layouts.push(OTEL_LAYOUT);
    if (has('service-graph'))
      layouts.push(BUCKET_LAYOUTS.traces_service_graph_request_server_seconds!);
    if (has('istio'))
      layouts.push(BUCKET_LAYOUTS.istio_request_duration_milliseconds!);
    if (has('linkerd')) layouts.push(BUCKET_LAYOUTS.response_latency_ms!);
    const gridMs = [
      ...new Set(layouts.flatMap(l => l.bounds.map(b => toMs(b, l.divisor)))),
    ].sort((a, b) => a - b);
    svc.gridMs = gridMs;
    const last = gridMs[gridMs.length - 1];
    const repUs = gridMs.map((g, j) =>
      Math.round(((j === 0 ? 0 : gridMs[j - 1]) + g) * 500),
    );
    repUs.push(
      Math.round(
        (last < LATENCY_CDF_END_MS ? last + LATENCY_CDF_END_MS : 2 * last) *
          500,
      ),
    );
    const weightsOf = new Map<LatencyProfile, number[]>();
    const latencyOf = (profile: LatencyProfile) => {
      let w = weightsOf.get(profile);
      if (!w) {
        w = gridWeights(profile, gridMs);
        weightsOf.set(profile, w);
      }
      return w;
    };

    const histogram = (
      family: Family,
      convention: Convention,
      labels: Record<string, string>,
      layout: BucketLayout,
    ): GridHistogram => {
      let start = -1;
      const les = [...layout.bounds.map(b => String(b)), '+Inf'];
      les.forEach((le, i) => {
        const index = this.add({
          family,
          kind: 'bucket',
          name: `${family}_bucket`,
          labels: { ...labels, le },
          service: name,
          schedule: 'histogram',
          scale: 1,
          convention,
        });
        if (i === 0) start = index;
      });
      const common = {
        family,
        labels,
        service: name,
        schedule: 'histogram' as const,
        convention,
      };
      const count = this.add({
        ...common,
        kind: 'count',
        name: `${family}_count`,
        scale: 1,
      });
      const sum = this.add({
        ...common,
        kind: 'sum',
        name: `${family}_sum`,
        // Internal: integer microseconds.
        scale: layout.divisor === 1 ? 1e-6 : 1e-3,
      });
      const upTo = Int32Array.from([
        ...layout.bounds.map(b => gridMs.indexOf(toMs(b, layout.divisor)) + 1),
        gridMs.length + 1,
      ]);
      return { start, upTo, count, sum };
    };
    const counter = (
      family: Family,
      kind: SeriesKind,
      convention: Convention,
      labels: Record<string, string>,
    ) =>
      this.add({
        family,
        kind,
        name: `${family}_total`,
        labels,
        service: name,
        schedule: 'counter',
        scale: 1,
        convention,
      });

    const callerWeights = normalise(spec.callers.map(c => c.weight));
    const callers = spec.callers.map((c, i) => ({
      c: { ...c, weight: callerWeights[i] },
      codes: pairCodes(spec, c.caller),
    }));
    const allCodes = [
      ...new Set(
        callers.flatMap(({ codes }) => [
          ...codes.okCodes,
          ...codes.clientCodes,
          ...codes.serverCodes,
        ]),
      ),
    ].sort();
    const classification = (code: string) =>
      code.startsWith('5') ? 'failure' : 'success';

    // Series without a caller: one per code.
    const otel = new Map<string, GridHistogram>();
    const inbound = new Map<string, { counter: number; hist: GridHistogram }>();
    for (const code of allCodes) {
      if (has('opentelemetry')) {
        otel.set(
          code,
          histogram(
            'http_server_request_duration_seconds',
            'opentelemetry',
            {
              service_name: name,
              http_request_method: spec.route?.method ?? 'GET',
              http_route: spec.route?.route ?? '/',
              http_response_status_code: code,
            },
            OTEL_LAYOUT,
          ),
        );
      }
      if (has('linkerd')) {
        const base = { direction: 'inbound', deployment: name, namespace: ns };
        inbound.set(code, {
          counter: counter('response', 'requests', 'linkerd', {
            ...base,
            classification: classification(code),
            status_code: code,
            tls: 'true',
          }),
          hist: histogram(
            'response_latency_ms',
            'linkerd',
            { ...base, status_code: code, tls: 'true' },
            BUCKET_LAYOUTS.response_latency_ms!,
          ),
        });
      }
    }

    // Per caller.
    for (const { c, codes } of callers) {
      const order = [
        ...codes.okCodes,
        ...codes.clientCodes,
        ...codes.serverCodes,
      ];
      let graph:
        | { requests: number; failed: number; hist: GridHistogram }
        | undefined;
      if (has('service-graph')) {
        const labels = { client: c.caller, server: name };
        graph = {
          requests: counter(
            'traces_service_graph_request',
            'requests',
            'service-graph',
            labels,
          ),
          failed: counter(
            'traces_service_graph_request_failed',
            'failed',
            'service-graph',
            labels,
          ),
          hist: histogram(
            'traces_service_graph_request_server_seconds',
            'service-graph',
            labels,
            BUCKET_LAYOUTS.traces_service_graph_request_server_seconds!,
          ),
        };
      }
      const cells: ConventionCell[] = order.map((code, i) => {
        const counters: number[] = [];
        const histograms: GridHistogram[] = [];
        const o = otel.get(code);
        if (o) histograms.push(o);
        if (graph) {
          counters.push(graph.requests);
          if (code.startsWith('5')) counters.push(graph.failed);
          histograms.push(graph.hist);
        }
        if (has('istio')) {
          const meshed = c.sidecar !== false;
          // The client's proxy does not know the mTLS policy; plain text from a workload without sidecar.
          const policy = (reporter: 'destination' | 'source') => {
            if (reporter === 'source') return 'unknown';
            return meshed ? 'mutual_tls' : 'none';
          };
          const labels = (reporter: 'destination' | 'source') => ({
            reporter,
            source_workload: meshed ? c.caller : 'unknown',
            source_canonical_service: meshed ? c.caller : 'unknown',
            source_workload_namespace: meshed ? ns : 'unknown',
            destination_workload: name,
            destination_canonical_service: name,
            destination_service_name: name,
            destination_workload_namespace: ns,
            request_protocol: 'http',
            response_code: code,
            response_flags: '-',
            connection_security_policy: policy(reporter),
          });
          counters.push(
            counter(
              'istio_requests',
              'requests',
              'istio',
              labels('destination'),
            ),
          );
          // Only a sidecar reports the client side.
          if (meshed) {
            counters.push(
              counter('istio_requests', 'requests', 'istio', labels('source')),
            );
          }
          histograms.push(
            histogram(
              'istio_request_duration_milliseconds',
              'istio',
              labels('destination'),
              BUCKET_LAYOUTS.istio_request_duration_milliseconds!,
            ),
          );
        }
        if (has('linkerd')) {
          const inb = inbound.get(code)!;
          counters.push(inb.counter);
          histograms.push(inb.hist);
          const base = {
            direction: 'outbound',
            deployment: c.caller,
            namespace: ns,
            dst_deployment: name,
            dst_namespace: ns,
          };
          counters.push(
            counter('response', 'requests', 'linkerd', {
              ...base,
              classification: classification(code),
              status_code: code,
              tls: 'true',
            }),
          );
          histograms.push(
            histogram(
              'response_latency_ms',
              'linkerd',
              { ...base, status_code: code, tls: 'true' },
              BUCKET_LAYOUTS.response_latency_ms!,
            ),
          );
        }
        const profile = code.startsWith('5')
          ? spec.serverErrorLatency ?? spec.latency
          : c.latency ?? spec.latency;
        return {
          code,
          counters,
          histograms,
          latency: latencyOf(profile),
          salt: 100 + 64 * i,
        };
      });
      const cellOf = new Map(order.map((code, i) => [code, i]));
      this.conventionPairs.push({
        ...pairModel(this.seed, svc, c, codes, k => cellOf.get(k)!),
        cells,
        repUs,
      });
    }
  }

  /**
   * Series whose cumulative value restarts from 0 right after minute `minute`
   * (i.e. after the sample at minute*60), or undefined.
   */
  resetsAfter(minute: number): number[] | undefined {
    return this.resets.get(minute);
  }

  /** Minutes after which counters reset (ascending). */
  get resetMinutes(): number[] {
    return [...this.resets.keys()].sort((a, b) => a - b);
  }

  /**
   * The traffic of one pair in one minute into this.t: requests, 4xx and 5xx
   * counts, the code weights and latency in force (scripted events applied).
   */
  private traffic(
    pair: PairModel,
    minute: number,
    s: number,
    seasons: number[],
  ): void {
    const svc = pair.service;
    let down = false;
    for (const d of svc.downtimes) if (s >= d.from && s < d.to) down = true;

    let rate = pair.rps * seasons[pair.profile];
    rate *= 0.92 + 0.16 * draw(pair.key, minute, 1);
    let p4 = svc.spec.clientErrorRatio * pair.clientMultiplier;
    let clientW = pair.clientW;
    for (const sp of pair.spikes) {
      if (s >= sp.from && s < sp.to) {
        // A multiple of the caller's mean rate, whatever the time of day.
        rate = pair.rps * sp.mult * (0.92 + 0.16 * draw(pair.key, minute, 1));
        p4 = sp.p4;
        clientW = sp.clientW;
      }
    }
    let p5 = svc.spec.serverErrorRatio;
    let serverW = pair.serverW;
    let latency = svc.latency;
    let burst = -1;
    for (let i = 0; i < svc.bursts.length; i++) {
      const b = svc.bursts[i];
      if (s >= b.from && s < b.to) {
        p5 = max(p5, b.p5);
        if (b.serverW) serverW = b.serverW;
        latency = b.latency;
        burst = i;
      }
    }
    const n = down ? 0 : floor(rate * MINUTE + draw(pair.key, minute, 2));
    let n5 = 0;
    let n4 = 0;
    if (n > 0) {
      n5 = floor(
        n * p5 * (0.5 + draw(pair.key, minute, 3)) + draw(pair.key, minute, 4),
      );
      if (n5 > n) n5 = n;
      if (pair.clientIdx.length > 0) {
        n4 = floor(
          n * p4 * (0.7 + 0.6 * draw(pair.key, minute, 5)) +
            draw(pair.key, minute, 6),
        );
        if (n4 > n - n5) n4 = n - n5;
      }
    }
    const t = this.t;
    t.n = n;
    t.n4 = n4;
    t.n5 = n5;
    t.clientW = clientW;
    t.serverW = serverW;
    t.latency = latency;
    t.burst = burst;
  }

  /**
   * Writes the counts of minute `minute` (interval ((minute-1)*60, minute*60])
   * into `out` (one entry per series; `_sum` in milliseconds).
   */
  minuteCounts(minute: number, out: Float64Array): void {
    const s = (minute - 1) * MINUTE; // start of the minute
    const seasons = [
      seasonality('consumer', s),
      seasonality('business', s),
      seasonality('flat', s),
    ];
    const buf = this.buf;
    const bucketBuf = this.bucketBuf;

    const t = this.t;
    for (const pair of this.pairs) {
      this.traffic(pair, minute, s, seasons);
      const { n, n4, n5, clientW, serverW, latency } = t;
      const ok = n - n5 - n4;
      split(ok, pair.okW, pair.key, minute, 10, buf);
      for (let i = 0; i < pair.okIdx.length; i++) out[pair.okIdx[i]] = buf[i];
      split(n4, clientW, pair.key, minute, 20, buf);
      for (let i = 0; i < pair.clientIdx.length; i++) {
        out[pair.clientIdx[i]] = buf[i];
      }
      split(n5, serverW, pair.key, minute, 30, buf);
      for (let i = 0; i < pair.serverIdx.length; i++) {
        out[pair.serverIdx[i]] = buf[i];
      }

      split(n, latency, pair.key, minute, 40, bucketBuf);
      let cumulative = 0;
      let sumMs = 0;
      const h = pair.histStart;
      for (let i = 0; i < latency.length; i++) {
        cumulative += bucketBuf[i];
        sumMs += bucketBuf[i] * LATENCY_REPRESENTATIVE_MS[i];
        out[h + i] = cumulative;
      }
      out[h + latency.length] = n; // _count
      out[h + latency.length + 1] = sumMs; // _sum (ms)
    }

    // The other conventions: their series add up contributions (see build).
    const first = this.firstConventionSeries;
    if (first < out.length) out.fill(0, first);
    const codeBuf = this.codeBuf;
    const cum = this.cumBuf;
    for (const pair of this.conventionPairs) {
      this.traffic(pair, minute, s, seasons);
      const { n, n4, n5, clientW, serverW } = t;
      split(n - n5 - n4, pair.okW, pair.key, minute, 10, buf);
      for (let i = 0; i < pair.okIdx.length; i++)
        codeBuf[pair.okIdx[i]] = buf[i];
      split(n4, clientW, pair.key, minute, 20, buf);
      for (let i = 0; i < pair.clientIdx.length; i++) {
        codeBuf[pair.clientIdx[i]] = buf[i];
      }
      split(n5, serverW, pair.key, minute, 30, buf);
      for (let i = 0; i < pair.serverIdx.length; i++) {
        codeBuf[pair.serverIdx[i]] = buf[i];
      }
      const burstLatency =
        t.burst >= 0 ? pair.service.bursts[t.burst].gridLatency : undefined;
      const repUs = pair.repUs;
      for (let c = 0; c < pair.cells.length; c++) {
        const count = codeBuf[c];
        if (count === 0) continue;
        const cell = pair.cells[c];
        const weights = burstLatency ?? cell.latency;
        split(count, weights, pair.key, minute, cell.salt, bucketBuf);
        let sumUs = 0;
        cum[0] = 0;
        for (let j = 0; j < weights.length; j++) {
          cum[j + 1] = cum[j] + bucketBuf[j];
          sumUs += bucketBuf[j] * repUs[j];
        }
        for (const h of cell.histograms) {
          const upTo = h.upTo;
          for (let b = 0; b < upTo.length; b++)
            out[h.start + b] += cum[upTo[b]];
          out[h.count] += count;
          out[h.sum] += sumUs;
        }
        for (const i of cell.counters) out[i] += count;
      }
    }

    for (const integ of this.integrations) {
      let down = false;
      for (const d of integ.service.downtimes) {
        if (s >= d.from && s < d.to) down = true;
      }
      const rate =
        integ.rps *
        seasons[integ.profile] *
        (0.9 + 0.2 * draw(integ.key, minute, 1));
      const calls = down
        ? 0
        : floor(rate * MINUTE + draw(integ.key, minute, 2));
      let ratio = integ.failureRatio * (0.5 + draw(integ.key, minute, 3));
      let classW = integ.classW;
      for (const o of integ.outages) {
        if (s >= o.from && s < o.to) {
          ratio = o.ratio;
          classW = o.classW;
        }
      }
      let failures = floor(calls * ratio + draw(integ.key, minute, 4));
      if (failures > calls) failures = calls;
      out[integ.successIdx] = calls - failures;
      split(failures, classW, integ.key, minute, 10, buf);
      for (let i = 0; i < integ.classIdx.length; i++) {
        out[integ.classIdx[i]] = buf[i];
      }
    }
  }
}

/**
 * A fingerprint of the model's numbers: a hash of its series and of the
 * counts of a few minutes (around T0 and inside every scripted event). Any
 * change to the world or the model changes it, so a stored world is never
 * reused with different code.
 */
export function modelFingerprint(model: TrafficModel): string {
  const hash = createHash('sha256');
  hash.update(`${model.modelVersion}|${model.seed}|${model.t0}|`);
  for (const s of model.series)
    hash.update(`${s.name}${JSON.stringify(s.labels)}\n`);
  const counts = new Float64Array(model.size);
  const minutes = [model.t0, model.t0 - DAY, model.start + MINUTE];
  for (const e of model.events) minutes.push((e.fromTime ?? model.t0) + MINUTE);
  for (const t of minutes) {
    model.minuteCounts(Math.floor(t / MINUTE), counts);
    hash.update(Buffer.from(counts.buffer));
  }
  return hash.digest('hex').slice(0, 16);
}

/** Creates the traffic model for (seed, T0). */
export function createModel(options: ModelOptions): TrafficModel {
  return new TrafficModel(options);
}

/** T0 for "now": the current time rounded down to the minute. */
export function currentT0(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000 / MINUTE) * MINUTE;
}

/**
 * Tracks cumulative counter values minute by minute, applying restarts.
 * `value[i]` is the cumulative value of series i at time `minute * 60`.
 */
export class CumulativeTracker {
  readonly values: Float64Array;
  readonly counts: Float64Array;
  minute: number;

  constructor(readonly model: TrafficModel) {
    this.values = new Float64Array(model.size);
    this.counts = new Float64Array(model.size);
    this.minute = Math.floor(model.start / MINUTE);
  }

  /** Advances to `minute`; calls `onMinute` after each minute is added. */
  advanceTo(minute: number, onMinute?: (minute: number) => void): void {
    const { values, counts, model } = this;
    for (let m = this.minute + 1; m <= minute; m++) {
      model.minuteCounts(m, counts);
      for (let i = 0; i < values.length; i++) values[i] += counts[i];
      onMinute?.(m);
      const resets = model.resetsAfter(m);
      if (resets) for (const i of resets) values[i] = 0;
    }
    if (minute > this.minute) this.minute = minute;
  }
}
