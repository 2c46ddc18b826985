import { InputError } from '@backstage/errors';

// SQLite caps bound variables per statement (999 on older builds), so multi-row inserts and
// long IN lists are split.
export const INSERT_CHUNK_ROWS = 100;
const IN_LIST_CHUNK = 500;

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/**
 * Runs a query per chunk of an IN list (none without a list) and joins the results; the
 * SQL order of each chunk is restored across chunks with `compare`.
 */
export async function inChunks<R>(
  values: string[] | undefined,
  query: (chunk: string[] | undefined) => Promise<R[]>,
  compare?: (a: R, b: R) => number,
): Promise<R[]> {
  if (values === undefined) {
    return query(undefined);
  }
  const chunks = chunk([...new Set(values)], IN_LIST_CHUNK);
  if (chunks.length === 0) {
    return [];
  }
  const results = (await Promise.all(chunks.map(c => query(c)))).flat();
  return chunks.length > 1 && compare ? results.sort(compare) : results;
}

let lastNow = 0;

/**
 * Now, strictly later than the last call: records written one after the other within the
 * same millisecond still list newest first (ties would fall to their random ids).
 */
function monotonicNow(): string {
  lastNow = Math.max(Date.now(), lastNow + 1);
  return new Date(lastNow).toISOString();
}

/** A normalised ISO instant, so stored instants compare correctly as text; now by default. */
export function toInstant(value: string | undefined): string {
  if (value === undefined) {
    return monotonicNow();
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InputError(`Invalid instant '${value}'`);
  }
  return new Date(time).toISOString();
}

/** `{ key: value }`, or `{}` for a null column, so absent optional fields stay absent. */
export function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): { [key in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as {
    [key in K]?: V;
  };
}

// Code-point order, as days and ISO instants sort as text.
export function cmp(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}
