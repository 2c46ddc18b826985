import express from 'express';
import request from 'supertest';
import {
  mockErrorHandler,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../config/metricsConfig';
import { PrometheusClient } from '../sources/prometheus';
import type { ViewRecorder } from '../team/viewRecorder';
import {
  EntityViewService,
  PrometheusInstance,
} from '../views/EntityViewService';
import type { GroupViewService } from '../views/GroupViewService';
import { createRouter } from './router';
import { ViewCache } from './viewCache';

// 20 identical service views asked at once cost the Prometheus requests of one view: the view
// cache computes them in one flight. Deterministic: Prometheus answers nothing until all 20
// requests have reached the cache (the view recorder is called right beside it).

// supertest's own requests to the app go through; only Prometheus is played by msw.
const server = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () =>
    passthrough(),
  ),
);
registerMswTestHooks(server);

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    namespace: 'default',
    annotations: { 'metrics-suite/prometheus-service': 'orders' },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: 'group:default/team-orders' }],
};

async function viewApp(options: { heldUntilRecorded: number }) {
  let release!: () => void;
  const held = new Promise<void>(resolve => {
    release = resolve;
  });
  let prometheusRequests = 0;
  fakePrometheus(server, { instant: () => [], range: () => [] });
  // Prepended, so it sees every Prometheus request first, then lets the fake answer.
  server.use(
    http.all(`${FAKE_PROMETHEUS_BASE}/*`, async () => {
      prometheusRequests += 1;
      await held;
    }),
  );
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [{ name: 'main', baseUrl: FAKE_PROMETHEUS_BASE }],
        },
        defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
      },
    }),
  );
  const entityViews = new EntityViewService({
    catalog: catalogServiceMock({ entities: [orders] }),
    logger: mockServices.logger.mock(),
    config,
    permissions: mockServices.permissions(),
    prometheus: new Map<string, PrometheusInstance>(
      config.prometheus.map(instance => [
        instance.name,
        {
          client: PrometheusClient.fromConfig(instance),
          convention: instance.convention,
        },
      ]),
    ),
  });
  const computed = jest.spyOn(entityViews, 'getEntityView');
  let recorded = 0;
  const router = await createRouter({
    sources: [],
    readiness: { check: jest.fn() },
    httpAuth: mockServices.httpAuth(),
    entityViews,
    groupViews: {} as GroupViewService,
    rules: { entityRules: jest.fn(), groupRules: jest.fn() },
    configurationChecks: { check: jest.fn() },
    viewCache: new ViewCache(mockServices.cache.mock()),
    viewRecorder: {
      record: async () => {
        recorded += 1;
        if (recorded === options.heldUntilRecorded) release();
      },
    } as unknown as ViewRecorder,
    teamRouter: express.Router(),
  });
  const app = express().use(router).use(mockErrorHandler());
  return {
    app,
    computed,
    prometheusRequests: () => prometheusRequests,
  };
}

const PATH = '/v1/entities/component/default/orders?range=1d';

describe('view single-flight through the router', () => {
  it('answers 20 identical concurrent views with the Prometheus requests of one', async () => {
    const one = await viewApp({ heldUntilRecorded: 1 });
    const single = await request(one.app).get(PATH);
    expect(single.status).toBe(200);
    const perView = one.prometheusRequests();
    expect(perView).toBeGreaterThan(0);

    const twenty = await viewApp({ heldUntilRecorded: 20 });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => request(twenty.app).get(PATH)),
    );

    expect(answers.map(a => a.status)).toEqual(Array(20).fill(200));
    // Same "now" slot (the cache's TTL), so every answer is the one computed view.
    expect(new Set(answers.map(a => a.text)).size).toBe(1);
    expect(twenty.computed).toHaveBeenCalledTimes(1);
    expect(twenty.prometheusRequests()).toBe(perView);
  });
});
