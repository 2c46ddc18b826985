import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';

// A small Prometheus for tests, played by msw, that answers by exact PromQL. Test-only: lives
// under `__testUtils__` so that it may import devDependencies and is never part of the build.

export type Labels = Record<string, string>;
export type VectorItem = { metric: Labels; value: string };
export type MatrixItem = { metric: Labels; values: Array<[number, string]> };

/** The base URL the fake answers on unless told otherwise. */
export const FAKE_PROMETHEUS_BASE = 'http://prom.test';

/**
 * A table of answers by exact PromQL, or a function answering a query (with the request's form
 * body); a missing entry, or `undefined` from the function, means the query is unknown.
 */
export type AnswerTable<T> =
  | Record<string, T[]>
  | ((query: string, form: URLSearchParams) => T[] | undefined);

export interface FakePrometheusData {
  /** Answers to instant queries (`/api/v1/query`). */
  instant?: AnswerTable<VectorItem>;
  /** Answers to range queries (`/api/v1/query_range`). */
  range?: AnswerTable<MatrixItem>;
  /**
   * Answers to the parts of a multi-window instant query; defaults to `instant`. Only consulted
   * when `multiWindow` is on.
   */
  windowed?: AnswerTable<VectorItem>;
  /** May answer a query with an error response instead. */
  fail?: (query: string) => Response | undefined;
}

export interface FakePrometheusOptions {
  /** Where the fake answers; defaults to {@link FAKE_PROMETHEUS_BASE}. */
  baseUrl?: string;
  /**
   * Answer a multi-window instant query (`label_replace(<q>, "metrics_window", "<w>", "", "")
   * or …`) part by part, each part's samples tagged with its window. Defaults to `true`.
   */
  multiWindow?: boolean;
  /**
   * In a multi-window answer, drop a sample whose label set is already present, as `or` does.
   * Defaults to `false`.
   */
  dedupeWindows?: boolean;
}

export interface SeenRequest {
  path: '/api/v1/query' | '/api/v1/query_range';
  query: string;
  contentType: string | null;
  form: URLSearchParams;
}

const MULTI_WINDOW =
  /label_replace\((.+?), "metrics_window", "([^"]+)", "", ""\)/g;

/**
 * Installs handlers on `server` answering instant queries from `data.instant` and range queries
 * from `data.range` (by exact PromQL). Unknown queries answer an empty result (as Prometheus
 * does for selectors that match nothing) and are recorded in `unmatched`; every request is
 * recorded in `seen`, and its PromQL in `queries`.
 */
export function fakePrometheus(
  server: Pick<SetupServer, 'use'>,
  data: FakePrometheusData,
  options: FakePrometheusOptions = {},
) {
  const {
    baseUrl = FAKE_PROMETHEUS_BASE,
    multiWindow = true,
    dedupeWindows = false,
  } = options;
  const seen: SeenRequest[] = [];
  const queries: string[] = [];
  const unmatched: string[] = [];
  const lookup = <T>(
    table: AnswerTable<T> | undefined,
    q: string,
    form: URLSearchParams,
  ): T[] => {
    if (typeof table === 'function') {
      const answer = table(q, form);
      if (answer !== undefined) return answer;
    } else if (table && Object.prototype.hasOwnProperty.call(table, q)) {
      return table[q];
    }
    unmatched.push(q);
    return [];
  };

  server.use(
    http.post(`${baseUrl}/api/v1/query`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const query = form.get('query') ?? '';
      queries.push(query);
      seen.push({
        path: '/api/v1/query',
        query,
        contentType: request.headers.get('content-type'),
        form,
      });
      const failure = data.fail?.(query);
      if (failure) return failure;
      const time = Number(form.get('time'));
      const parts = multiWindow ? [...query.matchAll(MULTI_WINDOW)] : [];
      let result: Array<{ metric: Labels; value: [number, string] }>;
      if (parts.length > 0) {
        const keys = new Set<string>();
        result = [];
        for (const [, inner, window] of parts) {
          for (const item of lookup(
            data.windowed ?? data.instant,
            inner,
            form,
          )) {
            const metric = { ...item.metric, metrics_window: window };
            if (dedupeWindows) {
              const key = JSON.stringify(Object.entries(metric).sort());
              if (keys.has(key)) continue;
              keys.add(key);
            }
            result.push({ metric, value: [time, item.value] });
          }
        }
      } else {
        result = lookup(data.instant, query, form).map(item => ({
          metric: item.metric,
          value: [time, item.value],
        }));
      }
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result },
      });
    }),
    http.post(`${baseUrl}/api/v1/query_range`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const query = form.get('query') ?? '';
      queries.push(query);
      seen.push({
        path: '/api/v1/query_range',
        query,
        contentType: request.headers.get('content-type'),
        form,
      });
      const failure = data.fail?.(query);
      if (failure) return failure;
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'matrix', result: lookup(data.range, query, form) },
      });
    }),
  );
  return { seen, queries, unmatched };
}
