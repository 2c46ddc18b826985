import { CompoundEntityRef, DEFAULT_NAMESPACE } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  RANGE_WINDOWS,
  RANGE_WINDOW_SECONDS,
  RangeWindow,
  clipInput,
  isRangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { checkViewEnd, viewEndWindow } from './dateWindows';

/** A parsed request for an entity or group view: who, and which time range. */
export interface ViewRequest {
  entityRef: CompoundEntityRef;
  range: RangeWindow;
  /** End of the range in Unix seconds (whole seconds); start = end − range. */
  end: number;
  start: number;
  /** `previous`: also answer the figures of the period of the same length before `start`. */
  compare?: 'previous';
}

/** What a view may be compared with (`compare` query parameter). */
export const VIEW_COMPARISONS = ['previous'] as const;
export type ViewComparison = (typeof VIEW_COMPARISONS)[number];

function parseCompare(value: string | undefined): ViewComparison | undefined {
  if (value === undefined) return undefined;
  if (!(VIEW_COMPARISONS as readonly string[]).includes(value)) {
    throw new InputError(
      `Query parameter 'compare' must be ${VIEW_COMPARISONS.join(
        ', ',
      )} or absent, got '${clipInput(value)}'`,
    );
  }
  return value as ViewComparison;
}

export const DEFAULT_RANGE: RangeWindow = '7d';

const KIND = /^[a-zA-Z][a-zA-Z0-9-]{0,62}$/;
/** What the catalog accepts as an entity namespace or name. */
export const ENTITY_NAME_PATTERN =
  /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,61}[a-zA-Z0-9])?$/;

function single(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`Query parameter '${name}' must be given once`);
  }
  return value;
}

/**
 * "Now" is rounded down so identical requests stay identical for coalescing. The HTTP views
 * round it to the view cache's TTL instead (`ViewCache.nowAlignmentSeconds`): every request in
 * one TTL-long slot then shares one key, so a view is computed at most once per slot.
 */
export const NOW_GRANULARITY_SECONDS = 15;

/**
 * A given `end` snaps down to the whole minute: every distinct `end` is a new cache entry and
 * a new set of queries, and a caller varying it by the second would make sixty times as many.
 * Not coarser (the range's chart step, 84 min for 7d): a link to a moment, such as an
 * incident's or the demo world's ground truth, must show that moment's numbers. The bounded
 * cache and the per-requester rate limit bound the rest (docs/non-functional.md).
 */
export const GIVEN_END_GRANULARITY_SECONDS = 60;

/** The view's end: "now" rounded down to `nowAlignment`, or a given time snapped down to the minute. */
function parseEnd(
  value: string | undefined,
  nowSeconds: number,
  nowAlignment: number,
): number {
  if (value === undefined || value === '') {
    return nowSeconds - (nowSeconds % nowAlignment);
  }
  const asNumber = Number(value);
  const millis = /^\d+(\.\d+)?$/.test(value)
    ? asNumber * 1000
    : Date.parse(value);
  if (!Number.isFinite(millis)) {
    throw new InputError(
      `Query parameter 'end' must be an ISO 8601 time or Unix seconds, got '${clipInput(
        value,
      )}'`,
    );
  }
  const end = Math.floor(millis / 1000);
  checkViewEnd(end, viewEndWindow(nowSeconds), value);
  return end - (end % GIVEN_END_GRANULARITY_SECONDS);
}

/**
 * Parses `/{kind}/{namespace}/{name}` (or `/{namespace}/{name}` with a fixed kind) into an
 * entity ref, kind and namespace lower-cased; throws InputError naming the bad segment.
 */
export function parseEntityPath(
  params: { kind?: string; namespace?: string; name?: string },
  fixedKind?: string,
): CompoundEntityRef {
  const kind = fixedKind ?? params.kind ?? '';
  const namespace = params.namespace || DEFAULT_NAMESPACE;
  const name = params.name ?? '';
  if (!KIND.test(kind)) {
    throw new InputError(`Invalid entity kind '${clipInput(kind)}'`);
  }
  if (!ENTITY_NAME_PATTERN.test(namespace)) {
    throw new InputError(`Invalid entity namespace '${clipInput(namespace)}'`);
  }
  if (!ENTITY_NAME_PATTERN.test(name)) {
    throw new InputError(`Invalid entity name '${clipInput(name)}'`);
  }
  return {
    kind: kind.toLocaleLowerCase('en-US'),
    namespace: namespace.toLocaleLowerCase('en-US'),
    name,
  };
}

/**
 * Parses `/{kind}/{namespace}/{name}` (or `/{namespace}/{name}` with a fixed kind) and the
 * `range`, `end` and `compare` query parameters; throws InputError with a message people can act on.
 */
export function parseViewRequest(
  params: { kind?: string; namespace?: string; name?: string },
  query: Record<string, unknown>,
  options: {
    fixedKind?: string;
    now?: () => number;
    /** Seconds "now" is rounded down to; default {@link NOW_GRANULARITY_SECONDS}. */
    nowAlignmentSeconds?: number;
  } = {},
): ViewRequest {
  const entityRef = parseEntityPath(params, options.fixedKind);
  const range = single(query.range, 'range') ?? DEFAULT_RANGE;
  if (!isRangeWindow(range)) {
    throw new InputError(
      `Query parameter 'range' must be one of ${RANGE_WINDOWS.join(
        ', ',
      )}, got '${clipInput(range)}'`,
    );
  }
  const nowSeconds = Math.floor((options.now?.() ?? Date.now()) / 1000);
  const end = parseEnd(
    single(query.end, 'end'),
    nowSeconds,
    options.nowAlignmentSeconds ?? NOW_GRANULARITY_SECONDS,
  );
  const compare = parseCompare(single(query.compare, 'compare'));
  if (compare && options.fixedKind) {
    throw new InputError(
      `Query parameter 'compare' is read by the entity view only, not the ${options.fixedKind} view`,
    );
  }
  return {
    entityRef,
    range,
    end,
    start: end - RANGE_WINDOW_SECONDS[range],
    ...(compare ? { compare } : {}),
  };
}
