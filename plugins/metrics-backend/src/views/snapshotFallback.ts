import {
  IntegrationDefinition,
  IntegrationViewItem,
  ResolvedEntityMetrics,
  SloDefinition,
  SloViewItem,
  addDays,
  dayOf,
  discoveredIntegrationById,
  ratio,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { SnapshotRow, SnapshotStore } from '../database/SnapshotStore';
import type { ViewRequest } from '../http/parseViewRequest';
import { integrationFields } from './metricFields';
import { sloItemFromWindows } from './sloSection';

const DAY_SECONDS = 86_400;
const INTEGRATION_PREFIX = 'integration:';

/** A duration in whole days, at least one: `28d` → 28, `1h` → 1. */
export function wholeDays(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / DAY_SECONDS));
}

/** The view's range in whole days. */
export function rangeDays(request: ViewRequest): number {
  return wholeDays(request.end - request.start);
}

/** An SLO's window in whole days. */
export function sloWindowDays(slo: SloDefinition): number {
  return wholeDays(slo.windowSeconds);
}

/** What to read: the entities, and how far back. */
export interface StoredHistoryQuery {
  entityRefs: string[];
  /** End of the view, Unix seconds; the newest day read is the last complete one before it. */
  end: number;
  /** The longest span in days an item sums (an SLO window, the view's range). */
  spanDays: number;
  /** How many days the last snapshot may lie before the newest day and still be shown. */
  staleDays: number;
}

/** Sums of a metric over whole days ending at `asOf`. */
interface DaysSum {
  asOf: string;
  numerator: number;
  denominator: number;
}

const key = (entityRef: string, metricId: string) =>
  `${entityRef}\u0000${metricId}`;

/**
 * The stored daily snapshots of some entities, read once (one `listSnapshots` and one
 * `listCollectedDays`), to build SLO and integration items when their source is down.
 *
 * A metric's numbers end at its last known day: the later of its last stored row and the last
 * day the collector completed (every source answered, so a metric without a row that day had
 * no events, as discovered integrations without calls). They are summed over a window of
 * whole days ending there, and only when at least half of the window's days are known.
 */
export class StoredHistory {
  static async read(
    store: Pick<SnapshotStore, 'listSnapshots' | 'listCollectedDays'>,
    query: StoredHistoryQuery,
  ): Promise<StoredHistory> {
    const toDay = addDays(dayOf(query.end * 1000), -1);
    const fromDay = addDays(toDay, 1 - query.spanDays - query.staleDays);
    const [rows, collected] = await Promise.all([
      store.listSnapshots({ fromDay, toDay, entityRefs: query.entityRefs }),
      store.listCollectedDays({ fromDay, toDay }),
    ]);
    return new StoredHistory(rows, collected);
  }

  readonly #rows = new Map<string, SnapshotRow[]>();
  readonly #metricIds = new Map<string, Set<string>>();
  readonly #collected: ReadonlySet<string>;
  readonly #lastCollected?: string;

  private constructor(rows: SnapshotRow[], collectedDays: string[]) {
    for (const row of rows) {
      const k = key(row.entityRef, row.metricId);
      this.#rows.set(k, [...(this.#rows.get(k) ?? []), row]);
      const ids = this.#metricIds.get(row.entityRef) ?? new Set<string>();
      ids.add(row.metricId);
      this.#metricIds.set(row.entityRef, ids);
    }
    this.#collected = new Set(collectedDays);
    this.#lastCollected = [...this.#collected].sort().pop();
  }

  /**
   * The SLO over its window in whole days from snapshots: SLI and budget as the live path
   * computes them, no burn rates (so alert `none`), no series; undefined when too few days
   * are stored.
   */
  slo(
    entityRef: string,
    slo: SloDefinition,
    reason: string,
  ): SloViewItem | undefined {
    const sum = this.#sum(entityRef, slo.id, sloWindowDays(slo));
    if (!sum) return undefined;
    const item = sloItemFromWindows(
      slo,
      new Map([[slo.window, sum.numerator]]),
      new Map([[slo.window, sum.denominator]]),
    );
    return { ...item, stale: { asOf: sum.asOf, reason } };
  }

  /**
   * Success rate and volume over `days` whole days from snapshots (numerator = successes,
   * denominator = calls); failures carry no class. Undefined when too few days are stored.
   */
  integration(
    entityRef: string,
    definition: IntegrationDefinition,
    days: number,
    reason: string,
  ): IntegrationViewItem | undefined {
    const sum = this.#sum(entityRef, definition.id, days);
    if (!sum) return undefined;
    const requests = sum.denominator;
    const successes = Math.min(sum.numerator, requests);
    return {
      ...integrationFields(definition),
      requests,
      failures: requests - successes,
      successRate: ratio(successes, requests) ?? null,
      errorClasses: {},
      unknownShare: 0,
      stale: { asOf: sum.asOf, reason },
    };
  }

  /**
   * Integrations discovered on the conventional counter that have snapshots: without the
   * source they are known only from what the collector stored.
   */
  discoveredIntegrations(
    resolved: ResolvedEntityMetrics,
  ): IntegrationDefinition[] {
    const discovery = resolved.integrationDiscovery;
    if (!discovery) return [];
    const declared = new Set(resolved.definitions.map(d => d.id));
    const found: IntegrationDefinition[] = [];
    for (const metricId of this.#metricIds.get(resolved.entityRef) ?? []) {
      if (!metricId.startsWith(INTEGRATION_PREFIX) || declared.has(metricId)) {
        continue;
      }
      const definition = discoveredIntegrationById(discovery, metricId);
      if (definition) found.push(definition);
    }
    return found.sort((a, b) => a.id.localeCompare(b.id));
  }

  #sum(entityRef: string, metricId: string, days: number): DaysSum | undefined {
    const rows = this.#rows.get(key(entityRef, metricId));
    if (!rows || rows.length === 0) return undefined;
    const lastRow = rows.reduce((last, r) => (r.day > last ? r.day : last), '');
    const asOf =
      this.#lastCollected && this.#lastCollected > lastRow
        ? this.#lastCollected
        : lastRow;
    const fromDay = addDays(asOf, 1 - days);
    const inWindow = rows.filter(r => r.day >= fromDay && r.day <= asOf);
    if (inWindow.length === 0) return undefined;
    const stored = new Set(inWindow.map(r => r.day));
    let known = 0;
    for (let i = 0; i < days; i++) {
      const day = addDays(fromDay, i);
      if (stored.has(day) || this.#collected.has(day)) known += 1;
    }
    if (known * 2 < days) return undefined;
    return {
      asOf,
      numerator: inWindow.reduce((s, r) => s + r.numerator, 0),
      denominator: inWindow.reduce((s, r) => s + (r.denominator ?? 0), 0),
    };
  }
}
