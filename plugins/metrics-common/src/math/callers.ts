import { InputError } from '@backstage/errors';
import { compareStrings } from './compare';

/**
 * Caller label value used when the label is missing or empty, as the instrumentation
 * convention does (`caller="unknown"`), so both spellings land in one row.
 *
 * @public
 */
export const UNKNOWN_CALLER = 'unknown';

/**
 * `caller` of the row that folds every caller beyond the top N.
 *
 * @public
 */
export const OTHER_CALLERS = '(other callers)';

/**
 * One row of `sum by (caller) (...)` over the range.
 *
 * @public
 */
export interface CallerRow {
  /** Label value; missing or empty means {@link UNKNOWN_CALLER}. */
  caller?: string | null;
  requests: number;
  errors: number;
  p95Seconds?: number;
}

/**
 * The catalog entity a caller id belongs to.
 *
 * @public
 */
export interface CallerEntity {
  entityRef: string;
  /** Owner entity ref, when known. */
  owner?: string;
}

/**
 * Maps caller ids (the `metrics-suite/caller-id` values) to entities.
 *
 * @public
 */
export type CallerResolver =
  | ReadonlyMap<string, CallerEntity>
  | Readonly<Record<string, CallerEntity | undefined>>;

/**
 * A caller as the API returns it (docs/api.md#entity-view).
 *
 * @public
 */
export interface CallerItem {
  /** Label value, {@link UNKNOWN_CALLER}, or {@link OTHER_CALLERS}. */
  caller: string;
  entityRef?: string;
  owner?: string;
  /** Set on callers that resolve to no catalog entity (outside the catalog, or unknown). */
  external?: true;
  /** Set on the {@link OTHER_CALLERS} row: how many callers it folds. */
  otherCallers?: number;
  requests: number;
  /** 0–1 of all requests to the service in the range; sums to 1 over the list. */
  share: number;
  /** errors / requests of this caller. */
  errorRatio: number;
  /** Only for rows built from exactly one input row: quantiles cannot be combined. */
  p95Seconds?: number;
}

/**
 * Options of {@link summarizeCallers}.
 *
 * @public
 */
export interface SummarizeCallersOptions {
  /** Caller id → entity; callers not found are marked `external`. */
  resolver?: CallerResolver;
  /**
   * How many callers to list before folding the rest into one {@link OTHER_CALLERS} row.
   * Default {@link DEFAULT_TOP_CALLERS}.
   */
  limit?: number;
}

/**
 * Default number of callers listed individually: the `topk(10, ...)` of the reference
 * queries, and what fits a table on the service page.
 *
 * @public
 */
export const DEFAULT_TOP_CALLERS = 10;

function count(value: number | undefined): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0
    ? value
    : 0;
}

function resolve(
  resolver: CallerResolver | undefined,
  caller: string,
): CallerEntity | undefined {
  // The sentinel must not be claimed by an entity that happens to use "unknown" as its id.
  if (!resolver || caller === UNKNOWN_CALLER) return undefined;
  if (resolver instanceof Map) return resolver.get(caller);
  const record = resolver as Readonly<Record<string, CallerEntity | undefined>>;
  // Own keys only: a caller named "constructor" must not hit Object.prototype.
  return Object.prototype.hasOwnProperty.call(record, caller)
    ? record[caller]
    : undefined;
}

interface Merged {
  requests: number;
  errors: number;
  p95Seconds?: number;
  rows: number;
}

/**
 * Turns per-caller counts into the API's caller items.
 *
 * - Missing, empty or blank labels become {@link UNKNOWN_CALLER}; rows that normalise to the
 *   same caller are merged (their p95 is dropped: quantiles cannot be added).
 * - Callers without requests in the range are left out; errors are clamped to `[0, requests]`
 *   since the two counts come from separately extrapolated queries.
 * - Sorted by requests (desc), then caller. Beyond `limit` the rest is folded into one
 *   {@link OTHER_CALLERS} row, so `share` still adds up to 1 and the table shows how much
 *   traffic the long tail carries; a single leftover caller is listed rather than folded.
 * - No requests at all gives an empty list (no NaN shares).
 *
 * @throws InputError when `limit` is not a positive whole number.
 * @public
 */
export function summarizeCallers(
  rows: ReadonlyArray<CallerRow>,
  options?: SummarizeCallersOptions,
): CallerItem[] {
  const limit = options?.limit ?? DEFAULT_TOP_CALLERS;
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new InputError(
      `Invalid caller limit ${limit}: must be a whole number >= 1`,
    );
  }

  const merged = new Map<string, Merged>();
  for (const row of rows) {
    const label = typeof row.caller === 'string' ? row.caller : '';
    const caller = label.trim() === '' ? UNKNOWN_CALLER : label;
    const entry = merged.get(caller) ?? { requests: 0, errors: 0, rows: 0 };
    entry.requests += count(row.requests);
    entry.errors += count(row.errors);
    entry.rows += 1;
    const p95 = row.p95Seconds;
    entry.p95Seconds =
      entry.rows === 1 && typeof p95 === 'number' && Number.isFinite(p95)
        ? p95
        : undefined;
    merged.set(caller, entry);
  }

  const callers = [...merged.entries()]
    .filter(([, entry]) => entry.requests > 0)
    .map(([caller, entry]) => ({
      caller,
      ...entry,
      errors: Math.min(entry.errors, entry.requests),
    }))
    .sort(
      (a, b) => b.requests - a.requests || compareStrings(a.caller, b.caller),
    );
  const total = callers.reduce((sum, c) => sum + c.requests, 0);
  if (total <= 0) return [];

  const fold = callers.length > limit + 1;
  const listed = fold ? callers.slice(0, limit) : callers;
  const items: CallerItem[] = listed.map(c => {
    const entity = resolve(options?.resolver, c.caller);
    const item: CallerItem = {
      caller: c.caller,
      ...(entity
        ? { entityRef: entity.entityRef }
        : { external: true as const }),
      ...(entity?.owner ? { owner: entity.owner } : {}),
      requests: c.requests,
      share: c.requests / total,
      errorRatio: c.errors / c.requests,
    };
    if (c.p95Seconds !== undefined) item.p95Seconds = c.p95Seconds;
    return item;
  });

  if (fold) {
    const rest = callers.slice(limit);
    const requests = rest.reduce((sum, c) => sum + c.requests, 0);
    const errors = rest.reduce((sum, c) => sum + c.errors, 0);
    items.push({
      caller: OTHER_CALLERS,
      otherCallers: rest.length,
      requests,
      share: requests / total,
      errorRatio: errors / requests,
    });
  }
  return items;
}
