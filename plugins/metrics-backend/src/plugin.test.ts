import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { metricsSourcesExtensionPoint } from '@metrics-suite/backstage-plugin-metrics-node';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { fakePrometheus } from './__testUtils__/fakePrometheus';
import { metricsPlugin } from './plugin';
import defaultExport from './index';

const SECRETS = ['bearer-t0ken', 'b4sic-passw0rd', 'tenant-0rg-id'];

const metrics: JsonObject = {
  prometheus: {
    instances: [
      {
        name: 'main',
        baseUrl: 'http://prometheus:9090',
        externalUrl: 'https://prometheus.example.com',
        default: true,
        auth: { type: 'bearer', token: 'bearer-t0ken' },
        headers: { 'X-Scope-OrgID': 'tenant-0rg-id' },
      },
      {
        name: 'eu',
        baseUrl: 'http://mimir-eu:8080/prometheus/',
        auth: { type: 'basic', username: 'reader', password: 'b4sic-passw0rd' },
        timeoutMs: 5000,
      },
    ],
  },
  defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
};

const sqlSourceModule = createBackendModule({
  pluginId: 'metrics',
  moduleId: 'sql-source',
  register(reg) {
    reg.registerInit({
      deps: { sources: metricsSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'sql:warehouse',
          type: 'sql',
          description: 'Analytics warehouse',
        });
      },
    });
  },
});

const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start(data: JsonObject, ...extra: BackendFeature[]) {
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({ data }),
      // Treat requests without credentials as unauthenticated, so that the
      // /health auth policy is what lets them through.
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...extra,
    ],
  });
  backends.push(backend);
  return backend;
}

function getSources(server: Parameters<typeof request>[0]) {
  return request(server)
    .get('/api/metrics/v1/sources')
    .set('Authorization', mockCredentials.user.header());
}

describe('metricsPlugin', () => {
  it('is the default export of the package', () => {
    expect(defaultExport).toBe(metricsPlugin);
  });

  it('serves the configured sources on /v1/sources, without secrets', async () => {
    const { server } = await start({ metrics });

    const response = await getSources(server);

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          id: 'prometheus:main',
          type: 'prometheus',
          description: 'https://prometheus.example.com',
          default: true,
        },
        // No externalUrl: its internal baseUrl is not shown.
        { id: 'prometheus:eu', type: 'prometheus' },
      ],
    });
    for (const secret of SECRETS) {
      expect(response.text).not.toContain(secret);
    }
  });

  it('answers /health without credentials but guards other paths', async () => {
    const { server } = await start({ metrics });

    const health = await request(server).get('/api/metrics/health');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    expect(health.text).not.toContain('prometheus');

    const sources = await request(server).get('/api/metrics/v1/sources');
    expect(sources.status).toBe(401);

    const other = await request(server).get('/api/metrics/anything');
    expect(other.status).toBe(401);
  });

  it('answers /health to an authenticated user too', async () => {
    const { server } = await start({ metrics });
    const response = await request(server)
      .get('/api/metrics/health')
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
  });

  it('marks a single configured instance as default', async () => {
    const { server } = await start({
      metrics: {
        prometheus: {
          instances: [{ name: 'only', baseUrl: 'http://prom:9090' }],
        },
      },
    });
    const response = await getSources(server);
    expect(response.body.items).toEqual([
      { id: 'prometheus:only', type: 'prometheus', default: true },
    ]);
  });

  it('starts without any metrics config and reports no sources', async () => {
    const { server } = await start({});
    const response = await getSources(server);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [] });
  });

  it('lists sources added by a module through the extension point', async () => {
    const { server } = await start({ metrics }, sqlSourceModule);

    const response = await getSources(server);

    expect(response.status).toBe(200);
    expect(response.body.items.map((s: { id: string }) => s.id)).toEqual([
      'prometheus:main',
      'prometheus:eu',
      'sql:warehouse',
    ]);
    expect(response.body.items[2]).toEqual({
      id: 'sql:warehouse',
      type: 'sql',
      description: 'Analytics warehouse',
    });
  });

  it('fails to start when a module adds a source id that is already taken', async () => {
    const clashingModule = createBackendModule({
      pluginId: 'metrics',
      moduleId: 'clashing-source',
      register(reg) {
        reg.registerInit({
          deps: { sources: metricsSourcesExtensionPoint },
          async init({ sources }) {
            sources.addSource({ id: 'prometheus:main', type: 'custom' });
          },
        });
      },
    });

    await expect(start({ metrics }, clashingModule)).rejects.toThrow(
      /Two metrics sources have the id "prometheus:main"/,
    );
  });

  it('schedules the privacy purge, daily unless configured', async () => {
    const scheduler = mockServices.scheduler.mock();
    await start({ metrics }, scheduler.factory);
    const ids = scheduler.scheduleTask.mock.calls.map(([task]) => task.id);
    expect(ids).toContain('metrics-privacy-purge');
    const [purge] = scheduler.scheduleTask.mock.calls.find(
      ([task]) => task.id === 'metrics-privacy-purge',
    )!;
    expect(purge).toMatchObject({ scope: 'global', frequency: { hours: 24 } });
  });

  it('refuses a view record retention shorter than the maturity evidence reads', async () => {
    await expect(
      start({
        metrics: { ...metrics, privacy: { viewRecordRetentionDays: 30 } },
      }),
    ).rejects.toThrow(
      /metrics\.privacy\.viewRecordRetentionDays must be at least 90/,
    );
  });

  it('fails to start on invalid config, naming the key', async () => {
    await expect(
      start({
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: 'prometheus:9090' }],
          },
        },
      }),
    ).rejects.toThrow(/metrics\.prometheus\.instances\[0\]\.baseUrl/);
  });
});

describe('GET /api/metrics/v1/entities/{kind}/{namespace}/{name}', () => {
  const PROM = 'http://prom.test';
  // The test backend is reached over loopback; only Prometheus is played by msw.
  const mswServer = setupServer(
    http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () =>
      passthrough(),
    ),
  );
  registerMswTestHooks(mswServer);

  const config: JsonObject = {
    metrics: {
      prometheus: {
        instances: [
          { name: 'main', baseUrl: PROM, externalUrl: 'https://prom.example' },
        ],
      },
      defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
    },
  };

  const entities: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: { 'metrics-suite/prometheus-service': 'orders' },
      },
      spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
      relations: [{ type: 'ownedBy', targetRef: 'group:default/team-orders' }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'checkout',
        namespace: 'default',
        annotations: { 'metrics-suite/caller-id': 'checkout-web' },
      },
      spec: {
        type: 'service',
        owner: 'team-checkout',
        lifecycle: 'production',
      },
      relations: [
        { type: 'ownedBy', targetRef: 'group:default/team-checkout' },
      ],
    },
  ];

  // Counts by exact PromQL (the SLO window and burn windows are asked in one query, each
  // part tagged with its window by label_replace).
  const windowed: Record<string, string> = {
    'sum(increase(http_server_requests_total{service="orders", code!~"5.."}[28d])) or vector(0)':
      '999500',
    'sum(increase(http_server_requests_total{service="orders"}[28d]))':
      '1000000',
    'sum(increase(http_server_requests_total{service="orders", code!~"5.."}[1h])) or vector(0)':
      '11988',
    'sum(increase(http_server_requests_total{service="orders"}[1h]))': '12000',
  };
  const instant: Record<string, Array<[Record<string, string>, string]>> = {
    'sum by (caller) (increase(http_server_requests_total{service="orders"}[1d]))':
      [
        [{ caller: 'checkout-web' }, '750'],
        [{}, '250'],
      ],
    'sum by (caller) (increase(http_server_requests_total{service="orders", code=~"5.."}[1d]))':
      [[{ caller: 'checkout-web' }, '15']],
    'sum by (integration, outcome, error_class) (increase(integration_requests_total{service="orders"}[1d]))':
      [
        [{ integration: 'stripe', outcome: 'success' }, '196'],
        [{ integration: 'stripe', outcome: 'failure' }, '4'],
      ],
  };

  function playPrometheus() {
    return fakePrometheus(
      mswServer,
      {
        instant: Object.fromEntries(
          Object.entries(instant).map(([query, samples]) => [
            query,
            samples.map(([metric, value]) => ({ metric, value })),
          ]),
        ),
        windowed: Object.fromEntries(
          Object.entries(windowed).map(([query, value]) => [
            query,
            [{ metric: {}, value }],
          ]),
        ),
        range: (query, form) => {
          const from = Number(form.get('start'));
          const step = Number(form.get('step'));
          const value = windowed[query];
          return value === undefined
            ? undefined
            : [
                {
                  metric: {},
                  values: [
                    [from, value],
                    [from + step, value],
                  ],
                },
              ];
        },
      },
      { baseUrl: PROM },
    ).queries;
  }

  async function startWithCatalog() {
    const backend = await startTestBackend({
      features: [
        metricsPlugin,
        mockServices.rootConfig.factory({ data: config }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
        catalogServiceMock.factory({ entities }),
      ],
    });
    backends.push(backend);
    return backend.server;
  }

  it('answers the view of a component in the shape of the API contract', async () => {
    const queries = playPrometheus();
    const server = await startWithCatalog();
    const before = Date.now();

    const response = await request(server)
      .get('/api/metrics/v1/entities/component/default/orders?range=1d')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    const body = response.body;
    expect(Object.keys(body).sort()).toEqual([
      'callers',
      'entityRef',
      'hiddenSensitive',
      'integrations',
      'kpis',
      'problems',
      'prometheus',
      'range',
      'slos',
      'traffic',
    ]);
    expect(body.entityRef).toBe('component:default/orders');
    expect(body.prometheus).toEqual({
      instance: 'main',
      origin: 'default',
      convention: 'metrics-suite',
      conventionOrigin: 'instance',
    });

    // The last day up to now; "now" rounded down to the view cache's 30 s TTL so equal requests share results.
    expect(body.range.window).toBe('1d');
    const rangeStart = Date.parse(body.range.start);
    const end = Date.parse(body.range.end);
    expect(end - rangeStart).toBe(86_400_000);
    expect(end % 30_000).toBe(0);
    expect(end).toBeGreaterThan(before - 31_000);
    expect(end).toBeLessThanOrEqual(Date.now());

    // 500 bad of 1,000,000 against 99.9 %: SLI 0.9995, half the budget left; 1h burns 1×.
    expect(body.slos.status).toBe('ok');
    expect(body.slos.items).toHaveLength(1);
    const [slo] = body.slos.items;
    expect(slo).toMatchObject({
      id: 'slo:availability',
      name: 'availability',
      objective: 99.9,
      window: '28d',
      alert: 'none',
      state: 'healthy',
    });
    expect(slo.sli).toBeCloseTo(0.9995, 12);
    expect(slo.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(Object.keys(slo.burnRates)).toEqual(['1h']);
    expect(slo.burnRates['1h']).toBeCloseTo(1, 9);
    expect(slo.series).toHaveLength(2);
    expect(slo.series[0].sli).toBeCloseTo(0.9995, 12);
    expect(slo.series[0].budgetRemaining).toBeCloseTo(0.5, 9);
    expect(slo.links[0].url).toMatch(
      /^https:\/\/prom\.example\/graph\?g0\.expr=/,
    );
    // The internal address stays internal.
    expect(JSON.stringify(body)).not.toContain(PROM);

    // 750 of 1000 requests from checkout-web (component:default/checkout), 15 of them 5xx.
    expect(body.callers).toEqual({
      status: 'ok',
      items: [
        {
          caller: 'checkout-web',
          entityRef: 'component:default/checkout',
          owner: 'group:default/team-checkout',
          requests: 750,
          share: 0.75,
          errorRatio: 0.02,
        },
        {
          caller: 'unknown',
          external: true,
          requests: 250,
          share: 0.25,
          errorRatio: 0,
        },
      ],
    });

    // stripe: 196 of 200, the 4 failures without an error class.
    expect(body.integrations.status).toBe('ok');
    expect(body.integrations.items).toEqual([
      expect.objectContaining({
        id: 'integration:stripe',
        name: 'stripe',
        source: 'prometheus',
        requests: 200,
        successRate: 0.98,
        errorClasses: { unknown: 1 },
        unknownShare: 1,
        owner: 'group:default/team-orders',
      }),
    ]);
    expect(body.problems).toEqual([]);
    expect(queries.length).toBeGreaterThan(0);
  });

  it('rejects a range outside the contract with 400 naming the parameter', async () => {
    const queries = playPrometheus();
    const server = await startWithCatalog();

    const response = await request(server)
      .get('/api/metrics/v1/entities/component/default/orders?range=2d')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(400);
    expect(response.body.error.name).toBe('InputError');
    expect(response.body.error.message).toBe(
      "Query parameter 'range' must be one of 1h, 1d, 7d, 28d, got '2d'",
    );
    expect(queries).toEqual([]);
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const queries = playPrometheus();
    const server = await startWithCatalog();

    const response = await request(server)
      .get('/api/metrics/v1/entities/component/default/nope?range=1d')
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
    expect(response.body.error.message).toContain('component:default/nope');
    expect(queries).toEqual([]);
  });

  it('answers 401 without credentials', async () => {
    const queries = playPrometheus();
    const server = await startWithCatalog();

    const response = await request(server).get(
      '/api/metrics/v1/entities/component/default/orders?range=1d',
    );

    expect(response.status).toBe(401);
    expect(queries).toEqual([]);
  });
});
