import type {
  EntityMetricsResponse,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Looks items up in the previous period's section by key.
 *
 * The lookup answers `undefined` while the previous period loads (show no delta yet), and
 * `null` when it cannot be compared (request failed, section not ok, item absent): show `—`.
 */
export function previousItems<T>(
  previous: EntityMetricsResponse | null | undefined,
  sectionOf: (view: EntityMetricsResponse) => ViewSection<T>,
  keyOf: (item: T) => string,
): (key: string) => T | null | undefined {
  if (previous === undefined) return () => undefined;
  const section = previous ? sectionOf(previous) : undefined;
  if (!section || section.status !== 'ok') return () => null;
  const byKey = new Map(section.items.map(item => [keyOf(item), item]));
  return key => byKey.get(key) ?? null;
}
