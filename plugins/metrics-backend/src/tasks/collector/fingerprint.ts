import type { Entity } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level, so key order never changes the hash. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      // Code-unit order: the same on every machine, unlike locale order.
      .sort(([a], [b]) => Number(a > b) - Number(a < b));
    return `{${entries
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Whether the entity declares its own metrics (a `metadata.metrics` block). */
export function hasMetricsBlock(entity: Entity): boolean {
  const block = (entity.metadata as Record<string, unknown>).metrics;
  return block !== undefined && block !== null;
}

/**
 * A stable hash of an entity's `metadata.metrics` block (or of its absence): changes exactly
 * when the team edits its definitions, not when the catalog reorders keys.
 */
export function definitionsFingerprint(entity: Entity): string {
  const content = hasMetricsBlock(entity)
    ? `block:${canonicalJson(
        (entity.metadata as Record<string, unknown>).metrics,
      )}`
    : 'no block';
  return createHash('sha256').update(content).digest('hex');
}
