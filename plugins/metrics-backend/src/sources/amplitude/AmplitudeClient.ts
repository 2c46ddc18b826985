import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { DateTime } from 'luxon';
import pLimit from 'p-limit';
import { RetryClock, withRetries } from '../retry';
import type { AmplitudeConfig, AmplitudeProjectConfig } from './config';

export { parseRetryAfter } from '../retry';

/** A filter on an event property (`subprop_type: 'event'`) or user property (`'user'`). */
export interface AmplitudeEventFilter {
  subprop_type: 'event' | 'user';
  /** Property name; custom user properties are written `gp:<name>`. */
  subprop_key: string;
  /** e.g. `is`, `is not`, `contains`, `does not contain`, `less`, `greater`. */
  subprop_op: string;
  subprop_value: string[];
}

/** A property to group an event by (at most two per event). */
export interface AmplitudeGroupBy {
  type: 'event' | 'user';
  value: string;
}

/** The event definition sent, JSON- and URL-encoded, as `e` (or `e2`). */
export interface AmplitudeEvent {
  /** An event name, or `_active`, `_all`, `ce:<custom event>`. */
  event_type: string;
  filters?: AmplitudeEventFilter[];
  group_by?: AmplitudeGroupBy[];
}

/** The `m` parameter. `histogram`, `sums` and `value_avg` need a group-by; `formula` needs `formula`. */
export type AmplitudeMetric =
  | 'uniques'
  | 'totals'
  | 'pct_dau'
  | 'average'
  | 'histogram'
  | 'sums'
  | 'value_avg'
  | 'formula';

/** The `i` parameter: daily `1`, weekly `7`, monthly `30`, realtime `-300000`, hourly `-3600000`. */
export type AmplitudeInterval = 1 | 7 | 30 | -300000 | -3600000;

/** A segment (the `s` parameter), e.g. `{ prop: 'platform', op: 'is', values: ['iOS'] }`. */
export interface AmplitudeSegment {
  prop: string;
  op: string;
  values: string[];
}

/** One event segmentation query (`GET /api/2/events/segmentation`). */
export interface AmplitudeSegmentationQuery {
  event: AmplitudeEvent;
  /** Second event, e.g. for `metric: 'formula'`. */
  event2?: AmplitudeEvent;
  /** Sent as `m`; Amplitude's default is `uniques`. */
  metric?: AmplitudeMetric;
  /** Required with `metric: 'formula'`, e.g. `UNIQUES(A)/UNIQUES(B)`. */
  formula?: string;
  /** First day included; turned into `YYYYMMDD` in the project's time zone. */
  start: Date;
  /** Last day included; turned into `YYYYMMDD` in the project's time zone. */
  end: Date;
  /** Sent as `i`; Amplitude's default is daily. */
  interval?: AmplitudeInterval;
  /** Sent as `s`. */
  segments?: AmplitudeSegment[];
  /** Number of group-by values returned (`limit`, 1–1000; Amplitude's default 100). */
  limit?: number;
}

/** A parsed event segmentation response. */
export interface AmplitudeSegmentationResult {
  /** One array per group (or one for an ungrouped query), one value per `xValues` entry. */
  series: number[][];
  /** One label per series: the group value, or Amplitude's placeholder for ungrouped results. */
  seriesLabels: string[];
  /** Per-series total over the whole range, when Amplitude returns `seriesCollapsed`. */
  seriesCollapsed?: number[];
  /** Bucket dates as Amplitude returns them (project-local, e.g. `2025-01-07`). */
  xValues: string[];
}

/** Hooks for tests and wiring; all optional. */
export interface AmplitudeClientOptions {
  logger?: LoggerService;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Waits between rate-limited attempts; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1); defaults to `Math.random`. */
  random?: () => number;
  /** Current time in ms, used to read HTTP-date `Retry-After` values. */
  now?: () => number;
}

const SEGMENTATION_PATH = '/api/2/events/segmentation';
const INTERVALS: ReadonlySet<number> = new Set([1, 7, 30, -300000, -3600000]);
const METRICS: ReadonlySet<string> = new Set([
  'uniques',
  'totals',
  'pct_dau',
  'average',
  'histogram',
  'sums',
  'value_avg',
  'formula',
]);
const MAX_DETAIL_LENGTH = 300;

/** Formats an instant as `YYYYMMDD` in the given IANA time zone. */
export function formatAmplitudeDate(date: Date, timeZone: string): string {
  return DateTime.fromJSDate(date, { zone: timeZone }).toFormat('yyyyMMdd');
}

function checkNonEmpty(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${where} must be a non-empty string`);
  }
  return value;
}

function checkStrings(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new InputError(`${where} must be a list of strings`);
  }
  return value;
}

/** Rebuilds the event with the documented key order and nothing else in it. */
function encodeEvent(event: AmplitudeEvent, where: string): string {
  if (!event || typeof event !== 'object') {
    throw new InputError(`${where} must be an event definition`);
  }
  const out: Record<string, unknown> = {
    event_type: checkNonEmpty(event.event_type, `${where}.event_type`),
  };
  if (event.filters !== undefined) {
    if (!Array.isArray(event.filters)) {
      throw new InputError(`${where}.filters must be a list`);
    }
    out.filters = event.filters.map((f, i) => {
      const at = `${where}.filters[${i}]`;
      if (f?.subprop_type !== 'event' && f?.subprop_type !== 'user') {
        throw new InputError(`${at}.subprop_type must be "event" or "user"`);
      }
      return {
        subprop_type: f.subprop_type,
        subprop_key: checkNonEmpty(f.subprop_key, `${at}.subprop_key`),
        subprop_op: checkNonEmpty(f.subprop_op, `${at}.subprop_op`),
        subprop_value: checkStrings(f.subprop_value, `${at}.subprop_value`),
      };
    });
  }
  if (event.group_by !== undefined) {
    if (!Array.isArray(event.group_by) || event.group_by.length > 2) {
      throw new InputError(
        `${where}.group_by must be a list of at most 2 properties`,
      );
    }
    out.group_by = event.group_by.map((g, i) => {
      const at = `${where}.group_by[${i}]`;
      if (g?.type !== 'event' && g?.type !== 'user') {
        throw new InputError(`${at}.type must be "event" or "user"`);
      }
      return { type: g.type, value: checkNonEmpty(g.value, `${at}.value`) };
    });
  }
  return JSON.stringify(out);
}

/**
 * Builds the query string of an event segmentation request, encoded as Amplitude documents it
 * (`%20` for spaces, JSON parameters URL-encoded), in a fixed order so equal queries give equal
 * URLs. Throws InputError for a query Amplitude would reject.
 */
export function buildSegmentationQueryString(
  query: AmplitudeSegmentationQuery,
  timeZone: string,
): string {
  const params: Array<[string, string]> = [
    ['e', encodeEvent(query.event, 'event')],
  ];
  if (query.event2 !== undefined) {
    params.push(['e2', encodeEvent(query.event2, 'event2')]);
  }
  if (query.metric !== undefined) {
    if (!METRICS.has(query.metric)) {
      throw new InputError(
        `metric must be one of ${[...METRICS].join(', ')}, got "${
          query.metric
        }"`,
      );
    }
    params.push(['m', query.metric]);
  }
  if (query.metric === 'formula') {
    params.push(['formula', checkNonEmpty(query.formula, 'formula')]);
  } else if (query.formula !== undefined) {
    throw new InputError('formula is only allowed with metric "formula"');
  }
  const { start, end } = query;
  if (!(start instanceof Date) || Number.isNaN(start.getTime())) {
    throw new InputError('start must be a valid date');
  }
  if (!(end instanceof Date) || Number.isNaN(end.getTime())) {
    throw new InputError('end must be a valid date');
  }
  if (start.getTime() > end.getTime()) {
    throw new InputError('start must not be after end');
  }
  params.push(['start', formatAmplitudeDate(start, timeZone)]);
  params.push(['end', formatAmplitudeDate(end, timeZone)]);
  if (query.interval !== undefined) {
    if (!INTERVALS.has(query.interval)) {
      throw new InputError(
        `interval must be one of ${[...INTERVALS].join(', ')}, got ${
          query.interval
        }`,
      );
    }
    params.push(['i', String(query.interval)]);
  }
  if (query.segments !== undefined) {
    if (!Array.isArray(query.segments)) {
      throw new InputError('segments must be a list');
    }
    const segments = query.segments.map((s, i) => ({
      prop: checkNonEmpty(s?.prop, `segments[${i}].prop`),
      op: checkNonEmpty(s?.op, `segments[${i}].op`),
      values: checkStrings(s?.values, `segments[${i}].values`),
    }));
    params.push(['s', JSON.stringify(segments)]);
  }
  if (query.limit !== undefined) {
    if (
      !Number.isInteger(query.limit) ||
      query.limit < 1 ||
      query.limit > 1000
    ) {
      throw new InputError(
        `limit must be a whole number from 1 to 1000, got ${query.limit}`,
      );
    }
    params.push(['limit', String(query.limit)]);
  }
  return params
    .map(([key, value]) => `${key}=${encodeURIComponent(value)}`)
    .join('&');
}

function toNumber(value: unknown): number | undefined {
  if (value === null) return 0;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function toLabel(label: unknown): string {
  if (typeof label === 'string') return label;
  // Grouped results are often `[segmentIndex, "value"]` tuples; ungrouped ones `0` or `[0]`.
  if (Array.isArray(label)) {
    return label.length === 0 ? '' : String(label[label.length - 1]);
  }
  return String(label);
}

/** Parses `{ data: { series, seriesLabels, seriesCollapsed?, xValues } }`; undefined if malformed. */
export function parseSegmentationResponse(
  body: unknown,
): AmplitudeSegmentationResult | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const data = (body as { data?: unknown }).data;
  if (!data || typeof data !== 'object') return undefined;
  const { series, seriesLabels, seriesCollapsed, xValues } = data as Record<
    string,
    unknown
  >;
  if (!Array.isArray(series) || !Array.isArray(xValues)) return undefined;
  if (xValues.some(x => typeof x !== 'string')) return undefined;

  const parsedSeries: number[][] = [];
  for (const row of series) {
    if (!Array.isArray(row)) return undefined;
    const values = row.map(toNumber);
    if (values.some(v => v === undefined)) return undefined;
    parsedSeries.push(values as number[]);
  }

  const labels = Array.isArray(seriesLabels) ? seriesLabels.map(toLabel) : [];
  const result: AmplitudeSegmentationResult = {
    series: parsedSeries,
    seriesLabels: labels,
    xValues: xValues as string[],
  };
  if (Array.isArray(seriesCollapsed)) {
    const totals = seriesCollapsed.map(entry => {
      const first = Array.isArray(entry) ? entry[0] : entry;
      return first && typeof first === 'object'
        ? toNumber((first as { value?: unknown }).value)
        : toNumber(first);
    });
    if (totals.every(t => t !== undefined)) {
      result.seriesCollapsed = totals as number[];
    }
  }
  return result;
}

/** Amplitude's explanation from an error body: `{"error": "..."}`, `{"error": {"message"}}`, `{"message"}` or text. */
function errorDetail(text: string): string | undefined {
  let detail: unknown = text;
  try {
    const body = JSON.parse(text) as Record<string, unknown> | null;
    if (body && typeof body === 'object') {
      const error = body.error as unknown;
      if (typeof error === 'string') detail = error;
      else if (
        error &&
        typeof (error as { message?: unknown }).message === 'string'
      ) {
        detail = (error as { message: string }).message;
      } else if (typeof body.message === 'string') detail = body.message;
    }
  } catch {
    // not JSON: use the text itself
  }
  if (typeof detail !== 'string') return undefined;
  const oneLine = detail
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (!oneLine) return undefined;
  return oneLine.length > MAX_DETAIL_LENGTH
    ? `${oneLine.slice(0, MAX_DETAIL_LENGTH)}…`
    : oneLine;
}

function describeTransportError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } })
    ?.cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}

interface RawResponse {
  status: number;
  retryAfter: string | null;
  text: string;
}

/**
 * Client for one Amplitude project's Dashboard REST API.
 *
 * - Basic auth with the project's API key and secret key.
 * - At most `maxConcurrency` (≤ 5) requests in flight; the rest queue.
 * - 429: waits (`Retry-After`, else exponential backoff with jitter) within `retry` bounds,
 *   then throws ServiceUnavailableError.
 * - Identical concurrent queries share one request.
 */
export class AmplitudeClient {
  readonly #project: AmplitudeProjectConfig;
  readonly #authorization: string;
  readonly #limiter: pLimit.Limit;
  readonly #inFlight = new Map<string, Promise<AmplitudeSegmentationResult>>();
  readonly #fetch: typeof fetch;
  readonly #clock: RetryClock;
  readonly #logger?: LoggerService;

  constructor(
    project: AmplitudeProjectConfig,
    options: AmplitudeClientOptions = {},
  ) {
    this.#project = project;
    this.#authorization = `Basic ${Buffer.from(
      `${project.apiKey}:${project.secretKey}`,
      'utf8',
    ).toString('base64')}`;
    this.#limiter = pLimit(project.maxConcurrency);
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.#clock = {
      sleep: options.sleep,
      random: options.random,
      now: options.now,
    };
    this.#logger = options.logger;
  }

  /** The configured project name. */
  get projectName(): string {
    return this.#project.name;
  }

  /** The project's IANA time zone: Amplitude's days and hours are counted in it. */
  get timeZone(): string {
    return this.#project.timeZone;
  }

  /**
   * Runs an event segmentation query. Identical queries already in flight share the same
   * promise. Throws InputError for an invalid query or one Amplitude rejects (400), and
   * ServiceUnavailableError when Amplitude refuses the credentials, rate-limits past the retry
   * bounds, fails, times out or cannot be reached.
   */
  eventSegmentation(
    query: AmplitudeSegmentationQuery,
  ): Promise<AmplitudeSegmentationResult> {
    let url: string;
    try {
      url = `${
        this.#project.baseUrl
      }${SEGMENTATION_PATH}?${buildSegmentationQueryString(
        query,
        this.#project.timeZone,
      )}`;
    } catch (error) {
      return Promise.reject(error);
    }
    const existing = this.#inFlight.get(url);
    if (existing) return existing;
    const promise = this.#getSegmentation(url).finally(() => {
      this.#inFlight.delete(url);
    });
    this.#inFlight.set(url, promise);
    return promise;
  }

  async #getSegmentation(url: string): Promise<AmplitudeSegmentationResult> {
    const text = await this.#getWithRetries(url);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const result = parseSegmentationResponse(body);
    if (!result) {
      throw new ServiceUnavailableError(
        `Amplitude project '${
          this.#project.name
        }' returned a response that is not an event segmentation result`,
      );
    }
    return result;
  }

  #getWithRetries(url: string): Promise<string> {
    const { name, retry } = this.#project;
    return withRetries<string, RawResponse>({
      policy: retry,
      clock: this.#clock,
      attempt: async () => {
        // Hold a slot only while the request runs, not while backing off.
        const response = await this.#limiter(() => this.#send(url));
        if (response.status >= 200 && response.status < 300) {
          return { done: true, value: response.text };
        }
        if (response.status !== 429) throw this.#errorFor(response);
        return {
          done: false,
          refusal: response,
          retryAfter: response.retryAfter,
        };
      },
      giveUp: (response, delay) => {
        const detail = errorDetail(response.text);
        return new ServiceUnavailableError(
          `Amplitude project '${name}' is rate limiting requests; try again in ${Math.max(
            1,
            Math.ceil(delay / 1000),
          )} s${detail ? ` (Amplitude said: ${detail})` : ''}`,
        );
      },
      onRetry: (delay, n) =>
        this.#logger?.info(
          `Amplitude project '${name}' answered 429; retrying in ${delay} ms (retry ${n} of ${retry.maxRetries})`,
        ),
    });
  }

  async #send(url: string): Promise<RawResponse> {
    const { name, baseUrl, timeoutMs } = this.#project;
    try {
      const response = await this.#fetch(url, {
        method: 'GET',
        headers: {
          Authorization: this.#authorization,
          Accept: 'application/json',
        },
        signal: AbortSignal.timeout(timeoutMs),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        text: await response.text(),
      };
    } catch (error) {
      const errorName = (error as { name?: unknown })?.name;
      if (errorName === 'TimeoutError' || errorName === 'AbortError') {
        throw new ServiceUnavailableError(
          `Amplitude project '${name}' did not answer within ${timeoutMs} ms`,
        );
      }
      throw new ServiceUnavailableError(
        `Could not reach Amplitude project '${name}' at ${baseUrl} (${describeTransportError(
          error,
        )})`,
      );
    }
  }

  #errorFor({ status, text }: RawResponse): Error {
    const { name } = this.#project;
    if (status === 401 || status === 403) {
      // Never echo the body or the credentials: say which setting to check.
      return new ServiceUnavailableError(
        `Amplitude project '${name}' refused the configured credentials (HTTP ${status}); check its apiKey and secretKey in metrics.amplitude.projects`,
      );
    }
    const detail = errorDetail(text);
    if (status === 400) {
      return new InputError(
        `Amplitude project '${name}' rejected the query: ${
          detail ?? 'HTTP 400 without an explanation'
        }`,
      );
    }
    if (status >= 500) {
      return new ServiceUnavailableError(
        `Amplitude project '${name}' is unavailable (HTTP ${status})${
          detail ? `: ${detail}` : ''
        }`,
      );
    }
    return new ServiceUnavailableError(
      `Amplitude project '${name}' answered HTTP ${status} to ${SEGMENTATION_PATH}${
        detail ? `: ${detail}` : ''
      }`,
    );
  }
}

/** The configured Amplitude projects, by name. */
export class AmplitudeClients {
  readonly #clients: ReadonlyMap<string, AmplitudeClient>;

  private constructor(clients: ReadonlyMap<string, AmplitudeClient>) {
    this.#clients = clients;
  }

  static fromConfig(
    config: AmplitudeConfig,
    options: AmplitudeClientOptions = {},
  ): AmplitudeClients {
    return new AmplitudeClients(
      new Map(
        config.projects.map(project => [
          project.name,
          new AmplitudeClient(project, {
            ...options,
            logger: options.logger?.child({ amplitudeProject: project.name }),
          }),
        ]),
      ),
    );
  }

  /** Names of the configured projects. */
  names(): string[] {
    return [...this.#clients.keys()];
  }

  has(name: string): boolean {
    return this.#clients.has(name);
  }

  /** The client of a project; NotFoundError when no project has that name. */
  get(name: string): AmplitudeClient {
    const client = this.#clients.get(name);
    if (!client) {
      throw new NotFoundError(
        `No Amplitude project named '${name}' is configured under metrics.amplitude.projects`,
      );
    }
    return client;
  }
}
