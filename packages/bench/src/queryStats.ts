/*
 * Prometheus's own cost of a query: `stats=all` makes the query API answer how long the
 * evaluation took and how many samples it read, besides the result.
 */
import { ServiceUnavailableError } from '@backstage/errors';

/** What one query cost Prometheus, and whether it answered anything. */
export interface QueryCost {
  /** `data.stats.timings.evalTotalTime`, in ms. */
  evalMs: number;
  /** `data.stats.samples.totalQueryableSamples`: samples read from storage. */
  samples: number;
  /** Series in the result. */
  series: number;
}

/**
 * The cost in an answer of `/api/v1/query` or `/api/v1/query_range` asked with `stats=all`.
 *
 * @throws ServiceUnavailableError when the answer is an error or has no stats (Prometheus older
 *   than 2.35).
 */
export function queryCost(answer: unknown, query: string): QueryCost {
  const json = answer as {
    status?: string;
    error?: string;
    data?: {
      result?: unknown[];
      stats?: {
        timings?: { evalTotalTime?: number };
        samples?: { totalQueryableSamples?: number };
      };
    };
  };
  if (json?.status !== 'success') {
    throw new ServiceUnavailableError(
      `${query}: ${json?.error ?? 'no answer'}`,
    );
  }
  const seconds = json.data?.stats?.timings?.evalTotalTime;
  const samples = json.data?.stats?.samples?.totalQueryableSamples;
  if (typeof seconds !== 'number' || typeof samples !== 'number') {
    throw new ServiceUnavailableError(
      `${query}: the answer has no query stats (stats=all needs Prometheus 2.35 or later)`,
    );
  }
  return {
    evalMs: seconds * 1000,
    samples,
    series: json.data?.result?.length ?? 0,
  };
}

/** Asks `query` at `time`, or over `range`, with `stats=all`. */
export async function measuredQuery(
  prometheusUrl: string,
  query: string,
  at: { time: number } | { start: number; end: number; step: number },
): Promise<QueryCost> {
  const params = new URLSearchParams({ query, stats: 'all' });
  for (const [key, value] of Object.entries(at)) {
    params.set(key, String(value));
  }
  const path = 'time' in at ? 'query' : 'query_range';
  const response = await fetch(`${prometheusUrl}/api/v1/${path}`, {
    method: 'POST',
    body: params,
  });
  const text = await response.text();
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    throw new ServiceUnavailableError(
      `${query}: Prometheus answered ${response.status} ${text.slice(0, 200)}`,
    );
  }
  return queryCost(answer, query);
}
