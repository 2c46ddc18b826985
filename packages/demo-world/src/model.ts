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
  DayProfile,
  ERROR_CLASSES,
  ErrorClass,
  EVENTS,
  HOURLY,
  LATENCY_BUCKETS,
  LATENCY_PROFILES,
  LATENCY_REPRESENTATIVE_MS,
  SERVICES,
  ServiceSpec,
  WEEKLY,
  WorldEvent,
} from './world';

/** Bump when the generated numbers change, so cached worlds are regenerated. */
export const MODEL_VERSION = 1;
export const DEFAULT_SEED = 42;

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;
/** History length: 28 days plus one hour of margin before the 28d window. */
export const HISTORY_SECONDS = 28 * DAY + HOUR;

export type Family =
  | 'http_server_requests'
  | 'http_server_request_duration_seconds'
  | 'integration_requests';

export type SeriesKind =
  | 'requests'
  | 'bucket'
  | 'count'
  | 'sum'
  | 'integration';

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
  /** Internal unit: 1 (counts), or 0.001 for `_sum` (kept in integer milliseconds; see exportedValue). */
  scale: number;
}

/** The exposed value of a series from its internal value (`_sum`: ms → s). */
export function exportedValue(value: number, series: SeriesInfo): number {
  return series.scale === 1 ? value : value / 1000;
}

/** An event with absolute times (Unix seconds). */
export type ResolvedEvent = WorldEvent & { fromTime?: number; toTime?: number };

interface PairModel {
  service: ServiceModel;
  caller: string;
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
  }>;
  downtimes: Array<{ from: number; to: number }>;
  seriesIdx: number[];
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
  private readonly integrations: IntegrationModel[] = [];
  private readonly services = new Map<string, ServiceModel>();
  private readonly resets = new Map<number, number[]>();
  private readonly buf: number[] = [];
  private readonly bucketBuf: number[] = [];

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

  private add(info: Omit<SeriesInfo, 'index'>): number {
    const index = this.series.length;
    this.series.push({ ...info, index });
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
      const weights = normalise(svc.spec.callers.map(c => c.weight));
      svc.spec.callers.forEach((c, i) => {
        pairSpecs.push({ svc, c: { ...c, weight: weights[i] } });
      });
    }
    for (const { svc, c } of pairSpecs) {
      const spec = svc.spec;
      const spikeCodes = EVENTS.flatMap(e =>
        e.kind === 'caller-spike' &&
        e.service === spec.service &&
        e.caller === c.caller
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
      this.pairs.push({
        service: svc,
        caller: c.caller,
        key: hashKey(seed, `req|${svc.name}|${c.caller}`),
        rps: spec.rps * c.weight,
        profile: profileIndex(c.profile ?? spec.profile),
        clientMultiplier: c.clientErrorMultiplier ?? 1,
        okIdx: okCodes.map(k => idx.get(k)!),
        okW: codeWeights(spec.okCodes, okCodes),
        clientIdx: clientCodes.map(k => idx.get(k)!),
        clientW: codeWeights(spec.clientCodes, clientCodes),
        clientCodes,
        serverIdx: serverCodes.map(k => idx.get(k)!),
        serverW: codeWeights(spec.serverCodes, serverCodes),
        serverCodes,
        histStart: -1,
        spikes: [],
      });
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
        });
      } else if (e.kind === 'caller-spike') {
        for (const pair of this.pairs) {
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
      const codes = this.pairs.find(p => p.service === svc)?.serverCodes ?? [];
      burst.serverW = normalise(codes.map(c => e.serverCodes[c] ?? 0));
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

    for (const pair of this.pairs) {
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
      for (const b of svc.bursts) {
        if (s >= b.from && s < b.to) {
          p5 = max(p5, b.p5);
          if (b.serverW) serverW = b.serverW;
          latency = b.latency;
        }
      }
      const n = down ? 0 : floor(rate * MINUTE + draw(pair.key, minute, 2));
      let n5 = 0;
      let n4 = 0;
      if (n > 0) {
        n5 = floor(
          n * p5 * (0.5 + draw(pair.key, minute, 3)) +
            draw(pair.key, minute, 4),
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
