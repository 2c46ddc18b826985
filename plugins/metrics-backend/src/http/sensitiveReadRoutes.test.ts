import { mockCredentials } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import request from 'supertest';
import {
  API,
  startMetricsTestBackend,
} from '../__testUtils__/metricsTestBackend';

// Backstage's default permissions (no policy) allow every principal everything; the plugin
// still keeps sensitive metrics from services it was not told to trust.
const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start(metrics: JsonObject = {}) {
  const backend = await startMetricsTestBackend(metrics);
  backends.push(backend);
  return backend.server;
}

const SERVICE = mockCredentials.service.header(); // subject external:test-service
const USER = mockCredentials.user.header();
const ENTITY = '/api/metrics/v1/entities/component/default/checkout-api';
const GROUP = '/api/metrics/v1/groups/default/checkout';
const METRIC_VALUE = (metricId: string) =>
  `/api/metrics/v1/teams/default/checkout/metric-value?entityRef=${API}&metricId=${metricId}`;

const NO_PROMETHEUS = (kpi: string) =>
  `KPI "${kpi}" reads Prometheus, but no instance is configured for this entity`;

async function kpiNames(
  server: Parameters<typeof request>[0],
  authorization: string,
) {
  const response = await request(server)
    .get(ENTITY)
    .set('Authorization', authorization);
  expect(response.status).toBe(200);
  return {
    names: response.body.kpis.items.map((k: { name: string }) => k.name),
    hidden: response.body.hiddenSensitive,
  };
}

describe('sensitive metrics and service principals', () => {
  it('shows a user every metric the policy allows', async () => {
    const server = await start();
    expect(await kpiNames(server, USER)).toEqual({
      names: expect.arrayContaining(['revenue', 'fraud-losses', 'orders']),
      hidden: 0,
    });
  });

  it('hides sensitive metrics from a service in entity and group views', async () => {
    const server = await start();
    expect(await kpiNames(server, SERVICE)).toEqual({
      names: ['orders'],
      hidden: 2,
    });
    const group = await request(server)
      .get(GROUP)
      .set('Authorization', SERVICE);
    expect(group.status).toBe(200);
    expect(group.body.hiddenSensitive).toBe(2);
    expect(group.body.metrics.map((m: { name: string }) => m.name)).toEqual([
      'orders',
    ]);
  });

  it('refuses a service the value of a sensitive metric, naming the setting', async () => {
    const server = await start();
    const response = await request(server)
      .get(METRIC_VALUE('kpi:revenue'))
      .set('Authorization', SERVICE);
    expect(response.status).toBe(403);
    expect(response.body.error).toEqual({
      name: 'NotAllowedError',
      message:
        'Services can read the sensitive metrics of group:default/checkout only when listed in metrics.permissions.sensitiveReadServices and allowed by the permission policy',
    });
    // Other metrics are not refused: the request gets as far as reading the value, which
    // fails here only because no Prometheus is configured.
    const orders = await request(server)
      .get(METRIC_VALUE('kpi:orders'))
      .set('Authorization', SERVICE);
    expect(orders.body.error.message).toBe(NO_PROMETHEUS('orders'));
  });

  it('shows a listed service what the policy allows', async () => {
    const server = await start({
      permissions: { sensitiveReadServices: ['external:test-service'] },
    });
    expect(await kpiNames(server, SERVICE)).toEqual({
      names: expect.arrayContaining(['revenue', 'fraud-losses', 'orders']),
      hidden: 0,
    });
    const value = await request(server)
      .get(METRIC_VALUE('kpi:revenue'))
      .set('Authorization', SERVICE);
    expect(value.body.error.message).toBe(NO_PROMETHEUS('revenue'));
  });

  it('does not let another service in because one is listed', async () => {
    const server = await start({
      permissions: { sensitiveReadServices: ['external:digest-bot'] },
    });
    expect((await kpiNames(server, SERVICE)).hidden).toBe(2);
  });
});
