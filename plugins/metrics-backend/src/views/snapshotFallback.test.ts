import { TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import type {
  IntegrationDefinition,
  SloDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
import type { SnapshotRow } from '../database/SnapshotStore';
import { resolveForView } from './resolveForView';
import { StoredHistory, rangeDays, wholeDays } from './snapshotFallback';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const REF = 'component:default/orders';
// 2025-03-01T12:00:00Z: the last complete day is 2025-02-28.
const END = Date.parse('2025-03-01T12:00:00Z') / 1000;
const REASON = 'Prometheus "main" did not answer within 10 s';

const config = readMetricsConfig(
  new ConfigReader({
    metrics: {
      defaultSlos: [
        { name: 'availability', objective: 99.9, window: '28d' },
        { name: 'availability-7d', objective: 99, window: '7d' },
      ],
    },
  }),
);

function resolved(metrics?: JsonObject) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': 'orders' },
      ...(metrics ? { metrics } : {}),
    },
    spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
  };
  return resolveForView(entity, config, new Map()).resolved;
}

function slo(id: string, metrics?: JsonObject): SloDefinition {
  const found = resolved(metrics).definitions.find(d => d.id === id);
  if (found?.kind !== 'slo') throw new Error(`no SLO ${id}`);
  return found;
}

function integration(id: string, metrics: JsonObject): IntegrationDefinition {
  const found = resolved(metrics).definitions.find(d => d.id === id);
  if (found?.kind !== 'integration') throw new Error(`no integration ${id}`);
  return found;
}

function row(
  metricId: string,
  day: string,
  numerator: number,
  denominator: number,
): SnapshotRow {
  return {
    entityRef: REF,
    metricId,
    day,
    numerator,
    denominator,
    source: 'prometheus:main',
  };
}

/** Rows for every day from `from` to `to` (inclusive) with the same counts. */
function daily(
  metricId: string,
  from: string,
  to: string,
  numerator: number,
  denominator: number,
): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    rows.push(
      row(
        metricId,
        new Date(t).toISOString().slice(0, 10),
        numerator,
        denominator,
      ),
    );
  }
  return rows;
}

async function history(
  rows: SnapshotRow[],
  options: { collected?: string[]; spanDays?: number; staleDays?: number } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSnapshotStore.create({
    database: { getClient: async () => knex },
  });
  await store.upsertSnapshots(rows);
  if (options.collected) await store.markDaysCollected(options.collected);
  return StoredHistory.read(store, {
    entityRefs: [REF],
    end: END,
    spanDays: options.spanDays ?? 28,
    staleDays: options.staleDays ?? 28,
  });
}

describe('wholeDays and rangeDays', () => {
  it('rounds up to whole days, at least one', () => {
    expect(wholeDays(3_600)).toBe(1);
    expect(wholeDays(86_400)).toBe(1);
    expect(wholeDays(86_401)).toBe(2);
    expect(wholeDays(28 * 86_400)).toBe(28);
    const view = {
      entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
    };
    expect(
      rangeDays({ ...view, range: '7d', end: END, start: END - 7 * 86_400 }),
    ).toBe(7);
    expect(
      rangeDays({ ...view, range: '1h', end: END, start: END - 3_600 }),
    ).toBe(1);
  });
});

describe('StoredHistory', () => {
  it('builds an SLO over its window ending at the last stored day', async () => {
    const stored = await history([
      // Outside the 28-day window ending 2025-02-26: must not count.
      row('slo:availability', '2025-01-20', 0, 1_000),
      // 26 days of 9,995 good out of 10,000, up to the day before the outage.
      ...daily('slo:availability', '2025-02-01', '2025-02-26', 9_995, 10_000),
    ]);
    const item = stored.slo(REF, slo('slo:availability'), REASON);
    // 259,870 good of 260,000: 130 bad against a budget of 260 → half the budget left.
    expect(item).toEqual({
      id: 'slo:availability',
      name: 'availability',
      objective: 99.9,
      window: '28d',
      owner: 'group:default/team-orders',
      sli: 259_870 / 260_000,
      budgetRemaining: expect.closeTo(0.5, 9),
      burnRates: {},
      alert: 'none',
      state: 'healthy',
      counts: { good: 259_870, valid: 260_000 },
      stale: { asOf: '2025-02-26', reason: REASON },
    });
    expect(item).not.toHaveProperty('series');
  });

  it('decides the state like the live path', async () => {
    const stored = await history(
      daily('slo:availability', '2025-02-01', '2025-02-28', 9_980, 10_000),
    );
    // 560 bad of 280,000 is twice the budget: breaching.
    const item = stored.slo(REF, slo('slo:availability'), REASON);
    expect(item?.state).toBe('breaching');
    expect(item?.budgetRemaining).toBeCloseTo(-1, 9);
    expect(item?.stale?.asOf).toBe('2025-02-28');
  });

  it('gives no SLO when fewer than half of the window days are stored', async () => {
    const threeOfSeven = await history(
      daily('slo:availability-7d', '2025-02-24', '2025-02-26', 99, 100),
    );
    expect(
      threeOfSeven.slo(REF, slo('slo:availability-7d'), REASON),
    ).toBeUndefined();

    const fourOfSeven = await history(
      daily('slo:availability-7d', '2025-02-23', '2025-02-26', 99, 100),
    );
    expect(
      fourOfSeven.slo(REF, slo('slo:availability-7d'), REASON),
    ).toMatchObject({
      sli: 0.99,
      counts: { good: 396, valid: 400 },
      // 400 events are enough to judge; the budget is exactly spent, not overspent.
      state: 'at-risk',
      stale: { asOf: '2025-02-26' },
    });

    const none = await history([]);
    expect(none.slo(REF, slo('slo:availability'), REASON)).toBeUndefined();
  });

  it('reads only complete days before the end', async () => {
    const stored = await history([
      // The day of the view's end is not complete: never read.
      row('slo:availability-7d', '2025-03-01', 0, 100),
      ...daily('slo:availability-7d', '2025-02-22', '2025-02-28', 90, 100),
    ]);
    expect(stored.slo(REF, slo('slo:availability-7d'), REASON)).toMatchObject({
      counts: { good: 630, valid: 700 },
      stale: { asOf: '2025-02-28' },
    });
  });

  it('leaves out snapshots older than the staleness allowed', async () => {
    const rows = daily(
      'slo:availability-7d',
      '2025-02-04',
      '2025-02-10',
      90,
      100,
    );
    // 2025-02-10 lies 18 days before 2025-02-28.
    const recentOnly = await history(rows, { spanDays: 7, staleDays: 7 });
    expect(
      recentOnly.slo(REF, slo('slo:availability-7d'), REASON),
    ).toBeUndefined();
    const older = await history(rows, { spanDays: 7, staleDays: 28 });
    expect(older.slo(REF, slo('slo:availability-7d'), REASON)).toMatchObject({
      counts: { good: 630, valid: 700 },
      stale: { asOf: '2025-02-10' },
    });
  });

  it('builds an integration over the range without error classes', async () => {
    const metrics = {
      integrations: [
        {
          name: 'ledger',
          source: 'sql',
          eventType: 'ledger_call',
          partner: 'ledger',
          target: 99,
          owner: 'group:default/team-ledger',
        },
      ],
    };
    const stored = await history(
      daily('integration:ledger', '2025-02-20', '2025-02-27', 95, 100),
    );
    expect(
      stored.integration(
        REF,
        integration('integration:ledger', metrics),
        7,
        REASON,
      ),
    ).toEqual({
      id: 'integration:ledger',
      name: 'ledger',
      source: 'sql',
      requests: 700,
      failures: 35,
      successRate: 0.95,
      errorClasses: {},
      unknownShare: 0,
      target: 99,
      owner: 'group:default/team-ledger',
      stale: { asOf: '2025-02-27', reason: REASON },
    });
  });

  it('finds stored discovered integrations, counting collected days without calls as known', async () => {
    const stored = await history(
      [
        row('integration:stripe', '2025-02-10', 10, 100),
        row('integration:stripe', '2025-02-25', 48, 50),
        // A declared integration is not "discovered".
        row('integration:ledger', '2025-02-25', 5, 5),
        row('slo:availability', '2025-02-25', 5, 5),
      ],
      // The collector completed these days: stripe had no calls on the others.
      {
        collected: daily('x', '2025-02-21', '2025-02-27', 0, 0).map(r => r.day),
      },
    );
    const metrics = {
      integrations: [
        { name: 'ledger', source: 'sql', eventType: 'call', partner: 'ledger' },
      ],
    };
    const found = stored.discoveredIntegrations(resolved(metrics));
    expect(found.map(d => [d.id, d.origin])).toEqual([
      ['integration:stripe', 'discovered'],
    ]);
    expect(stored.integration(REF, found[0], 7, REASON)).toMatchObject({
      requests: 50,
      failures: 2,
      successRate: 0.96,
      stale: { asOf: '2025-02-27' },
    });
    // Without discovery nothing is found.
    expect(
      stored.discoveredIntegrations(resolved({ discoverIntegrations: false })),
    ).toEqual([]);
  });
});
