/*
 * The live exporter: continues the model's series after T0 with prom-client,
 * so the last minutes always have data. Values are the model's cumulative
 * values at the scrape time (same series, same values as the history at
 * T0, so Prometheus sees no reset and nothing is counted twice).
 */
import http from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import {
  BUCKET_LAYOUTS,
  CumulativeTracker,
  exportedValue,
  FAMILIES,
  MINUTE,
  SeriesInfo,
  TrafficModel,
} from './model';

/**
 * Cumulative values of every series at any time >= the model's start:
 * whole minutes from the tracker, plus the elapsed fraction of the running
 * minute (rounded down, so values are integers and never decrease).
 */
export class LiveValues {
  private readonly tracker: CumulativeTracker;
  private readonly next: Float64Array;
  private nextMinute = Number.NaN;
  private lastTime = -Infinity;
  readonly values: Float64Array;

  constructor(readonly model: TrafficModel) {
    this.tracker = new CumulativeTracker(model);
    this.next = new Float64Array(model.size);
    this.values = new Float64Array(model.size);
  }

  /** Updates `values` to the cumulative values at `time` (Unix seconds). */
  update(time: number): Float64Array {
    const t = Math.max(time, this.lastTime, this.model.start);
    this.lastTime = t;
    const minute = Math.floor(t / MINUTE);
    this.tracker.advanceTo(minute);
    if (this.nextMinute !== minute + 1) {
      this.model.minuteCounts(minute + 1, this.next);
      this.nextMinute = minute + 1;
    }
    const frac = (t - minute * MINUTE) / MINUTE;
    const cum = this.tracker.values;
    for (let i = 0; i < cum.length; i++) {
      this.values[i] = cum[i] + Math.floor(this.next[i] * frac);
    }
    return this.values;
  }
}

type HistogramGet = ReturnType<Histogram<string>['get']>;

/**
 * A prom-client histogram whose buckets come from the model. prom-client
 * histograms can only `observe()` one value at a time, and the model needs
 * to set cumulative bucket counts in the billions, so this subclass
 * overrides the two methods the registry reads (`get`, `getForPromString`).
 * One instance per family: http_server_request_duration_seconds carries both
 * the suite's own series and OpenTelemetry's (different label sets).
 */
class ModelHistogram extends Histogram<string> {
  constructor(
    private readonly live: LiveValues,
    private readonly family: string,
    private readonly helpText: string,
    labelNames: string[],
    buckets: readonly number[],
    private readonly members: SeriesInfo[],
    private readonly now: () => number,
    registry: Registry,
  ) {
    super({
      name: family,
      help: helpText,
      labelNames,
      buckets: [...buckets],
      registers: [],
    });
    registry.registerMetric(this);
  }

  async getForPromString(): HistogramGet {
    const values = this.live.update(this.now());
    return {
      name: this.family,
      help: this.helpText,
      type: 'histogram',
      aggregator: 'sum',
      values: this.members.map(s => ({
        metricName: s.name,
        labels: s.labels,
        value: exportedValue(values[s.index], s),
      })),
    } as unknown as Awaited<HistogramGet>;
  }

  async get(): HistogramGet {
    return this.getForPromString();
  }
}

export interface LiveRegistry {
  registry: Registry;
  live: LiveValues;
  /** http_server_request_duration_seconds (the suite's own and OpenTelemetry's series). */
  histogram: Histogram<string>;
  /** Every histogram family, by family name. */
  histograms: Record<string, Histogram<string>>;
}

/**
 * A prom-client registry exposing every series of the model with its
 * cumulative value at scrape time (`now()` in Unix seconds).
 */
export function createLiveRegistry(
  model: TrafficModel,
  now: () => number = () => Date.now() / 1000,
): LiveRegistry {
  const registry = new Registry();
  const live = new LiveValues(model);
  const initial = live.update(now());

  const counter = (
    name: string,
    help: string,
    labelNames: string[],
    members: SeriesInfo[],
  ) => {
    const reported = new Float64Array(model.size);
    const c: Counter<string> = new Counter({
      name,
      help,
      labelNames,
      registers: [registry],
      collect() {
        const values = live.update(now());
        for (const s of members) {
          const delta = values[s.index] - reported[s.index];
          if (delta > 0) {
            c.inc(s.labels, delta);
            reported[s.index] = values[s.index];
          }
        }
      },
    });
    // Continue from the model's cumulative value at start-up (0 creates the series).
    for (const s of members) {
      c.inc(s.labels, initial[s.index]);
      reported[s.index] = initial[s.index];
    }
    return c;
  };

  const histograms: Record<string, Histogram<string>> = {};
  for (const meta of FAMILIES) {
    const members = model.series.filter(s => s.family === meta.family);
    if (members.length === 0) continue;
    const labelNames = [
      ...new Set(members.flatMap(s => Object.keys(s.labels))),
    ].filter(k => k !== 'le');
    if (meta.type === 'counter') {
      counter(`${meta.family}_total`, meta.help, labelNames, members);
    } else {
      histograms[meta.family] = new ModelHistogram(
        live,
        meta.family,
        meta.help,
        labelNames,
        BUCKET_LAYOUTS[meta.family]?.bounds ?? [],
        members,
        now,
        registry,
      );
    }
  }
  return {
    registry,
    live,
    histogram: histograms.http_server_request_duration_seconds,
    histograms,
  };
}

export interface ExporterHandle {
  url: string;
  close(): Promise<void>;
}

/** Serves `/metrics` (and `/healthz`) on host:port. */
export async function startExporter(options: {
  model: TrafficModel;
  port: number;
  host?: string;
  now?: () => number;
}): Promise<ExporterHandle> {
  const host = options.host ?? '127.0.0.1';
  const { registry } = createLiveRegistry(options.model, options.now);
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then(
        body => {
          res.writeHead(200, { 'Content-Type': registry.contentType });
          res.end(body);
        },
        err => {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(err));
        },
      );
    } else if (path === '/healthz' || path === '/') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({
          status: 'ok',
          seed: options.model.seed,
          t0: options.model.t0,
          series: options.model.size,
        }),
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port =
    typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host}:${port}/metrics`,
    close: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
