import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { fakePrometheus } from '../__testUtils__/fakePrometheus';
import { metricsPlugin } from '../plugin';

// The whole plugin on a test backend (auth, catalog, error middleware); only Prometheus is
// played by msw.
const PROM = 'http://prom.test';
const PATH = '/api/metrics/v1/entities/component/default';
const mswServer = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () =>
    passthrough(),
  ),
);
registerMswTestHooks(mswServer);

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    namespace: 'default',
    annotations: { 'metrics-suite/prometheus-service': 'checkout' },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};

const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start() {
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({
        data: {
          metrics: {
            prometheus: { instances: [{ name: 'main', baseUrl: PROM }] },
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: [entity] }),
    ],
  });
  backends.push(backend);
  return backend.server;
}

function play() {
  return fakePrometheus(
    mswServer,
    {
      series: [
        { __name__: 'http_server_requests_total', service: 'checkout-api' },
        { __name__: 'http_server_requests_total', service: 'orders' },
      ],
    },
    { baseUrl: PROM },
  );
}

describe('GET /api/metrics/v1/entities/{kind}/{namespace}/{name}/configuration-check', () => {
  it('answers the check in the shape of the API contract', async () => {
    play();
    const server = await start();

    const response = await request(server)
      .get(`${PATH}/checkout/configuration-check`)
      .set('Authorization', mockCredentials.user.header());

    expect(response.status).toBe(200);
    expect(Object.keys(response.body).sort()).toEqual([
      'checkedAt',
      'checks',
      'convention',
      'conventionOrigin',
      'entityRef',
      'instance',
      'lookbackSeconds',
      'service',
      'status',
    ]);
    expect(response.body).toMatchObject({
      entityRef: 'component:default/checkout',
      status: 'checked',
      instance: 'main',
      convention: 'metrics-suite',
      service: 'checkout',
      lookbackSeconds: 3600,
    });
    expect(
      response.body.checks.map((c: { purpose: string }) => c.purpose),
    ).toEqual(['requests', 'latency', 'integrations']);
    expect(response.body.checks[0]).toMatchObject({
      status: 'no-matching-series',
      label: 'service',
      valuesSeen: ['checkout-api', 'orders'],
    });
  });

  it('never runs as part of the entity view', async () => {
    const fake = play();
    const server = await start();
    const response = await request(server)
      .get(`${PATH}/checkout?range=1d`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(200);
    expect(fake.metadata).toEqual([]);
  });

  it('answers 404 for an entity that is not in the catalog', async () => {
    const fake = play();
    const server = await start();
    const response = await request(server)
      .get(`${PATH}/nope/configuration-check`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(404);
    expect(response.body.error.name).toBe('NotFoundError');
    expect(fake.metadata).toEqual([]);
  });

  it('answers 400 for an invalid entity name', async () => {
    const fake = play();
    const server = await start();
    const response = await request(server)
      .get(`${PATH}/-bad-/configuration-check`)
      .set('Authorization', mockCredentials.user.header());
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      name: 'InputError',
      message: "Invalid entity name '-bad-'",
    });
    expect(fake.metadata).toEqual([]);
  });

  it('answers 401 without credentials', async () => {
    const fake = play();
    const server = await start();
    const response = await request(server).get(
      `${PATH}/checkout/configuration-check`,
    );
    expect(response.status).toBe(401);
    expect(fake.metadata).toEqual([]);
  });
});
