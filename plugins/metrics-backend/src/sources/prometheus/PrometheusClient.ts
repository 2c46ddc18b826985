import type { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, isError } from '@backstage/errors';
import type { PrometheusInstanceConfig } from '../../config/metricsConfig';
import type { PrometheusLimits } from '../../config/prometheusLimits';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
  PrometheusUnavailableReason,
  queryExcerpt,
  withoutLabelSets,
} from './errors';
import {
  parseAnnotations,
  parseLabelValues,
  parseQueryData,
  parseRecordingRuleLabels,
  parseSeriesData,
} from './parseValues';
import { clampStep } from './step';
import { currentQueryScope } from './queryScope';
import { QuerySlots } from './querySlots';
import {
  BodyTooLargeError,
  readBody,
  TooManySeriesError,
} from './readBody';
import { parseRetryAfter } from '../retry';
import { MetricsTelemetry, secondsSince } from '../../telemetry';
import type {
  PrometheusAnnotations,
  PrometheusLabelValuesOptions,
  PrometheusLabels,
  PrometheusLabelValuesResult,
  PrometheusQueryResult,
  PrometheusRangeOptions,
  PrometheusRangeResult,
  PrometheusSeriesOptions,
  PrometheusSeriesResult,
  PrometheusSourceSummary,
  PrometheusTime,
} from './types';

/** Options of {@link PrometheusClient.fromConfig}. */
export interface PrometheusClientOptions {
  /** Defaults to the global `fetch` of Node, looked up at call time. */
  fetch?: typeof fetch;
  /** Gets one debug line per request and a warning per failure; never credentials. */
  logger?: LoggerService;
  /** Records each request's duration and failure reason under the instance name. */
  telemetry?: MetricsTelemetry;
}

/** Body and metadata of one successful Prometheus answer. */
interface Envelope {
  data: unknown;
  warnings: string[];
  infos: string[];
}

interface RequestSpec {
  method: 'GET' | 'POST';
  /** For telemetry: `query`, `query_range`, `label_values`, `series` or `ping`. */
  endpoint: string;
  /** Path under the base URL, e.g. `/api/v1/query`. */
  path: string;
  params: Array<[string, string]>;
  /** Quoted (first 200 chars) in errors that concern the query. */
  promql?: string;
  /** The client's limit for this request; the instance's `timeoutMs` by default. */
  timeoutMs?: number;
}

/** Label names as the `/api/v1/label/<name>/values` path accepts them unescaped. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A number above this is taken for milliseconds (it would be after the year 5000). */
const MAX_UNIX_SECONDS = 1e11;

/** How much of a non-JSON body is quoted in errors. */
const BODY_EXCERPT_LENGTH = 100;

/**
 * The time limit sent to Prometheus as `timeout`: a little under the client's own timeout,
 * so that Prometheus gives up first and says so (`errorType: timeout`) instead of the client
 * cutting the connection while Prometheus keeps working.
 */
export function serverTimeoutMs(clientTimeoutMs: number): number {
  const margin = Math.min(1000, Math.ceil(clientTimeoutMs * 0.1));
  return Math.max(1, clientTimeoutMs - margin);
}

function formatSeconds(seconds: number): string {
  // Millisecond precision; `String` never uses exponent notation for these magnitudes.
  return String(Math.round(seconds * 1000) / 1000);
}

function toUnixSeconds(time: PrometheusTime, what: string): number {
  if (time instanceof Date) {
    const ms = time.getTime();
    if (!Number.isFinite(ms))
      throw new InputError(`${what} is an invalid date`);
    return ms / 1000;
  }
  if (typeof time !== 'number' || !Number.isFinite(time) || time < 0) {
    throw new InputError(`${what} must be a Date or Unix seconds, got ${time}`);
  }
  if (time > MAX_UNIX_SECONDS) {
    throw new InputError(
      `${what} must be in Unix seconds; ${time} looks like milliseconds`,
    );
  }
  return time;
}

function transportCode(error: unknown): string {
  // Node's fetch (undici) rejects with `TypeError: fetch failed` whose `cause` carries the
  // system error code (ECONNREFUSED, ENOTFOUND, ECONNRESET, CERT_HAS_EXPIRED, ...); with
  // several addresses the cause may be an AggregateError holding one error per address.
  const cause = isError(error)
    ? (error as { cause?: unknown }).cause
    : undefined;
  for (const candidate of [cause, error]) {
    if (typeof candidate !== 'object' || candidate === null) continue;
    const { code, errors } = candidate as { code?: unknown; errors?: unknown };
    if (typeof code === 'string' && code) return code;
    if (Array.isArray(errors)) {
      const inner = errors.find(e => typeof e?.code === 'string');
      if (inner) return inner.code;
    }
  }
  if (isError(cause)) return cause.message;
  return isError(error) ? error.message : String(error);
}

function isTimeout(error: unknown): boolean {
  return (
    isError(error) &&
    (error.name === 'TimeoutError' || error.name === 'AbortError')
  );
}

/** A bounded label for a failed request: the unavailability reason, or why else it failed. */
function failureReason(error: unknown): string {
  if (error instanceof PrometheusUnavailableError) return error.reason;
  if (error instanceof PrometheusQueryError) return 'query_error';
  return 'error';
}

/** `Retry-After` in whole seconds (rounded up), for the error's `retryAfterSeconds`. */
function retryAfter(res: Response): number | undefined {
  const ms = parseRetryAfter(res.headers.get('retry-after'), Date.now());
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

/**
 * Client of one Prometheus-compatible server (Prometheus, Thanos Querier, Mimir, Cortex),
 * built from one configured instance.
 *
 * - `query` and `queryRange` are sent as form-encoded POST: every one of these servers
 *   accepts POST for `/api/v1/query` and `/api/v1/query_range`, and generated PromQL (long
 *   regex matchers of service names, SLO ratios) does not fit proxies' URL limits. Label
 *   values and series are GET: `/api/v1/label/<name>/values` accepts nothing else, and
 *   `/api/v1/series` takes POST only on some servers.
 * - Every request carries the configured auth and extra headers (e.g. `X-Scope-OrgID`),
 *   sends Prometheus a `timeout` a little below `timeoutMs`, and is cut off by the client at
 *   `timeoutMs`.
 * - Identical requests issued while one is in flight share its promise; results are shared
 *   between callers and must be treated as read-only.
 * - Failures throw {@link PrometheusQueryError} when the query is at fault and
 *   {@link PrometheusUnavailableError} (a `ServiceUnavailableError`) when the server is;
 *   bad arguments throw `InputError`. Messages name the instance and never hold credentials.
 */
export class PrometheusClient {
  readonly #instance: PrometheusInstanceConfig;
  readonly #fetch: typeof fetch;
  readonly #logger?: LoggerService;
  readonly #telemetry?: MetricsTelemetry;
  readonly #headers: Record<string, string>;
  readonly #secrets: string[];
  readonly #inFlight = new Map<string, Promise<unknown>>();
  readonly #slots: QuerySlots;
  /** The full text of errors whose message leaves something out (labels, addresses): logged. */
  readonly #logText = new WeakMap<object, string>();

  static fromConfig(
    instance: PrometheusInstanceConfig,
    options: PrometheusClientOptions = {},
  ): PrometheusClient {
    return new PrometheusClient(instance, options);
  }

  private constructor(
    instance: PrometheusInstanceConfig,
    options: PrometheusClientOptions,
  ) {
    this.#instance = instance;
    this.#fetch =
      options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#logger = options.logger?.child({ prometheus: instance.name });
    this.#telemetry = options.telemetry;
    this.#slots = new QuerySlots(instance.limits.maxConcurrentQueries);

    const headers: Record<string, string> = {
      ...instance.headers,
      Accept: 'application/json',
    };
    // Credentials put in plain `headers` (e.g. an API key header) are redacted as well.
    const secrets: string[] = Object.entries(instance.headers)
      .filter(([key]) =>
        /authorization|token|key|secret|cookie|password/i.test(key),
      )
      .map(([, value]) => value);
    const auth = instance.auth;
    if (auth?.type === 'bearer') {
      headers.Authorization = `Bearer ${auth.token}`;
      secrets.push(auth.token);
    } else if (auth?.type === 'basic') {
      const encoded = Buffer.from(
        `${auth.username}:${auth.password}`,
        'utf8',
      ).toString('base64');
      headers.Authorization = `Basic ${encoded}`;
      secrets.push(auth.password, encoded);
    }
    this.#headers = headers;
    this.#secrets = secrets.filter(s => s.length >= 4);
  }

  /** Queries of this client in flight and waiting for a slot, for the benchmark and tests. */
  get load(): { inFlight: number; waiting: number } {
    return { inFlight: this.#slots.inFlight, waiting: this.#slots.waiting };
  }

  /** The configured instance name, e.g. `main`. */
  get name(): string {
    return this.#instance.name;
  }

  /** The instance's `timeoutMs`: what a view's deadline is built from. */
  get timeoutMs(): number {
    return this.#instance.timeoutMs;
  }

  get limits(): PrometheusLimits {
    return this.#instance.limits;
  }

  /** Public description for the sources list; no credentials, headers or `baseUrl`. */
  describe(): PrometheusSourceSummary {
    const { name, externalUrl } = this.#instance;
    return {
      id: `prometheus:${name}`,
      type: 'prometheus',
      name,
      ...(externalUrl ? { description: externalUrl, externalUrl } : {}),
      default: this.#instance.default,
    };
  }

  /**
   * Instant query (`POST /api/v1/query`), evaluated at `time` (a `Date` or Unix seconds) or
   * at the server's "now" when omitted.
   */
  query(promql: string, time?: PrometheusTime): Promise<PrometheusQueryResult> {
    return this.#start(() => {
      this.#checkQuery(promql);
      const params: Array<[string, string]> = [['query', promql]];
      if (time !== undefined) {
        params.push([
          'time',
          formatSeconds(toUnixSeconds(time, 'The query time')),
        ]);
      }
      params.push(['timeout', this.#timeoutParam()]);
      return this.#coalesce(
        {
          method: 'POST',
          endpoint: 'query',
          path: '/api/v1/query',
          params,
          promql,
        },
        env => {
          const { data, warnings } = this.#parse(() =>
            parseQueryData(env.data),
          );
          return { ...data, ...this.#annotations(env, warnings) };
        },
      );
    });
  }

  /**
   * Range query (`POST /api/v1/query_range`). The step is raised and the range aligned by
   * {@link clampStep}; the answer says which range and step were used.
   */
  queryRange(
    promql: string,
    options: PrometheusRangeOptions,
  ): Promise<PrometheusRangeResult> {
    return this.#start(() => {
      this.#checkQuery(promql);
      const range = clampStep({
        start: toUnixSeconds(options.start, 'The range start'),
        end: toUnixSeconds(options.end, 'The range end'),
        step: options.step,
      });
      const params: Array<[string, string]> = [
        ['query', promql],
        ['start', formatSeconds(range.start)],
        ['end', formatSeconds(range.end)],
        ['step', String(range.step)],
        ['timeout', this.#timeoutParam()],
      ];
      return this.#coalesce(
        {
          method: 'POST',
          endpoint: 'query_range',
          path: '/api/v1/query_range',
          params,
          promql,
        },
        env => {
          const { data, warnings } = this.#parse(() =>
            parseQueryData(env.data),
          );
          if (data.resultType !== 'matrix') {
            throw this.#unavailable(
              'bad_response',
              `Prometheus '${this.name}' answered a range query with a ${data.resultType} instead of a matrix`,
            );
          }
          return {
            ...data,
            ...this.#annotations(env, warnings),
            start: range.start,
            end: range.end,
            step: range.step,
          };
        },
      );
    });
  }

  /**
   * Values of one label (`GET /api/v1/label/<name>/values`), to fill pickers. Scope it with
   * `match` on large servers. Only classic label names (`[a-zA-Z_][a-zA-Z0-9_]*`).
   */
  labelValues(
    label: string,
    options: PrometheusLabelValuesOptions = {},
  ): Promise<PrometheusLabelValuesResult> {
    return this.#start(() => {
      if (!LABEL_NAME.test(label)) {
        throw new InputError(
          `"${label}" is not a label name this client can look up (letters, digits and "_")`,
        );
      }
      const matches =
        options.match === undefined
          ? []
          : ([] as string[]).concat(options.match);
      return this.#coalesce(
        {
          method: 'GET',
          endpoint: 'label_values',
          path: `/api/v1/label/${label}/values`,
          params: [
            ...matches.map((m): [string, string] => ['match[]', m]),
            ...this.#metadataParams(options),
          ],
        },
        env => ({
          values: this.#parse(() => parseLabelValues(env.data)),
          ...this.#annotations(env, []),
        }),
      );
    });
  }

  /**
   * The series that match any of the selectors (`GET /api/v1/series`), as label sets. Cheap
   * next to a query (it reads the index, not samples): what the configuration check counts.
   * Give `start` so that series which stopped long ago do not count, and `limit` so that a
   * broad selector does not return the whole index.
   */
  series(
    match: string | string[],
    options: PrometheusSeriesOptions = {},
  ): Promise<PrometheusSeriesResult> {
    return this.#start(() => {
      const matches = ([] as string[]).concat(match);
      if (
        matches.length === 0 ||
        matches.some(m => typeof m !== 'string' || !m.trim())
      ) {
        throw new InputError(
          'A series lookup needs at least one non-empty selector',
        );
      }
      return this.#coalesce(
        {
          method: 'GET',
          endpoint: 'series',
          path: '/api/v1/series',
          params: [
            ...matches.map((m): [string, string] => ['match[]', m]),
            ...this.#metadataParams(options),
          ],
        },
        env => ({
          series: this.#parse(() => parseSeriesData(env.data)),
          ...this.#annotations(env, []),
        }),
      );
    });
  }

  /**
   * The labels of the recording rules the server evaluates (`GET /api/v1/rules?type=record`),
   * one label set per rule: how the views tell which SLOs have the suite's recordings. Servers
   * without a rules API (a Thanos querier without rule stores, VictoriaMetrics without
   * vmalert) answer an error or no groups.
   */
  recordingRules(): Promise<PrometheusLabels[]> {
    return this.#start(() =>
      this.#coalesce(
        {
          method: 'GET',
          endpoint: 'rules',
          path: '/api/v1/rules',
          params: [['type', 'record']],
        },
        env => this.#parse(() => parseRecordingRuleLabels(env.data)),
      ),
    );
  }

  /**
   * A cheap check that the server answers queries with the configured credentials: the
   * instant query `1`, which every compatible serves under its API prefix (`/-/ready` is not
   * under Mimir's or Thanos' prefix). Cut off after `timeoutMs` (at most the instance's own);
   * throws like {@link PrometheusClient.query}.
   */
  async ping(timeoutMs: number): Promise<void> {
    const limit = Math.min(timeoutMs, this.#instance.timeoutMs);
    const spec: RequestSpec = {
      method: 'POST',
      endpoint: 'ping',
      path: '/api/v1/query',
      params: [
        ['query', '1'],
        ['timeout', formatSeconds(serverTimeoutMs(limit) / 1000)],
      ],
      timeoutMs: limit,
    };
    await this.#timed(spec, () => this.#send(spec));
  }

  /**
   * Runs `begin` and returns its promise unchanged (so coalesced calls return the very same
   * promise); argument errors it throws become a rejected promise, never a synchronous throw.
   */
  #start<T>(begin: () => Promise<T>): Promise<T> {
    try {
      return begin();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  #checkQuery(promql: string) {
    if (typeof promql !== 'string' || !promql.trim()) {
      throw new InputError('A Prometheus query must be a non-empty string');
    }
  }

  /** `start`, `end` and `limit` of the metadata endpoints (label values, series). */
  #metadataParams(options: {
    start?: PrometheusTime;
    end?: PrometheusTime;
    limit?: number;
  }): Array<[string, string]> {
    const params: Array<[string, string]> = [];
    if (options.start !== undefined) {
      params.push([
        'start',
        formatSeconds(toUnixSeconds(options.start, 'The start')),
      ]);
    }
    if (options.end !== undefined) {
      params.push([
        'end',
        formatSeconds(toUnixSeconds(options.end, 'The end')),
      ]);
    }
    if (options.limit !== undefined) {
      if (!Number.isInteger(options.limit) || options.limit < 0) {
        throw new InputError(
          `limit must be a whole number ≥ 0, got ${options.limit}`,
        );
      }
      params.push(['limit', String(options.limit)]);
    }
    return params;
  }

  #timeoutParam(): string {
    return formatSeconds(serverTimeoutMs(this.#instance.timeoutMs) / 1000);
  }

  #annotations(env: Envelope, extraWarnings: string[]): PrometheusAnnotations {
    return { warnings: [...env.warnings, ...extraWarnings], infos: env.infos };
  }

  #parse<T>(parse: () => T): T {
    try {
      return parse();
    } catch (error) {
      throw this.#unavailable(
        'bad_response',
        `Prometheus '${
          this.name
        }' sent a response that does not have the documented shape: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
  }

  /**
   * Runs `spec` then `read`, unless an identical request (same method, path and parameters,
   * in any order) is in flight, in which case its promise is returned.
   */
  #coalesce<T>(spec: RequestSpec, read: (env: Envelope) => T): Promise<T> {
    // Encoded pairs sorted in code-unit order: a canonical form whatever the call order.
    const body = spec.params
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .sort()
      .join('&');
    const key = `${spec.method} ${spec.path}?${body}`;
    const pending = this.#inFlight.get(key);
    if (pending) return pending as Promise<T>;
    // A query shared with one in flight costs Prometheus nothing, so only a sent one counts.
    currentQueryScope().budget?.take();
    const promise = this.#timed(spec, () =>
      this.#inSlot(() => this.#send(spec).then(read)),
    ).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, promise);
    return promise;
  }

  /**
   * Runs `send` once one of the instance's `limits.maxConcurrentQueries` slots is free,
   * waiting at most `limits.queueTimeoutMs` and never past the work's deadline.
   */
  async #inSlot<T>(send: () => Promise<T>): Promise<T> {
    const { queueTimeoutMs, maxConcurrentQueries } = this.#instance.limits;
    const { deadlineAt } = currentQueryScope();
    const waitMs = Math.min(
      queueTimeoutMs,
      deadlineAt === undefined ? Infinity : deadlineAt - Date.now(),
    );
    const release = await this.#slots.acquire(waitMs, () =>
      this.#unavailable(
        'busy',
        `Prometheus '${this.name}' is busy: ${maxConcurrentQueries} queries of this backend are in flight and ${
          this.#slots.waiting
        } more are waiting; this one waited ${Math.round(
          Math.max(0, waitMs),
        )} ms (limits.maxConcurrentQueries, limits.queueTimeoutMs)`,
      ),
    );
    try {
      return await send();
    } finally {
      release();
    }
  }

  async #send(spec: RequestSpec): Promise<Envelope> {
    const { baseUrl, limits } = this.#instance;
    const { deadlineAt } = currentQueryScope();
    const ownLimit = spec.timeoutMs ?? this.#instance.timeoutMs;
    // Within a view, the view's deadline cuts every query short: the view answers on time.
    const timeoutMs =
      deadlineAt === undefined
        ? ownLimit
        : Math.min(ownLimit, deadlineAt - Date.now());
    if (timeoutMs <= 0) {
      throw this.#unavailable(
        'timeout',
        `Prometheus '${this.name}' was not asked: the view's deadline of ${
          this.#instance.timeoutMs
        } ms had passed`,
      );
    }
    const form = new URLSearchParams(spec.params).toString();
    let url = `${baseUrl}${spec.path}`;
    const cutOff = new AbortController();
    const init: RequestInit = {
      method: spec.method,
      headers: { ...this.#headers },
      // Redirects are not followed: a 301/302 turns POST into GET and silently drops the query.
      redirect: 'manual',
      signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), cutOff.signal]),
    };
    if (spec.method === 'POST') {
      (init.headers as Record<string, string>)['Content-Type'] =
        'application/x-www-form-urlencoded';
      init.body = form;
    } else if (form) {
      url += `?${form}`;
    }

    const started = Date.now();
    try {
      let res: Response;
      let text: string;
      try {
        res = await this.#fetch(url, init);
        text = await readBody(
          res,
          limits.maxResponseBytes,
          cutOff,
          // Only query answers are lists of series.
          spec.promql === undefined ? undefined : limits.maxSeries,
        );
      } catch (error) {
        if (error instanceof TooManySeriesError) {
          throw this.#queryError(
            `Prometheus '${this.name}': the query returned more than ${error.limit} series (limits.maxSeries); the rest of the answer was not read. Narrow it with label matchers or an aggregation. Query: ${queryExcerpt(
              spec.promql!,
            )}`,
            'too_many_series',
            200,
            `more than ${error.limit} series`,
            spec.promql,
          );
        }
        if (error instanceof BodyTooLargeError) {
          throw this.#queryError(
            `Prometheus '${this.name}' answered more than ${error.limit} bytes (limits.maxResponseBytes); the answer was not read. Narrow the query with label matchers or an aggregation.${
              spec.promql ? ` Query: ${queryExcerpt(spec.promql)}` : ''
            }`,
            'too_large',
            200,
            `more than ${error.limit} bytes`,
            spec.promql,
          );
        }
        throw this.#transportError(error, timeoutMs);
      }
      const envelope = this.#readEnvelope(res, text, spec);
      this.#logger?.debug(
        `${spec.method} ${spec.path} answered ${res.status} in ${
          Date.now() - started
        } ms`,
      );
      return envelope;
    } catch (error) {
      const text =
        (isError(error) && this.#logText.get(error)) ||
        (isError(error) ? error.message : String(error));
      this.#logger?.warn(
        `${spec.method} ${spec.path} failed after ${
          Date.now() - started
        } ms: ${text}`,
      );
      throw error;
    }
  }

  /** Runs one request and its reading, recording how long it took and why it failed. */
  async #timed<T>(spec: RequestSpec, run: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const record = (error?: unknown) =>
      this.#telemetry?.prometheusRequest({
        instance: this.name,
        endpoint: spec.endpoint,
        seconds: secondsSince(startedAt),
        ...(error === undefined ? {} : { error: failureReason(error) }),
      });
    try {
      const result = await run();
      record();
      return result;
    } catch (error) {
      record(error);
      throw error;
    }
  }

  #transportError(
    error: unknown,
    timeoutMs: number,
  ): PrometheusUnavailableError {
    const { baseUrl } = this.#instance;
    if (isTimeout(error)) {
      return this.#unavailable(
        'timeout',
        `Prometheus '${this.name}' did not answer within ${timeoutMs} ms`,
      );
    }
    const code = this.#redact(transportCode(error));
    // A system code (ECONNREFUSED) says enough; other texts may name internal hosts.
    const shown = /^[A-Z][A-Z0-9_]*$/.test(code) ? code : 'network error';
    return this.#logged(
      this.#unavailable(
        'unreachable',
        `Could not reach Prometheus '${this.name}': ${shown}`,
      ),
      `Could not reach Prometheus '${this.name}' at ${baseUrl}: ${code}`,
    );
  }

  #readEnvelope(res: Response, text: string, spec: RequestSpec): Envelope {
    const status = res.status;
    const where = `Prometheus '${this.name}'`;

    // Statuses that mean the same whatever the body (often a proxy's, often not JSON).
    if (status === 401 || status === 403) {
      return this.#fail(
        'auth',
        `${where} refused the configured credentials (HTTP ${status}); check the auth and headers of this instance`,
        status,
      );
    }
    if (status === 429) {
      const after = retryAfter(res);
      return this.#fail(
        'rate_limited',
        `${where} is rate limiting requests (HTTP 429)${
          after !== undefined ? `; retry after ${after} s` : ''
        }`,
        status,
        after,
      );
    }
    if (status >= 300 && status < 400) {
      const location = res.headers.get('location');
      let target = '';
      if (location) {
        try {
          const u = new URL(location, this.#instance.baseUrl);
          target = ` to ${u.origin}${u.pathname}`;
        } catch {
          // not a URL; leave it out
        }
      }
      const message = `${where} redirected ${spec.path} (HTTP ${status}); set baseUrl to the final address`;
      throw this.#logged(
        this.#unavailable('bad_response', message, status),
        `${message}${target}`,
      );
    }

    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const isEnvelope =
      typeof body === 'object' &&
      body !== null &&
      ((body as { status?: unknown }).status === 'success' ||
        (body as { status?: unknown }).status === 'error');
    if (!isEnvelope) {
      if (status === 404) {
        const say = (at: string) =>
          `${where} has no ${spec.path}${at} (HTTP 404); check baseUrl (Mimir serves the Prometheus API under /prometheus)`;
        throw this.#logged(
          this.#unavailable('not_found', say(''), status),
          say(` at ${this.#instance.baseUrl}`),
        );
      }
      const type = res.headers.get('content-type')?.split(';')[0].trim();
      const snippet = this.#redact(
        text
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, BODY_EXCERPT_LENGTH),
      );
      const say = (excerpt: string) =>
        `${where} answered HTTP ${status} with a body that is not Prometheus JSON${
          type ? ` (${type})` : ''
        }${excerpt ? `: ${excerpt}` : ''}`;
      throw this.#logged(
        this.#unavailable(
          status >= 500 ? 'server_error' : 'bad_response',
          say(withoutLabelSets(snippet)),
          status,
        ),
        say(snippet),
      );
    }

    const envelope = body as {
      status: 'success' | 'error';
      data?: unknown;
      errorType?: unknown;
      error?: unknown;
      warnings?: unknown;
      infos?: unknown;
    };
    if (envelope.status === 'success' && res.ok) {
      return {
        data: envelope.data,
        warnings: parseAnnotations(envelope.warnings),
        infos: parseAnnotations(envelope.infos),
      };
    }

    const errorType =
      typeof envelope.errorType === 'string' ? envelope.errorType : 'unknown';
    const detail = this.#redact(
      typeof envelope.error === 'string' && envelope.error.trim()
        ? envelope.error.trim().replace(/\.$/, '')
        : `HTTP ${status}`,
    );
    const shown = withoutLabelSets(detail);
    const failure = this.#envelopeFailure(errorType, status, res, spec);
    const error =
      failure.reason === undefined
        ? this.#queryError(
            failure.say(shown),
            errorType,
            status,
            shown,
            spec.promql,
          )
        : this.#unavailable(
            failure.reason,
            failure.say(shown),
            status,
            failure.retryAfterSeconds,
          );
    throw this.#logged(error, failure.say(detail));
  }

  /**
   * What a Prometheus error answer means: a query error (no `reason`) or an outage, and its
   * message around Prometheus' own explanation.
   */
  #envelopeFailure(
    errorType: string,
    status: number,
    res: Response,
    spec: RequestSpec,
  ): {
    reason?: PrometheusUnavailableReason;
    say: (detail: string) => string;
    retryAfterSeconds?: number;
  } {
    const where = `Prometheus '${this.name}'`;
    // The query is the entity's own: quoting it is fine.
    const about = spec.promql ? ` Query: ${queryExcerpt(spec.promql)}` : '';
    switch (errorType) {
      case 'bad_data':
        return { say: d => `${where} rejected the query: ${d}.${about}` };
      case 'execution':
        return {
          say: d => `${where} could not execute the query: ${d}.${about}`,
        };
      case 'timeout':
        return {
          reason: 'timeout',
          say: d =>
            `${where} timed out after ${serverTimeoutMs(
              this.#instance.timeoutMs,
            )} ms evaluating the query: ${d}.${about}`,
        };
      case 'not_found':
        return {
          reason: 'not_found',
          say: d => `${where} answered not found: ${d}`,
        };
      case 'canceled':
      case 'unavailable':
      case 'internal':
        return {
          reason: 'server_error',
          say: d =>
            `${where} failed (${errorType}, HTTP ${status}): ${d}.${about}`,
          retryAfterSeconds: retryAfter(res),
        };
      default:
        if (status >= 400 && status < 500 && spec.promql) {
          return {
            say: d =>
              `${where} rejected the query (${errorType}, HTTP ${status}): ${d}.${about}`,
          };
        }
        return {
          reason: status >= 500 ? 'server_error' : 'bad_response',
          say: d => `${where} answered ${errorType} (HTTP ${status}): ${d}`,
        };
    }
  }

  /** `error`, its full text kept for the log line when its message leaves something out. */
  #logged<E extends Error>(error: E, fullText: string): E {
    if (fullText !== error.message) this.#logText.set(error, fullText);
    return error;
  }

  #queryError(
    message: string,
    errorType: string,
    upstreamStatus: number,
    detail: string,
    promql?: string,
  ): PrometheusQueryError {
    return new PrometheusQueryError({
      message,
      instance: this.name,
      errorType,
      upstreamStatus,
      detail,
      query: promql === undefined ? undefined : queryExcerpt(promql),
    });
  }

  #unavailable(
    reason: PrometheusUnavailableReason,
    message: string,
    upstreamStatus?: number,
    retryAfterSeconds?: number,
  ): PrometheusUnavailableError {
    return new PrometheusUnavailableError({
      message,
      instance: this.name,
      reason,
      upstreamStatus,
      retryAfterSeconds,
    });
  }

  #fail(
    reason: PrometheusUnavailableReason,
    message: string,
    upstreamStatus?: number,
    retryAfterSeconds?: number,
  ): never {
    throw this.#unavailable(reason, message, upstreamStatus, retryAfterSeconds);
  }

  /** Removes the configured credentials from text that came from the server or network. */
  #redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join('***');
    return out;
  }
}
