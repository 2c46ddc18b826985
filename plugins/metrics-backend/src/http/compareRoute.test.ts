import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { fakePrometheus } from '../__testUtils__/fakePrometheus';
import { metricsPlugin } from '../plugin';

// `compare=previous` through the whole plugin; only Prometheus is played by msw.
const PROM = 'http://prom.test';
const PATH = '/api/metrics/v1/entities/component/default/checkout';
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

// A minute a day ago: within the window `end` may take, and on the minute.
const END = Math.floor(Date.now() / 60_000) * 60 - 86_400;
// The suite's callers split its request family: the traffic totals are their sums.
const REQUESTS =
  'sum by (caller) (increase(http_server_requests_total{service="checkout"}[1d]))';
const FAILED =
  'sum by (caller) (increase(http_server_requests_total{service="checkout", code=~"5.."}[1d]))';
const SHIFTED = /^last_over_time\(\((.*)\)\[1s:1s\] offset 86400s\)$/s;

describe('GET /v1/entities/... compare', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
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
  });
  afterAll(() => backend.stop());

  beforeEach(() => {
    fakePrometheus(mswServer, {
      instant: query => {
        const shifted = SHIFTED.exec(query);
        const inner = shifted ? shifted[1] : query;
        if (inner === REQUESTS)
          return [
            { metric: { caller: 'web' }, value: shifted ? '400' : '1000' },
          ];
        if (inner === FAILED)
          return [{ metric: { caller: 'web' }, value: shifted ? '8' : '10' }];
        return [];
      },
    });
  });

  const ask = (query: string) =>
    request(backend.server)
      .get(`${PATH}?range=1d&end=${END}${query}`)
      .set('Authorization', mockCredentials.user.header());

  it('answers the previous period on the items with compare=previous, and not without', async () => {
    const plain = await ask('');
    expect(plain.status).toBe(200);
    expect(plain.body.previousRange).toBeUndefined();
    expect(plain.body.traffic.items[0]).not.toHaveProperty('previous');

    // Same entity, range and end: not the plain answer from the cache.
    const compared = await ask('&compare=previous');
    expect(compared.status).toBe(200);
    expect(compared.body.previousRange).toEqual({
      window: '1d',
      start: new Date((END - 2 * 86400) * 1000).toISOString(),
      end: new Date((END - 86400) * 1000).toISOString(),
    });
    expect(compared.body.traffic.items[0]).toMatchObject({
      requests: 1000,
      errors: 10,
      previous: { requests: 400, errors: 8, errorRatio: 0.02 },
    });
  });

  it('answers 400 with a message for any other compare', async () => {
    const bogus = await ask('&compare=bogus');
    expect(bogus.status).toBe(400);
    expect(bogus.body.error).toMatchObject({
      name: 'InputError',
      message:
        "Query parameter 'compare' must be previous or absent, got 'bogus'",
    });
  });
});
