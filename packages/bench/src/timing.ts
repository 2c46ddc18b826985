import { performance } from 'node:perf_hooks';

/** One source request as seen from the backend: from sending it to having its whole body. */
export interface SourceInterval {
  source: 'prometheus' | 'sql';
  start: number;
  end: number;
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs(): number {
  return performance.now();
}

/** The median; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('median of no values');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? sorted[mid]
    : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Wall time during which at least one of the intervals was open. Concurrent requests overlap,
 * so this is how long the caller waited on its sources, not the sum of their durations.
 */
export function unionMs(
  intervals: ReadonlyArray<{ start: number; end: number }>,
): number {
  const sorted = [...intervals].sort((a, b) => a.start - b.start);
  let total = 0;
  let openStart = -Infinity;
  let openEnd = -Infinity;
  for (const { start, end } of sorted) {
    if (start > openEnd) {
      if (openEnd > openStart) total += openEnd - openStart;
      openStart = start;
      openEnd = end;
    } else if (end > openEnd) {
      openEnd = end;
    }
  }
  if (openEnd > openStart) total += openEnd - openStart;
  return total;
}

/** Collects the source requests of one measured call. */
export class SourceLog {
  #intervals: SourceInterval[] = [];

  record(interval: SourceInterval): void {
    this.#intervals.push(interval);
  }

  /** Times one source call. */
  async time<T>(
    source: SourceInterval['source'],
    call: () => Promise<T>,
  ): Promise<T> {
    const start = nowMs();
    try {
      return await call();
    } finally {
      this.record({ source, start, end: nowMs() });
    }
  }

  /** The intervals recorded since the last call, and a fresh start. */
  take(): SourceInterval[] {
    const taken = this.#intervals;
    this.#intervals = [];
    return taken;
  }
}

// Statuses whose responses cannot carry a body.
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * A fetch that records each request until its body has been read in full, so the interval is
 * Prometheus's own work plus the transfer; parsing the JSON stays on the backend's side.
 */
export function timedFetch(
  log: SourceLog,
  inner: typeof fetch = (input, init) => globalThis.fetch(input, init),
): typeof fetch {
  return async (input, init) => {
    const start = nowMs();
    try {
      const response = await inner(input, init);
      const body = NO_BODY.has(response.status)
        ? null
        : await response.arrayBuffer();
      return new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } finally {
      log.record({ source: 'prometheus', start, end: nowMs() });
    }
  };
}

/** What one measured call cost. */
export interface Measurement {
  /** Wall time of the call. */
  totalMs: number;
  /** Wall time with at least one Prometheus request in flight. */
  prometheusMs: number;
  /** Wall time with at least one SQL query running. */
  sqlMs: number;
  /** Wall time with any source busy: what the call could not avoid waiting for. */
  sourcesMs: number;
  prometheusRequests: number;
  sqlQueries: number;
}

/** Runs `call` and measures it against the source requests it made. */
export async function measure<T>(
  log: SourceLog,
  call: () => Promise<T>,
): Promise<{ result: T; measurement: Measurement }> {
  log.take();
  const start = nowMs();
  const result = await call();
  const totalMs = nowMs() - start;
  const intervals = log.take();
  const prometheus = intervals.filter(i => i.source === 'prometheus');
  const sql = intervals.filter(i => i.source === 'sql');
  return {
    result,
    measurement: {
      totalMs,
      prometheusMs: unionMs(prometheus),
      sqlMs: unionMs(sql),
      sourcesMs: unionMs(intervals),
      prometheusRequests: prometheus.length,
      sqlQueries: sql.length,
    },
  };
}

/** The per-field median of several measurements of the same call. */
export function medianMeasurement(runs: readonly Measurement[]): Measurement {
  const field = (pick: (m: Measurement) => number) => median(runs.map(pick));
  return {
    totalMs: field(m => m.totalMs),
    prometheusMs: field(m => m.prometheusMs),
    sqlMs: field(m => m.sqlMs),
    sourcesMs: field(m => m.sourcesMs),
    prometheusRequests: field(m => m.prometheusRequests),
    sqlQueries: field(m => m.sqlQueries),
  };
}
