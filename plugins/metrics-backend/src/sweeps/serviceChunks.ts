import {
  escapeLabelValue,
  escapeRegex,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Most characters of service-matcher text (`service=~"a|b|…"`, escaped) in one sweep query.
 * Queries are POSTed, so no URL limit applies, but a multi-window query repeats the matcher
 * twice per window: 16 KB keeps an 8-window burn-rate query under ~300 KB of PromQL, far
 * below the 10 MB form body Prometheus, Thanos and Mimir parse, and cheap to parse.
 */
export const MAX_SERVICE_MATCHER_CHARS = 16 * 1024;

/** The limits one chunk of services keeps to. */
export interface ChunkLimits {
  /** Characters of escaped matcher text; default {@link MAX_SERVICE_MATCHER_CHARS}. */
  maxMatcherChars?: number;
  /** Services per query, so the answer stays under the instance's `limits.maxSeries`. */
  maxServices?: number;
}

/** Length of a service's alternative in a `=~` matcher, as the query builders escape it. */
function matcherLength(service: string): number {
  return escapeLabelValue(escapeRegex(service)).length;
}

/**
 * Splits items into as few chunks as the limits allow, by the service they read: every
 * service in one chunk only, services sorted so chunks are stable between runs. A single
 * service longer than the limit gets a chunk of its own. One chunk when everything fits.
 */
export function chunkByService<T>(
  items: ReadonlyArray<T>,
  serviceOf: (item: T) => string,
  limits: ChunkLimits = {},
): T[][] {
  const maxChars = limits.maxMatcherChars ?? MAX_SERVICE_MATCHER_CHARS;
  const maxServices = Math.max(1, limits.maxServices ?? Infinity);
  const byService = new Map<string, T[]>();
  for (const item of items) {
    const service = serviceOf(item);
    byService.set(service, [...(byService.get(service) ?? []), item]);
  }
  const chunks: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  let services = 0;
  for (const service of [...byService.keys()].sort()) {
    // `|` between alternatives.
    const length = matcherLength(service) + (services > 0 ? 1 : 0);
    if (
      services > 0 &&
      (chars + length > maxChars || services >= maxServices)
    ) {
      chunks.push(current);
      current = [];
      chars = 0;
      services = 0;
    }
    current.push(...byService.get(service)!);
    chars += services > 0 ? length : matcherLength(service);
    services += 1;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
