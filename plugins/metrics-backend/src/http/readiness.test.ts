import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { HttpResponse, http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import { metricsPlugin } from '../plugin';

// GET /health/ready through the whole plugin: its auth policy, the configured clients (with
// their credentials) and the plugin's database. Prometheus is played by msw.
jest.setTimeout(60_000);

const TOKEN = 'r3ady-bearer-t0ken';
const PASSWORD = 'r3ady-passw0rd';

const mswServer = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () =>
    passthrough(),
  ),
);
registerMswTestHooks(mswServer);

/** Prometheus at `base` answering the probe query with `status`; records the auth header. */
function prometheus(base: string, status: number) {
  const seen: Array<{ auth: string | null; query: string | null }> = [];
  mswServer.use(
    http.post(`${base}/api/v1/query`, async ({ request: req }) => {
      const form = new URLSearchParams(await req.text());
      seen.push({
        auth: req.headers.get('authorization'),
        query: form.get('query'),
      });
      return status === 200
        ? HttpResponse.json({
            status: 'success',
            data: { resultType: 'scalar', result: [0, '1'] },
          })
        : HttpResponse.json(
            { status: 'error', errorType: 'unavailable', error: 'down' },
            { status },
          );
    }),
  );
  return seen;
}

const config: JsonObject = {
  metrics: {
    prometheus: {
      instances: [
        {
          name: 'main',
          baseUrl: 'http://prom-main.test',
          default: true,
          auth: { type: 'bearer', token: TOKEN },
        },
        {
          name: 'eu',
          baseUrl: 'http://prom-eu.test',
          auth: { type: 'basic', username: 'reader', password: PASSWORD },
        },
      ],
    },
    amplitude: {
      projects: [{ name: 'web', apiKey: 'amp-key-1', secretKey: 'amp-s3cret' }],
    },
    sqlEvents: { table: 'analytics_events' },
  },
};

const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start(data: JsonObject) {
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({ data }),
      catalogServiceMock.factory({ entities: [] }),
    ],
  });
  backends.push(backend);
  return backend.server;
}

describe('GET /api/metrics/health/ready', () => {
  it('answers 200 without credentials, naming which sources answer', async () => {
    const main = prometheus('http://prom-main.test', 200);
    prometheus('http://prom-eu.test', 503);
    const server = await start(config);

    const response = await request(server).get('/api/metrics/health/ready');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      sources: [
        { id: 'prometheus:main', type: 'prometheus', status: 'ok' },
        {
          id: 'prometheus:eu',
          type: 'prometheus',
          status: 'down',
          reason: 'server_error',
        },
        { id: 'amplitude:web', type: 'amplitude', status: 'configured' },
        { id: 'sql:events', type: 'sql', status: 'ok' },
      ],
      database: { status: 'ok' },
    });
    // through the instance's client: its credentials, the cheapest query
    expect(main).toEqual([{ auth: `Bearer ${TOKEN}`, query: '1' }]);
    for (const secret of [
      TOKEN,
      PASSWORD,
      'amp-s3cret',
      'amp-key-1',
      '.test',
    ]) {
      expect(response.text).not.toContain(secret);
    }
  });

  it('answers 503 when none of the configured Prometheus instances answers', async () => {
    prometheus('http://prom-main.test', 401);
    mswServer.use(
      http.post('http://prom-eu.test/api/v1/query', () => HttpResponse.error()),
    );
    const server = await start(config);

    const response = await request(server).get('/api/metrics/health/ready');

    expect(response.status).toBe(503);
    expect(response.body.status).toBe('not-ready');
    expect(response.body.sources.slice(0, 2)).toEqual([
      {
        id: 'prometheus:main',
        type: 'prometheus',
        status: 'down',
        reason: 'auth',
      },
      {
        id: 'prometheus:eu',
        type: 'prometheus',
        status: 'down',
        reason: 'unreachable',
      },
    ]);
    expect(response.text).not.toContain('prom-eu');
  });

  it('is ready without Prometheus instances (nothing to wait for)', async () => {
    const server = await start({});
    const response = await request(server).get('/api/metrics/health/ready');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ready',
      sources: [],
      database: { status: 'ok' },
    });
  });

  it('leaves /health static', async () => {
    const seen = prometheus('http://prom-main.test', 200);
    const server = await start(config);
    const response = await request(server).get('/api/metrics/health');
    expect(response.body).toEqual({ status: 'ok' });
    expect(seen).toEqual([]);
  });
});
