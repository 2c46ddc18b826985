import {
  BackendFeature,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import { metricsSourcesExtensionPoint } from '@metrics-suite/backstage-plugin-metrics-node';
import request from 'supertest';
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
        {
          id: 'prometheus:eu',
          type: 'prometheus',
          description: 'http://mimir-eu:8080/prometheus',
        },
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
      {
        id: 'prometheus:only',
        type: 'prometheus',
        description: 'http://prom:9090',
        default: true,
      },
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
