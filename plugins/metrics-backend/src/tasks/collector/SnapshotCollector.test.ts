import {
  TestDatabases,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import {
  dayBounds,
  dayOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  FakePrometheusData,
  VectorItem,
  fakePrometheus,
} from '../../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../../config/metricsConfig';
import { DatabaseSnapshotStore } from '../../database/DatabaseSnapshotStore';
import type { SnapshotRow } from '../../database/SnapshotStore';
import { PrometheusClient } from '../../sources/prometheus';
import type { PrometheusInstance } from '../../readers';
import { SnapshotCollector } from './SnapshotCollector';
import { recordingTelemetry } from '../../__testUtils__/recordingTelemetry';
import { MetricsTelemetry, TELEMETRY_NAMES } from '../../telemetry';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const NOW = new Date('2025-03-10T10:00:00Z');
/** The five complete days before NOW, oldest first. */
const DAYS = [
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-08',
  '2025-03-09',
];

function component(
  name: string,
  owner: string,
  extra: { annotated?: boolean; metrics?: JsonObject } = {},
): Entity {
  const { annotated = true, metrics } = extra;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(annotated
        ? { annotations: { 'metrics-suite/prometheus-service': name } }
        : {}),
      ...(metrics ? { metrics } : {}),
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function services(count: number): Entity[] {
  return Array.from({ length: count }, (_, i) =>
    component(`svc-${i}`, i % 2 ? 'squad-b' : 'squad-a'),
  );
}

/** The day an instant query is evaluated for: its time is the end of that day. */
function dayOfQuery(form: URLSearchParams): string {
  return dayOf(Number(form.get('time')) * 1000 - 1);
}

/** Requests of a service on a day: 1000 + day of month, of which day-of-month fail. */
function traffic(day: string) {
  const n = Number(day.slice(8));
  return { total: 1000 + n, good: 1000 };
}

/** Conventional requests by service and calls to "stripe" (95 ok, 5 timeouts) per service. */
function conventionalAnswers(
  query: string,
  form: URLSearchParams,
): VectorItem[] | undefined {
  const matched = /service=~"([^"]+)"/.exec(query);
  if (!matched) return undefined;
  const names = matched[1].split('|');
  if (query.startsWith('sum by (service, integration, outcome, error_class)')) {
    return names.flatMap((service): VectorItem[] => [
      {
        metric: { service, integration: 'stripe', outcome: 'success' },
        value: '95',
      },
      {
        metric: {
          service,
          integration: 'stripe',
          outcome: 'failure',
          error_class: 'timeout',
        },
        value: '5',
      },
    ]);
  }
  if (query.includes('http_server_requests_total')) {
    const { total, good } = traffic(dayOfQuery(form));
    const value = query.includes('code!~') ? good : total;
    return names.map(service => ({
      metric: { service },
      value: String(value),
    }));
  }
  return undefined;
}

function configWith(history: JsonObject = {}, instance: JsonObject = {}) {
  return readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [
            { name: 'main', baseUrl: FAKE_PROMETHEUS_BASE, ...instance },
          ],
        },
        defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
        history: { backfillDays: 5, retentionDays: 30, ...history },
      },
    }),
  );
}

async function setUp(options: {
  entities: Entity[];
  prometheus?: FakePrometheusData;
  history?: JsonObject;
  /** More keys of the instance's configuration. */
  instance?: JsonObject;
  afterRun?: () => Promise<unknown>;
  moduleSources?: MetricsSource[];
  telemetry?: MetricsTelemetry;
}) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSnapshotStore.create({
    database: { getClient: async () => knex },
  });
  const config = configWith(options.history, options.instance);
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
    [
      'main',
      {
        client: PrometheusClient.fromConfig(instance, {
          telemetry: options.telemetry,
        }),
        convention: instance.convention,
      },
    ],
  ]);
  const fake = fakePrometheus(
    server,
    options.prometheus ?? { instant: conventionalAnswers },
  );
  const logger = mockServices.logger.mock();
  const collectorFor = (entities: Entity[]) =>
    new SnapshotCollector({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger,
      config,
      store,
      prometheus,
      afterRun: options.afterRun,
      moduleSources: options.moduleSources,
      now: () => NOW,
      telemetry: options.telemetry,
    });
  return {
    store,
    fake,
    logger,
    collector: collectorFor(options.entities),
    collectorFor,
  };
}

function row(
  entity: string,
  metricId: string,
  day: string,
  numerator: number,
  denominator: number | null,
): SnapshotRow {
  return {
    entityRef: `component:default/${entity}`,
    metricId,
    day,
    numerator,
    denominator,
    source: 'prometheus:main',
  };
}

/** A component with PromQL of its own that matches no service label, and a module source. */
function checkoutWithOwnPromql(): Entity {
  return component('checkout', 'squad-a', {
    annotated: false,
    metrics: {
      slos: [
        {
          name: 'payments',
          objective: 99,
          indicator: {
            ratio: {
              good: 'sum(increase(payments_ok_total[{{window}}]))',
              total: 'sum(increase(payments_total[{{window}}]))',
            },
          },
        },
      ],
      kpis: [
        {
          name: 'signups',
          bucket: 'business',
          source: 'prometheus',
          query: 'sum(increase(signups_total[{{window}}]))',
        },
        {
          name: 'broken',
          bucket: 'business',
          source: 'prometheus',
          query: 'sum(broken_total[{{window}}])',
        },
        {
          name: 'orders',
          bucket: 'business',
          source: 'custom',
          sourceId: 'warehouse',
          params: { status: 'paid' },
        },
      ],
    },
  });
}

describe('SnapshotCollector', () => {
  it('stores every complete day with the same number of Prometheus queries whatever the number of services', async () => {
    const perDay: number[] = [];
    for (const count of [2, 12]) {
      const { collector, fake, store } = await setUp({
        entities: services(count),
      });
      const summary = await collector.run();

      expect(summary).toEqual({ days: 5, rows: count * 2 * 5, failures: 0 });
      expect(
        await store.listCollectedDays({
          fromDay: '2025-01-01',
          toDay: '2025-12-31',
        }),
      ).toEqual(DAYS);
      // Availability good and total, and one integration breakdown, per day.
      const times = new Set(fake.seen.map(s => s.form.get('time')));
      expect(times.size).toBe(5);
      perDay.push(fake.seen.length / times.size);
      expect(fake.unmatched).toEqual([]);
      // Each evaluated at the end of its day, over that day.
      expect([...times].map(t => dayOf(Number(t) * 1000 - 1)).sort()).toEqual(
        DAYS,
      );
      expect(fake.queries.every(q => q.includes('[1d]'))).toBe(true);
    }
    expect(perDay).toEqual([3, 3]);
  });

  it('stores numerators and denominators of SLOs and discovered integrations per day', async () => {
    const { collector, store } = await setUp({ entities: services(2) });
    await collector.run();

    const rows = await store.listSnapshots({
      fromDay: '2025-03-08',
      toDay: '2025-03-09',
      entityRefs: ['component:default/svc-1'],
    });
    expect(rows).toEqual([
      row('svc-1', 'integration:stripe', '2025-03-08', 95, 100),
      row('svc-1', 'integration:stripe', '2025-03-09', 95, 100),
      row('svc-1', 'slo:availability', '2025-03-08', 1000, 1008),
      row('svc-1', 'slo:availability', '2025-03-09', 1000, 1009),
    ]);
  });

  it('never collects today, and back-fills only the days missing', async () => {
    const { collector, fake, store } = await setUp({ entities: services(2) });
    // Days 1, 2 and 5 were collected earlier; their rows must stay as they are.
    const kept = [DAYS[0], DAYS[1], DAYS[4]];
    await store.markDaysCollected(kept);
    await store.upsertSnapshots(
      kept.map(day => row('svc-0', 'slo:availability', day, 7, 7)),
    );

    const summary = await collector.run();

    expect(summary.days).toBe(2);
    const queried = new Set(fake.seen.map(s => dayOfQuery(s.form)));
    expect([...queried].sort()).toEqual([DAYS[2], DAYS[3]]);
    expect(
      await store.listCollectedDays({ fromDay: DAYS[0], toDay: '2025-03-10' }),
    ).toEqual(DAYS);
    const svc0 = await store.listSnapshots({
      fromDay: DAYS[0],
      toDay: DAYS[4],
      entityRefs: ['component:default/svc-0'],
      metricIds: ['slo:availability'],
    });
    expect(svc0.map(r => [r.day, r.numerator, r.denominator])).toEqual([
      [DAYS[0], 7, 7],
      [DAYS[1], 7, 7],
      [DAYS[2], 1000, 1007],
      [DAYS[3], 1000, 1008],
      [DAYS[4], 7, 7],
    ]);

    // Nothing is missing any more: the next run asks Prometheus nothing.
    fake.seen.length = 0;
    expect(await collector.run()).toEqual({ days: 0, rows: 0, failures: 0 });
    expect(fake.seen).toEqual([]);
  });

  it('leaves a day a source failed for missing, and collects it on the next run', async () => {
    const { telemetry, read } = recordingTelemetry();
    const { collector, store, logger } = await setUp({
      entities: services(2),
      telemetry,
    });
    let down = true;
    const failing = String(dayBounds(DAYS[2]).end);
    server.use(
      http.post(`${FAKE_PROMETHEUS_BASE}/api/v1/query`, async ({ request }) => {
        const form = new URLSearchParams(await request.clone().text());
        if (!down || form.get('time') !== failing) return undefined;
        return HttpResponse.json(
          { status: 'error', errorType: 'unavailable', error: 'overloaded' },
          { status: 503 },
        );
      }),
    );
    const collected = () =>
      store.listCollectedDays({ fromDay: DAYS[0], toDay: DAYS[4] });

    expect(await collector.run()).toEqual({ days: 4, rows: 16, failures: 1 });
    expect(await collected()).toEqual(DAYS.filter(d => d !== DAYS[2]));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Metrics snapshot of 2025-03-07: source prometheus:main failed, the day will be collected again on the next run: .*overloaded/,
      ),
    );

    down = false;
    expect(await collector.run()).toEqual({ days: 1, rows: 4, failures: 0 });
    expect(await collected()).toEqual(DAYS);

    // What an operator sees: two runs, the rows and the failure, the failing instance.
    const n = TELEMETRY_NAMES;
    expect((await read(n.collectorDuration)).points).toEqual([
      {
        attributes: { outcome: 'success' },
        value: { count: 2, sum: expect.any(Number) },
      },
    ]);
    expect((await read(n.collectorRows)).points).toEqual([
      { attributes: {}, value: 20 },
    ]);
    expect((await read(n.collectorFailures)).points).toEqual([
      { attributes: {}, value: 1 },
    ]);
    expect((await read(n.prometheusErrors)).points).toEqual([
      {
        attributes: {
          instance: 'main',
          endpoint: 'query',
          reason: 'server_error',
        },
        value: expect.any(Number),
      },
    ]);
  });

  it('sends no more than limits.queriesPerCollectorRun queries for one entity in a run', async () => {
    const checkout = checkoutWithOwnPromql();
    const { fake, logger, collector } = await setUp({
      entities: [checkout],
      instance: {
        catalogQueries: { policy: 'any' },
        limits: { queriesPerCollectorRun: 7 },
      },
      moduleSources: [
        {
          id: 'warehouse',
          type: 'sql',
          countEvents: async () => ({ value: 7 }),
        },
      ],
      prometheus: {
        instant: {
          'sum(increase(payments_ok_total[1d]))': [
            { metric: {}, value: '990' },
          ],
          'sum(increase(payments_total[1d]))': [{ metric: {}, value: '1000' }],
          'sum(increase(signups_total[1d]))': [{ metric: {}, value: '42' }],
          'sum(broken_total[1d])': [{ metric: {}, value: '1' }],
        },
      },
    });
    // 5 days × 4 queries of its own would be 20; the budget spends 7, the rest are left out
    // (reported, not retried: the days still count as collected).
    const summary = await collector.run();
    expect(summary.failures).toBe(0);
    expect(fake.seen.length).toBe(7);
    expect(
      logger.warn.mock.calls.some(([message]) =>
        String(message).includes(
          'the budget of 7 Prometheus queries (limits.queriesPerCollectorRun of instance "main") is spent',
        ),
      ),
    ).toBe(true);
  });

  it('reads ratio SLOs, KPIs and module sources one by one, and skips a metric whose query is at fault', async () => {
    const checkout = checkoutWithOwnPromql();
    const countEvents = jest.fn(async () => ({ value: 7 }));
    const { store, logger, fake, collector } = await setUp({
      entities: [checkout],
      // Its PromQL matches no service label: run as written.
      instance: { catalogQueries: { policy: 'any' } },
      moduleSources: [
        { id: 'warehouse', type: 'sql', description: 'orders', countEvents },
      ],
      prometheus: {
        instant: {
          'sum(increase(payments_ok_total[1d]))': [
            { metric: {}, value: '990' },
          ],
          'sum(increase(payments_total[1d]))': [{ metric: {}, value: '1000' }],
          'sum(increase(signups_total[1d]))': [{ metric: {}, value: '42' }],
        },
        fail: query =>
          query.startsWith('sum(broken_total')
            ? HttpResponse.json(
                {
                  status: 'error',
                  errorType: 'bad_data',
                  error:
                    'expected type instant vector in aggregation expression, got range vector',
                },
                { status: 400 },
              )
            : undefined,
      },
    });
    expect(await collector.run()).toEqual({ days: 5, rows: 15, failures: 0 });
    expect(
      await store.listSnapshots({ fromDay: DAYS[4], toDay: DAYS[4] }),
    ).toEqual([
      {
        ...row('checkout', 'kpi:orders', DAYS[4], 7, null),
        source: 'warehouse',
      },
      row('checkout', 'kpi:signups', DAYS[4], 42, null),
      row('checkout', 'slo:payments', DAYS[4], 990, 1000),
    ]);
    expect(countEvents).toHaveBeenCalledWith(
      expect.objectContaining({
        params: { status: 'paid' },
        start: new Date(`${DAYS[4]}T00:00:00Z`),
        end: new Date('2025-03-10T00:00:00Z'),
      }),
    );
    // Two queries for the ratio SLO and one per Prometheus KPI, per day.
    expect(fake.seen.length).toBe(5 * 4);
    const skipped = (logger.warn as jest.Mock).mock.calls.filter(([m]) =>
      String(m).includes('"broken"'),
    );
    expect(skipped).toEqual([
      [
        expect.stringMatching(
          /^Metrics snapshots leave out a metric: component:default\/checkout "broken": .*range vector/,
        ),
      ],
    ]);
  });

  it('collects none of the catalog PromQL a scoped instance refuses', async () => {
    const countEvents = jest.fn(async () => ({ value: 7 }));
    const { store, fake, collector } = await setUp({
      entities: [checkoutWithOwnPromql()],
      moduleSources: [
        { id: 'warehouse', type: 'sql', description: 'orders', countEvents },
      ],
      prometheus: { instant: {} },
    });
    expect(await collector.run()).toEqual({ days: 5, rows: 5, failures: 0 });
    expect(fake.seen).toEqual([]);
    expect(
      (await store.listSnapshots({ fromDay: DAYS[0], toDay: DAYS[4] })).map(
        r => r.metricId,
      ),
    ).toEqual(Array(5).fill('kpi:orders'));
  });

  it('deletes snapshots older than the retention', async () => {
    const { collector, store } = await setUp({ entities: [] });
    await store.upsertSnapshots([
      row('svc-0', 'slo:availability', '2025-02-07', 1, 1),
      row('svc-0', 'slo:availability', '2025-02-08', 1, 1),
    ]);

    await collector.run();

    const left = await store.listSnapshots({
      fromDay: '2025-01-01',
      toDay: '2025-03-10',
    });
    expect(left.map(r => r.day)).toEqual(['2025-02-08']);
  });

  it('records definition changes by the owning team after the first collection', async () => {
    const signups = {
      name: 'signups',
      bucket: 'business',
      source: 'prometheus',
      query: 'sum(increase(signups_total[{{window}}]))',
    };
    const declared = component('checkout', 'squad-a', {
      metrics: { kpis: [signups] },
    });
    const plain = component('svc-0', 'squad-b');
    const { store, collectorFor } = await setUp({ entities: [] });
    const changes = async () =>
      (
        await store.listDefinitionChanges({ since: '2000-01-01T00:00:00Z' })
      ).map(c => [c.entityRef, c.teamRef, c.change]);

    // Definitions present at install time are no change by a team.
    await collectorFor([declared, plain]).run();
    expect(await changes()).toEqual([]);

    // The same block with its keys in another order is no change either.
    const reordered = component('checkout', 'squad-a', {
      metrics: {
        kpis: [
          {
            query: signups.query,
            source: 'prometheus',
            bucket: 'business',
            name: 'signups',
          },
        ],
      },
    });
    await collectorFor([reordered, plain]).run();
    expect(await changes()).toEqual([]);

    const edited = component('checkout', 'squad-a', {
      metrics: { kpis: [{ ...signups, target: { value: 100 } }] },
    });
    const newPlain = component('svc-9', 'squad-b');
    const newDeclared = component('search', 'squad-b', {
      metrics: { kpis: [signups] },
    });
    await collectorFor([edited, plain, newPlain, newDeclared]).run();
    expect((await changes()).sort()).toEqual([
      ['component:default/checkout', 'group:default/squad-a', 'changed'],
      ['component:default/search', 'group:default/squad-b', 'added'],
    ]);
  });

  it('records a run that fails as an error, and passes the error on', async () => {
    const { telemetry, read } = recordingTelemetry();
    const { collector, store } = await setUp({ entities: [], telemetry });
    jest
      .spyOn(store, 'listCollectedDays')
      .mockRejectedValueOnce(new Error('database gone'));

    await expect(collector.run()).rejects.toThrow('database gone');
    expect((await read(TELEMETRY_NAMES.collectorDuration)).points).toEqual([
      {
        attributes: { outcome: 'error' },
        value: { count: 1, sum: expect.any(Number) },
      },
    ]);
  });

  it('calls the after-run step once the days are stored, and survives its failure', async () => {
    const seen: string[][] = [];
    let fail = false;
    const { collector, store, logger } = await setUp({
      entities: services(1),
      afterRun: async () => {
        seen.push(
          await store.listCollectedDays({ fromDay: DAYS[0], toDay: DAYS[4] }),
        );
        if (fail) throw new Error('assessment exploded');
      },
    });

    await collector.run();
    expect(seen).toEqual([DAYS]);

    fail = true;
    await expect(collector.run()).resolves.toEqual({
      days: 0,
      rows: 0,
      failures: 0,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      'Metrics snapshots: the step after collection failed: assessment exploded',
    );
  });
});
