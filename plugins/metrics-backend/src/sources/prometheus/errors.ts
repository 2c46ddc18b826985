import { CustomErrorBase, ServiceUnavailableError } from '@backstage/errors';

/** How much of a query is quoted in error messages. */
export const QUERY_EXCERPT_LENGTH = 200;

/**
 * The first {@link QUERY_EXCERPT_LENGTH} characters of a query with whitespace collapsed, for
 * error messages. Queries come from catalog definitions and carry no secrets.
 */
export function queryExcerpt(promql: string): string {
  const flat = promql.replace(/\s+/g, ' ').trim();
  return flat.length > QUERY_EXCERPT_LENGTH
    ? `${flat.slice(0, QUERY_EXCERPT_LENGTH)}…`
    : flat;
}

/**
 * Prometheus' own error text with every label set (`{service="a", code="500"}`) replaced by
 * `{…}`: texts such as "found duplicate series for the match group {…}" would otherwise show
 * the labels of series the entity's query matched, other services' included. Quoted braces
 * inside a label value do not end the set.
 */
export function withoutLabelSets(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    out += `${text.slice(i, open)}{…}`;
    let j = open + 1;
    let quote: string | undefined;
    for (; j < text.length; j++) {
      const c = text[j];
      if (quote) {
        if (c === '\\') j++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'" || c === '`') {
        quote = c;
      } else if (c === '}') {
        break;
      }
    }
    i = j + 1;
  }
  return out;
}

/**
 * Prometheus refused or failed to run a query because of the query itself (`bad_data`,
 * HTTP 400, e.g. a parse error or too many points; or `execution`, HTTP 422, e.g. too many
 * samples or many-to-many matching). Retrying will not help: the metric definition (or the
 * parameters built from it) must change, so callers report it as a definition problem rather
 * than as an outage.
 *
 * It deliberately has no `status`/`statusCode` field: should it reach the Backstage error
 * middleware it becomes a 500, since the fault is in server-side data, not in the request.
 */
export class PrometheusQueryError extends CustomErrorBase {
  name = 'PrometheusQueryError' as const;

  /** Name of the configured instance that rejected the query. */
  readonly instance: string;
  /** Prometheus `errorType`: `bad_data`, `execution`, or another 4xx type. */
  readonly errorType: string;
  /** HTTP status Prometheus answered with (named so the error middleware ignores it). */
  readonly upstreamStatus: number;
  /**
   * Prometheus's own explanation, e.g. `1:5: parse error: unexpected end of input`, its label
   * sets replaced by `{…}` (see {@link withoutLabelSets}); the client logs the full text.
   */
  readonly detail: string;
  /** The first 200 characters of the query. */
  readonly query?: string;

  constructor(options: {
    message: string;
    instance: string;
    errorType: string;
    upstreamStatus: number;
    detail: string;
    query?: string;
  }) {
    super(options.message);
    this.instance = options.instance;
    this.errorType = options.errorType;
    this.upstreamStatus = options.upstreamStatus;
    this.detail = options.detail;
    this.query = options.query;
  }
}

/**
 * A query was not sent because the work it belongs to has spent its query budget
 * (`limits.queriesPerView`, `limits.queriesPerCollectorRun`). Like a definition problem it is
 * reported, not retried and not hidden behind stored history.
 */
export class QueryBudgetError extends CustomErrorBase {
  name = 'QueryBudgetError' as const;
}

/**
 * Why a Prometheus instance could not answer:
 *
 * - `timeout`: Prometheus's own `timeout` error, or no answer within the instance's `timeoutMs`
 * - `unreachable`: connection refused, DNS failure, TLS failure, reset
 * - `auth`: HTTP 401/403, the configured credentials were refused
 * - `rate_limited`: HTTP 429
 * - `not_found`: HTTP 404, usually a wrong `baseUrl` (e.g. Mimir's `/prometheus` prefix missing)
 * - `server_error`: other 5xx, `internal`, `unavailable`, `canceled`
 * - `bad_response`: a body that is not the Prometheus JSON envelope (an HTML proxy page, a
 *   redirect, malformed data)
 * - `busy`: this backend already has `limits.maxConcurrentQueries` queries in flight on the
 *   instance and the query waited `limits.queueTimeoutMs` (or the view's deadline) for a slot
 */
export type PrometheusUnavailableReason =
  | 'timeout'
  | 'unreachable'
  | 'auth'
  | 'rate_limited'
  | 'not_found'
  | 'server_error'
  | 'bad_response'
  | 'busy';

/**
 * A Prometheus instance could not answer; nothing is wrong with the query itself. This is a
 * {@link @backstage/errors#ServiceUnavailableError} (its `name` stays `ServiceUnavailableError`,
 * so the error middleware answers 503), with the instance and a machine-readable `reason`
 * for panels that degrade to the last snapshot.
 */
export class PrometheusUnavailableError extends ServiceUnavailableError {
  readonly instance: string;
  readonly reason: PrometheusUnavailableReason;
  /** HTTP status, when Prometheus (or a proxy) answered at all. */
  readonly upstreamStatus?: number;
  /** Seconds from `Retry-After`, for `rate_limited` and some `server_error`s. */
  readonly retryAfterSeconds?: number;

  constructor(options: {
    message: string;
    instance: string;
    reason: PrometheusUnavailableReason;
    upstreamStatus?: number;
    retryAfterSeconds?: number;
  }) {
    super(options.message);
    this.instance = options.instance;
    this.reason = options.reason;
    this.upstreamStatus = options.upstreamStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}
