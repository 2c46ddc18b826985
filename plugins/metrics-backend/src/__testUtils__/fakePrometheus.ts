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
  /**
   * The series the metadata endpoints (`/api/v1/series`, `/api/v1/label/<name>/values`)
   * know, each with its `__name__`. Selectors are matched with equality matchers only (what
   * the configuration check sends); `limit` is honoured.
   */
  series?: Labels[];
  /** May answer a metadata request (its path and parameters) with an error response instead. */
  failMetadata?: (
    path: string,
    params: URLSearchParams,
  ) => Response | undefined;
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
  /** Ignore `limit` on the metadata endpoints, as Prometheus before 2.54 does. */
  ignoresLimit?: boolean;
}

/** A metadata request: its path and its parameters (`match[]`, `start`, `end`, `limit`). */
export interface SeenMetadataRequest {
  path: string;
  params: URLSearchParams;
}

const SELECTOR = /^([a-zA-Z_:][a-zA-Z0-9_:]*)?(?:\{(.*)\})?$/;
const MATCHER =
  /\s*([a-zA-Z_][a-zA-Z0-9_]*)(=~|=)"((?:[^"\\]|\\.)*)"\s*(?:,|$)/gy;

/** What a selector asks of a series: each label equal to a value, or matching a regex. */
export type SelectorMatch = Record<string, string | RegExp>;

/**
 * Parses `name{a="1", b=~"x|y"}` (equality and regex matchers, what the configuration check
 * sends) into what a series must have; a regex is anchored, as in Prometheus.
 */
export function parseSelector(selector: string): SelectorMatch {
  const match = SELECTOR.exec(selector.trim());
  if (!match)
    throw new Error(`fake Prometheus cannot read selector ${selector}`);
  const wanted: SelectorMatch = match[1] ? { __name__: match[1] } : {};
  const body = match[2] ?? '';
  MATCHER.lastIndex = 0;
  let consumed = 0;
  for (let m = MATCHER.exec(body); m; m = MATCHER.exec(body)) {
    const value: string = JSON.parse(`"${m[3]}"`);
    wanted[m[1]] = m[2] === '=~' ? new RegExp(`^(?:${value})$`) : value;
    consumed = MATCHER.lastIndex;
  }
  if (consumed !== body.length) {
    throw new Error(
      `fake Prometheus reads = and =~ matchers only: ${selector}`,
    );
  }
  return wanted;
}

function matchesAny(series: Labels, selectors: SelectorMatch[]): boolean {
  return selectors.some(selector =>
    Object.entries(selector).every(([k, v]) =>
      typeof v === 'string' ? series[k] === v : v.test(series[k] ?? ''),
    ),
  );
}

function limitOf(params: URLSearchParams): number {
  return Number(params.get('limit') ?? 0);
}

function limited<T>(items: T[], limit: number): T[] {
  return limit > 0 ? items.slice(0, limit) : items;
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
    ignoresLimit = false,
  } = options;
  const seen: SeenRequest[] = [];
  const metadata: SeenMetadataRequest[] = [];
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
      // A tagged range query (the SLO chart's good and total) is answered part by part too.
      const parts = multiWindow ? [...query.matchAll(MULTI_WINDOW)] : [];
      const result =
        parts.length > 0
          ? parts.flatMap(([, inner, tag]) =>
              lookup(data.range, inner, form).map(item => ({
                ...item,
                metric: { ...item.metric, metrics_window: tag },
              })),
            )
          : lookup(data.range, query, form);
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'matrix', result },
      });
    }),
  );
  const known = data.series ?? [];
  const selected = (params: URLSearchParams) => {
    const selectors = params.getAll('match[]').map(parseSelector);
    return known.filter(series => matchesAny(series, selectors));
  };
  server.use(
    http.get(`${baseUrl}/api/v1/series`, ({ request }) => {
      const params = new URL(request.url).searchParams;
      metadata.push({ path: '/api/v1/series', params });
      const failure = data.failMetadata?.('/api/v1/series', params);
      if (failure) return failure;
      return HttpResponse.json({
        status: 'success',
        data: limited(selected(params), ignoresLimit ? 0 : limitOf(params)),
      });
    }),
    http.get(`${baseUrl}/api/v1/label/:label/values`, ({ request, params }) => {
      const search = new URL(request.url).searchParams;
      const path = `/api/v1/label/${String(params.label)}/values`;
      metadata.push({ path, params: search });
      const failure = data.failMetadata?.(path, search);
      if (failure) return failure;
      const label = String(params.label);
      const values = [
        ...new Set(
          selected(search)
            .map(series => series[label])
            .filter((v): v is string => v !== undefined),
        ),
      ].sort();
      return HttpResponse.json({
        status: 'success',
        data: limited(values, ignoresLimit ? 0 : limitOf(search)),
      });
    }),
  );
  return { seen, queries, unmatched, metadata };
}
