import {
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
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readMetricsConfig } from '../config';
import { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { PrometheusInstance } from './EntityViewService';
import { GroupViewService } from './GroupViewService';
import type { ViewRequest } from './request/parseViewRequest';

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
              'metrics.backstage.io/prometheus-service': name,
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
  } = {},
) {
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
    [
      'main',
      {
        client: PrometheusClient.fromConfig(instance),
        names: instance.names,
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
