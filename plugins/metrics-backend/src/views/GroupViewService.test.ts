import {
  TestDatabases,
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { metricsSensitiveReadPermission } from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import { mockCountingSource } from '@metrics-suite/backstage-plugin-metrics-node/testUtils';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
import type { SnapshotStore, SnapshotRow } from '../database/SnapshotStore';
import { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { PrometheusInstance } from './EntityViewService';
import type { GoalRow } from '../database/TeamRecordStore';
import { GroupViewService, GroupViewServiceOptions } from './GroupViewService';
import type { ViewRequest } from '../http/parseViewRequest';

const BASE = 'http://prom.test';
const END = 1_795_000_000;
const server = setupServer();
registerMswTestHooks(server);

/** A Prometheus that answers every query with one sample per service and window it names. */
function countingPrometheus() {
  const queries: string[] = [];
  server.use(
    http.post(`${BASE}/api/v1/query`, async ({ request }) => {
      const query = new URLSearchParams(await request.text()).get('query')!;
      queries.push(query);
      // Each service once, though batched good queries name the services twice (zero fill).
      const services = new Set(
        [...query.matchAll(/service=~"([^"]+)"/g)].flatMap(m =>
          m[1].split('|'),
        ),
      );
      const windows = [...query.matchAll(/"metrics_window", "([^"]+)"/g)].map(
        m => m[1],
      );
      const isGood = query.includes('code!~');
      const result = [...services].flatMap(name =>
        (windows.length ? windows : [undefined]).map(window => ({
          metric: {
            service: name,
            ...(window ? { metrics_window: window } : {}),
            ...(query.includes('integration')
              ? { integration: 'stripe', outcome: 'success' }
              : {}),
          },
          value: [END, isGood ? '999' : '1000'],
        })),
      );
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result },
      });
    }),
  );
  return queries;
}

function squad(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'squad', children },
    relations: children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  };
}

function service(name: string, owner: string, annotated = true): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(annotated
        ? {
            annotations: {
              'metrics-suite/prometheus-service': name,
            },
          }
        : {}),
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const config = readMetricsConfig(
  new ConfigReader({
    metrics: {
      prometheus: { instances: [{ name: 'main', baseUrl: BASE }] },
      defaultSlos: [
        { name: 'availability', objective: 99.9, window: '28d' },
        { name: 'availability-7d', objective: 99, window: '7d' },
      ],
    },
  }),
);

function viewService(
  entities: Entity[],
  options: {
    permissions?: ReturnType<typeof mockServices.permissions>;
    sql?: SqlEventsSource;
    moduleSources?: MetricsSource[];
    store?: SnapshotStore;
    northStars?: GroupViewServiceOptions['northStars'];
    goals?: GroupViewServiceOptions['goals'];
  } = {},
) {
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
    [
      'main',
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ],
  ]);
  return new GroupViewService({
    catalog: catalogServiceMock({ entities }),
    logger: mockServices.logger.mock(),
    config,
    permissions: options.permissions ?? mockServices.permissions(),
    prometheus,
    sql: options.sql,
    moduleSources: options.moduleSources,
    store: options.store,
    northStars: options.northStars,
    goals: options.goals,
  });
}

const request: ViewRequest = {
  entityRef: { kind: 'group', namespace: 'default', name: 'tribe' },
  range: '7d',
  end: END,
  start: END - 7 * 86400,
};

function world(servicesPerSquad: number): Entity[] {
  return [
    squad('tribe', ['squad-a', 'squad-b']),
    squad('squad-a'),
    squad('squad-b'),
    ...Array.from({ length: servicesPerSquad }, (_, i) => [
      service(`a-${i}`, 'squad-a'),
      service(`b-${i}`, 'squad-b'),
    ]).flat(),
    service('no-metrics', 'squad-a', false),
  ];
}

describe('GroupViewService', () => {
  it('costs the same number of Prometheus queries for 2 and for 40 services', async () => {
    const small = countingPrometheus();
    const smallView = await viewService(world(1)).getGroupView(
      request,
      mockCredentials.user(),
    );
    const smallCount = small.length;
    server.resetHandlers();
    const large = countingPrometheus();
    const largeView = await viewService(world(20)).getGroupView(
      request,
      mockCredentials.user(),
    );

    expect(smallView.entities.items).toHaveLength(3);
    expect(largeView.entities.items).toHaveLength(41);
    // 2 SLO windows × (good, total) + 1 integration breakdown
    expect(smallCount).toBe(5);
    expect(large.length).toBe(smallCount);
  });

  it('rolls up the squads below the group with SLOs computed per service', async () => {
    countingPrometheus();
    const view = await viewService(world(1)).getGroupView(
      request,
      mockCredentials.user(),
    );
    expect(view.groups).toEqual([
      'group:default/tribe',
      'group:default/squad-a',
      'group:default/squad-b',
    ]);
    const a0 = view.entities.items.find(
      e => e.entityRef === 'component:default/a-0',
    )!;
    expect(a0.slos.map(s => [s.name, s.sli, s.budgetRemaining])).toEqual([
      ['availability', 0.999, 0],
      ['availability-7d', 0.999, 0.9],
    ]);
    // Entities without SLOs sort last.
    expect(view.entities.items.at(-1)!.entityRef).toBe(
      'component:default/no-metrics',
    );
    expect(view.entities.items.at(-1)!.worstState).toBe('none');
    // Discovered integrations are owned metrics without target or alert: ownership gaps.
    const stripe = view.metrics.filter(m => m.id === 'integration:stripe');
    expect(stripe).toHaveLength(2);
    expect(stripe[0].gaps).toEqual(['no-target-or-alert']);
    expect(view.integrations.items.map(i => [i.entityRef, i.name])).toEqual(
      expect.arrayContaining([
        ['component:default/a-0', 'stripe'],
        ['component:default/b-0', 'stripe'],
      ]),
    );
  });

  it('keeps the entity list when Prometheus fails, with the reason', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'unavailable', error: 'down' },
          { status: 503 },
        ),
      ),
    );
    const view = await viewService(world(1)).getGroupView(
      request,
      mockCredentials.user(),
    );
    expect(view.entities.status).toBe('error');
    expect(view.entities.error).toMatch(/Prometheus "main"/);
    expect(view.entities.items).toHaveLength(3);
  });

  it('answers 404 for an unknown group or a non-group entity', async () => {
    const service404 = viewService(world(1));
    await expect(
      service404.getGroupView(
        { ...request, entityRef: { ...request.entityRef, name: 'nope' } },
        mockCredentials.user(),
      ),
    ).rejects.toThrow(NotFoundError);
  });
});

// --- KPI values and sensitive metrics --------------------------------------------------------

function withKpis(name: string, owner: string, kpis: JsonObject[]): Entity {
  const entity = service(name, owner, false);
  return { ...entity, metadata: { ...entity.metadata, metrics: { kpis } } };
}

function kpiWorld(): Entity[] {
  return [
    squad('tribe', ['squad-a', 'squad-b']),
    squad('squad-a'),
    squad('squad-b'),
    withKpis('shop', 'squad-a', [
      { name: 'orders', bucket: 'business', source: 'sql', eventType: 'order' },
      {
        name: 'revenue',
        bucket: 'business',
        sensitive: true,
        source: 'custom',
        sourceId: 'warehouse',
        params: { table: 'orders' },
      },
      {
        name: 'visitors',
        bucket: 'usage',
        source: 'amplitude',
        project: 'web',
        event: 'page_view',
      },
    ]),
    withKpis('ledger', 'squad-b', [
      {
        name: 'payouts',
        bucket: 'business',
        sensitive: true,
        source: 'custom',
        sourceId: 'warehouse',
        params: { table: 'payouts' },
      },
    ]),
  ];
}

function fakeSql(count: number) {
  const countByGroup = jest.fn(async () => [{ count }]);
  return { countByGroup } as unknown as SqlEventsSource;
}

describe('GroupViewService: KPI values and sensitive metrics', () => {
  it('gives owned KPIs their value over the range, or why they have none', async () => {
    const warehouse = mockCountingSource({
      id: 'warehouse',
      count: ({ params }) => (params.table === 'orders' ? 900 : 300),
    });
    const view = await viewService(kpiWorld(), {
      sql: fakeSql(42),
      moduleSources: [warehouse],
    }).getGroupView(request, mockCredentials.user());

    // Components come in the catalog's order: sorted here.
    expect(
      view.metrics
        .map(m => [m.entityRef, m.name, m.value, m.valueError])
        .sort((a, b) => String(a).localeCompare(String(b))),
    ).toEqual([
      ['component:default/ledger', 'payouts', 300, undefined],
      ['component:default/shop', 'orders', 42, undefined],
      ['component:default/shop', 'revenue', 900, undefined],
      [
        'component:default/shop',
        'visitors',
        null,
        'KPI "visitors" reads Amplitude project "web", which is not configured in metrics.amplitude.projects',
      ],
    ]);
    // Over the view's range.
    expect(warehouse.requests[0]).toMatchObject({
      start: new Date((END - 7 * 86400) * 1000),
      end: new Date(END * 1000),
    });
    expect(view.hiddenSensitive).toBe(0);
  });

  it('leaves out sensitive metrics per owning team, asking once for all teams', async () => {
    const warehouse = mockCountingSource({ id: 'warehouse', count: () => 1 });
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(r => ({
          result:
            r.resourceRef === 'group:default/squad-a'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    });
    const view = await viewService(kpiWorld(), {
      permissions,
      sql: fakeSql(1),
      moduleSources: [warehouse],
    }).getGroupView(request, mockCredentials.user());

    expect(view.metrics.map(m => m.name)).toEqual([
      'orders',
      'revenue',
      'visitors',
    ]);
    expect(view.hiddenSensitive).toBe(1);
    // The hidden KPI is not even read.
    expect(warehouse.requests.map(r => r.params.table)).toEqual(['orders']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(
      [...permissions.authorize.mock.calls[0][0]].sort((a, b) =>
        String(a.resourceRef).localeCompare(String(b.resourceRef)),
      ),
    ).toEqual([
      {
        permission: metricsSensitiveReadPermission,
        resourceRef: 'group:default/squad-a',
      },
      {
        permission: metricsSensitiveReadPermission,
        resourceRef: 'group:default/squad-b',
      },
    ]);
  });
});

// --- stored snapshots when a source is down --------------------------------------------------

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function storeWith(rows: SnapshotRow[]): Promise<SnapshotStore> {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSnapshotStore.create({
    database: { getClient: async () => knex },
  });
  await store.upsertSnapshots(rows);
  return store;
}

/** `metricId` of a component from `from` to `to` (inclusive), the same counts every day. */
function daily(
  name: string,
  metricId: string,
  [from, to]: [string, string],
  numerator: number,
  denominator: number,
): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    rows.push({
      entityRef: `component:default/${name}`,
      metricId,
      day: new Date(t).toISOString().slice(0, 10),
      numerator,
      denominator,
      source: 'prometheus:main',
    });
  }
  return rows;
}

// The view ends 2026-11-18T11:06Z; snapshots stop at 2026-11-16, the day before the outage.
const SLO_28D: [string, string] = ['2026-10-20', '2026-11-16'];
const LAST_7D: [string, string] = ['2026-11-10', '2026-11-16'];

function prometheusDown() {
  server.use(
    http.post(`${BASE}/api/v1/query`, () =>
      HttpResponse.json(
        { status: 'error', errorType: 'unavailable', error: 'down' },
        { status: 503 },
      ),
    ),
  );
}

describe('GroupViewService: stored snapshots when a source is down', () => {
  it('rolls up the SLOs and integrations of a failed instance from snapshots, in one read', async () => {
    prometheusDown();
    const store = await storeWith([
      // 28 bad of 280,000 against 99.9 %: SLI 0.9999, a tenth of the budget spent.
      ...daily('a-0', 'slo:availability', SLO_28D, 9_999, 10_000),
      // 70 bad of 7,000 against 99 %: the budget is spent exactly.
      ...daily('a-0', 'slo:availability-7d', LAST_7D, 990, 1_000),
      // stripe, discovered: 315 of 350 calls over the 7-day range.
      ...daily('a-0', 'integration:stripe', LAST_7D, 45, 50),
      // b-0 has 3 of the 28 days only: too few to stand for its SLO.
      ...daily('b-0', 'slo:availability', ['2026-11-14', '2026-11-16'], 1, 1),
    ]);
    const reads = jest.spyOn(store, 'listSnapshots');

    const view = await viewService(world(1), { store }).getGroupView(
      request,
      mockCredentials.user(),
    );

    expect(view.entities.status).toBe('error');
    expect(view.entities.error).toMatch(
      /^Prometheus "main" SLO queries: .*HTTP 503/,
    );
    const reason = expect.stringMatching(/HTTP 503/);
    const byRef = new Map(view.entities.items.map(e => [e.entityRef, e]));
    const a0 = byRef.get('component:default/a-0')!;
    expect(a0.slos).toEqual([
      expect.objectContaining({
        id: 'slo:availability',
        sli: 279_972 / 280_000,
        budgetRemaining: expect.closeTo(0.9, 9),
        counts: { good: 279_972, valid: 280_000 },
        burnRates: {},
        alert: 'none',
        state: 'healthy',
        stale: { asOf: '2026-11-16', reason },
      }),
      expect.objectContaining({
        id: 'slo:availability-7d',
        sli: 0.99,
        counts: { good: 6_930, valid: 7_000 },
        state: 'at-risk',
        stale: { asOf: '2026-11-16', reason },
      }),
    ]);
    expect(a0.worstState).toBe('at-risk');
    expect(byRef.get('component:default/b-0')!.slos).toEqual([]);
    expect(byRef.get('component:default/b-0')!.worstState).toBe('none');

    expect(view.integrations.status).toBe('error');
    expect(view.integrations.items).toEqual([
      {
        entityRef: 'component:default/a-0',
        id: 'integration:stripe',
        name: 'stripe',
        source: 'prometheus',
        owner: 'group:default/squad-a',
        requests: 350,
        failures: 35,
        successRate: 0.9,
        errorClasses: {},
        unknownShare: 0,
        stale: { asOf: '2026-11-16', reason },
      },
    ]);
    // The stored discovered integration is an owned metric like a live one.
    expect(
      view.metrics
        .filter(m => m.id === 'integration:stripe')
        .map(m => [m.entityRef, m.origin]),
    ).toEqual([['component:default/a-0', 'discovered']]);

    expect(reads).toHaveBeenCalledTimes(1);
    expect([...reads.mock.calls[0][0].entityRefs!].sort()).toEqual([
      'component:default/a-0',
      'component:default/b-0',
    ]);
  });

  it('keeps the SLOs live when only the integration counter fails', async () => {
    countingPrometheus();
    // Registered last, so it answers first: the integration counter alone is down.
    server.use(
      http.post(`${BASE}/api/v1/query`, async ({ request: req }) => {
        const query = new URLSearchParams(await req.clone().text()).get(
          'query',
        )!;
        if (!query.includes('integration')) return undefined;
        return HttpResponse.json(
          { status: 'error', errorType: 'unavailable', error: 'down' },
          { status: 503 },
        );
      }),
    );
    const store = await storeWith([
      ...daily('a-0', 'integration:stripe', LAST_7D, 45, 50),
    ]);
    const view = await viewService(world(1), { store }).getGroupView(
      request,
      mockCredentials.user(),
    );
    expect(view.entities.status).toBe('ok');
    const a0 = view.entities.items.find(
      e => e.entityRef === 'component:default/a-0',
    )!;
    expect(a0.slos.length).toBe(2);
    expect(a0.slos.every(slo => slo.stale === undefined)).toBe(true);
    expect(view.integrations.status).toBe('error');
    expect(view.integrations.error).toMatch(
      /^Prometheus "main" integration counter: .*HTTP 503/,
    );
    expect(view.integrations.items).toEqual([
      expect.objectContaining({
        name: 'stripe',
        stale: expect.objectContaining({ asOf: '2026-11-16' }),
      }),
    ]);
  });

  it('answers within the instance timeout plus a small margin when Prometheus hangs', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, async () => {
        await delay(20_000);
        return HttpResponse.json({});
      }),
    );
    const hanging = readMetricsConfig(
      new ConfigReader({
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: BASE, timeoutMs: 400 }],
          },
          defaultSlos: [
            { name: 'availability', objective: 99.9, window: '28d' },
          ],
        },
      }),
    );
    const [instance] = hanging.prometheus;
    const started = Date.now();
    const view = await new GroupViewService({
      catalog: catalogServiceMock({ entities: world(3) }),
      logger: mockServices.logger.mock(),
      config: hanging,
      permissions: mockServices.permissions(),
      prometheus: new Map([
        [
          'main',
          {
            client: PrometheusClient.fromConfig(instance),
            convention: instance.convention,
          },
        ],
      ]),
    }).getGroupView(request, mockCredentials.user());
    // Every phase shares the one deadline: not 400 ms per phase or per query.
    expect(Date.now() - started).toBeLessThan(400 + 1500);
    expect(view.entities.status).toBe('error');
    expect(view.entities.error).toMatch(/did not answer within|deadline/);
  });

  it('reads the store once whatever the number of services', async () => {
    prometheusDown();
    const store = await storeWith([]);
    const reads = jest.spyOn(store, 'listSnapshots');

    const view = await viewService(world(20), { store }).getGroupView(
      request,
      mockCredentials.user(),
    );

    // Nothing stored: the outage is reported as before, without SLOs.
    expect(view.entities.status).toBe('error');
    expect(view.entities.items.every(e => e.slos.length === 0)).toBe(true);
    expect(view.integrations).toMatchObject({ status: 'error', items: [] });
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0].entityRefs).toHaveLength(40);
  });

  it('falls back per declared integration whose source is down, leaving live ones live', async () => {
    countingPrometheus();
    const ledger = service('ledger', 'squad-b', false);
    ledger.metadata.metrics = {
      integrations: [
        {
          name: 'bank',
          source: 'sql',
          eventType: 'bank_call',
          partner: 'bank',
          target: 99.5,
        },
      ],
    };
    const store = await storeWith(
      daily('ledger', 'integration:bank', LAST_7D, 199, 200),
    );
    const reads = jest.spyOn(store, 'listSnapshots');
    const sql = {
      countByGroup: jest.fn(async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
      }),
    } as unknown as SqlEventsSource;

    const view = await viewService([...world(1), ledger], {
      store,
      sql,
    }).getGroupView(request, mockCredentials.user());

    // Prometheus answered: its SLOs are live.
    expect(view.entities.status).toBe('ok');
    expect(view.entities.items.flatMap(e => e.slos).some(s => s.stale)).toBe(
      false,
    );
    expect(view.integrations.status).toBe('error');
    expect(view.integrations.error).toMatch(
      /component:default\/ledger bank: connect ECONNREFUSED/,
    );
    const bank = view.integrations.items.find(i => i.name === 'bank');
    expect(bank).toEqual({
      entityRef: 'component:default/ledger',
      id: 'integration:bank',
      name: 'bank',
      source: 'sql',
      owner: 'group:default/squad-b',
      target: 99.5,
      requests: 1_400,
      failures: 7,
      successRate: 0.995,
      errorClasses: {},
      unknownShare: 0,
      stale: {
        asOf: '2026-11-16',
        reason: 'connect ECONNREFUSED 127.0.0.1:5432',
      },
    });
    expect(
      view.integrations.items.filter(i => i.name === 'stripe' && !i.stale),
    ).toHaveLength(2);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(reads.mock.calls[0][0].entityRefs).toEqual([
      'component:default/ledger',
    ]);
  });

  it('reads no snapshots when every source answers', async () => {
    countingPrometheus();
    const store = await storeWith([]);
    const reads = jest.spyOn(store, 'listSnapshots');

    const view = await viewService(world(1), { store }).getGroupView(
      request,
      mockCredentials.user(),
    );

    expect(view.entities.status).toBe('ok');
    expect(reads).not.toHaveBeenCalled();
  });
});

// --- the north star ----------------------------------------------------------------------------

describe('GroupViewService: the north star', () => {
  const SQUAD_A = 'group:default/squad-a';
  const squadA: ViewRequest = {
    ...request,
    entityRef: { kind: 'group', namespace: 'default', name: 'squad-a' },
  };
  const marked = (metricId: string) => ({
    getNorthStar: jest.fn(async (teamRef: string) =>
      teamRef === SQUAD_A
        ? {
            teamRef: SQUAD_A,
            metric: { entityRef: 'component:default/shop', metricId },
            setBy: 'user:default/alice',
            setAt: '2026-11-01T10:00:00.000Z',
          }
        : undefined,
    ),
  });
  const goal = (overrides: Partial<GoalRow>): GoalRow => ({
    id: 'g',
    teamRef: SQUAD_A,
    metric: { entityRef: 'component:default/shop', metricId: 'kpi:orders' },
    metricName: 'orders',
    unit: 'count',
    baseline: 40,
    target: 60,
    direction: 'increase',
    dueDate: '2026-12-01',
    author: 'user:default/alice',
    createdAt: '2026-11-01T10:00:00.000Z',
    revision: 1,
    ...overrides,
  });
  // Newest first, as the store lists them.
  const goals = () => ({
    listGoals: jest.fn(async () => [
      goal({
        id: 'other-metric',
        metric: {
          entityRef: 'component:default/shop',
          metricId: 'kpi:visitors',
        },
      }),
      goal({ id: 'open', dueDate: '2026-11-30' }),
      goal({ id: 'older' }),
    ]),
  });

  it('gives the KPI value the view read, its weekly trend and its open goal, in a fixed number of store reads', async () => {
    // The view ends on Wednesday 2026-11-18: the trend's last whole week starts 2026-11-09.
    const store = await storeWith([
      ...daily('shop', 'kpi:orders', ['2026-11-09', '2026-11-15'], 10, 0),
      ...daily('shop', 'kpi:orders', ['2026-11-16', '2026-11-17'], 99, 0),
      ...daily('shop', 'kpi:orders', ['2026-08-24', '2026-08-24'], 5, 0),
      ...daily('shop', 'kpi:visitors', ['2026-11-09', '2026-11-15'], 1, 0),
    ]);
    const listSnapshots = jest.spyOn(store, 'listSnapshots');
    const northStars = marked('kpi:orders');
    const goalStore = goals();
    const sql = fakeSql(42);
    const view = await viewService(kpiWorld(), {
      sql,
      moduleSources: [mockCountingSource({ id: 'warehouse', count: () => 1 })],
      store,
      northStars,
      goals: goalStore,
    }).getGroupView(squadA, mockCredentials.user());

    expect(view.northStar).toMatchObject({
      metric: { entityRef: 'component:default/shop', metricId: 'kpi:orders' },
      name: 'orders',
      bucket: 'business',
      value: 42,
      goal: {
        id: 'open',
        baseline: 40,
        target: 60,
        direction: 'increase',
        dueDate: '2026-11-30',
        status: 'open',
      },
      setBy: 'user:default/alice',
      setAt: '2026-11-01T10:00:00.000Z',
    });
    const trend = view.northStar!.trend;
    expect(trend).toHaveLength(12);
    expect(trend[0]).toEqual({ week: '2026-08-24', value: 5 });
    expect(trend[1]).toEqual({ week: '2026-08-31', value: null });
    expect(trend[11]).toEqual({ week: '2026-11-09', value: 70 });
    // The KPI is read once, for its bucket and the north star alike.
    expect(sql.countByGroup).toHaveBeenCalledTimes(1);
    expect(northStars.getNorthStar).toHaveBeenCalledTimes(1);
    expect(goalStore.listGoals).toHaveBeenCalledTimes(1);
    expect(listSnapshots).toHaveBeenCalledTimes(1);
  });

  it('is left out when the KPI is sensitive and the caller may not read it', async () => {
    const northStars = marked('kpi:revenue');
    const goalStore = goals();
    const view = await viewService(kpiWorld(), {
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      sql: fakeSql(1),
      moduleSources: [mockCountingSource({ id: 'warehouse', count: () => 1 })],
      northStars,
      goals: goalStore,
    }).getGroupView(squadA, mockCredentials.user());
    expect(view.hiddenSensitive).toBe(1);
    expect(view).not.toHaveProperty('northStar');
    expect(goalStore.listGoals).not.toHaveBeenCalled();
  });

  it('is left out when the KPI is no longer declared, and null when none is marked', async () => {
    const options = { sql: fakeSql(1), goals: goals() };
    const gone = await viewService(kpiWorld(), {
      ...options,
      northStars: marked('kpi:gone'),
    }).getGroupView(squadA, mockCredentials.user());
    expect(gone).not.toHaveProperty('northStar');

    const none = await viewService(kpiWorld(), {
      ...options,
      northStars: marked('kpi:orders'),
    }).getGroupView(request, mockCredentials.user());
    expect(none.northStar).toBeNull();
  });
});
