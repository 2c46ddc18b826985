import { mockErrorHandler, mockServices } from '@backstage/backend-test-utils';
import type { CacheService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import request from 'supertest';
import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { recordingTelemetry } from './__testUtils__/recordingTelemetry';
import { createRouter } from './http/router';
import { ViewCache } from './http/viewCache';
import { PrometheusClient } from './sources/prometheus';
import type { ViewRecorder } from './team/viewRecorder';
import type { EntityViewService } from './views/EntityViewService';
import type { GroupViewService } from './views/GroupViewService';
import { TELEMETRY_NAMES, createMetricsTelemetry } from './telemetry';
import { DEFAULT_PROMETHEUS_LIMITS } from './config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from './config/catalogQueries';

// supertest reaches the router over loopback; only Prometheus is played by msw.
const server = setupServer(
  http.all(/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//, () =>
    passthrough(),
  ),
);
registerMswTestHooks(server);

const n = TELEMETRY_NAMES;
const histogram = (count: number) => ({ count, sum: expect.any(Number) });

describe('telemetry', () => {
  it('records request durations by route pattern, never by path', async () => {
    const { telemetry, read } = recordingTelemetry();
    const teamRouter = Router();
    teamRouter.post('/v1/teams/:namespace/:name/goals', (_req, res) => {
      res.status(201).json({});
    });
    const router = await createRouter({
      sources: [],
      readiness: { check: jest.fn() },
      httpAuth: mockServices.httpAuth(),
      entityViews: {} as EntityViewService,
      groupViews: {} as GroupViewService,
      rules: { entityRules: jest.fn(), groupRules: jest.fn() },
      configurationChecks: { check: jest.fn() },
      viewCache: {} as ViewCache,
      viewRecorder: {} as ViewRecorder,
      teamRouter,
      telemetry,
    });
    // As in the plugin: Backstage's error middleware answers the router's errors.
    const app = express().use(router).use(mockErrorHandler());

    await request(app).get('/health');
    await request(app).get('/health');
    await request(app).post('/v1/teams/default/checkout/goals').send({});
    await request(app).get('/v1/nothing-here');

    const recorded = await read(n.requestDuration);
    expect(recorded.unit).toBe('s');
    expect(recorded.points).toEqual([
      {
        attributes: {
          'http.route': '/health',
          'http.request.method': 'GET',
          'http.response.status_code': 200,
        },
        value: histogram(2),
      },
      {
        attributes: {
          'http.route': '/v1/teams/:namespace/:name/goals',
          'http.request.method': 'POST',
          'http.response.status_code': 201,
        },
        value: histogram(1),
      },
      {
        attributes: {
          'http.route': 'unmatched',
          'http.request.method': 'GET',
          'http.response.status_code': 404,
        },
        value: histogram(1),
      },
    ]);
  });

  it('records Prometheus request durations and errors per instance, with the reason', async () => {
    const { telemetry, read } = recordingTelemetry();
    const client = (name: string, baseUrl: string) =>
      PrometheusClient.fromConfig(
        {
          name,
          baseUrl,
          externalUrl: baseUrl,
          default: false,
          headers: {},
          timeoutMs: 5000,
          convention: DEFAULT_TELEMETRY_CONVENTION,
          limits: DEFAULT_PROMETHEUS_LIMITS,
          catalogQueries: DEFAULT_CATALOG_QUERIES,
          rules: { read: 'never', alertsDeployed: false },
        },
        { telemetry },
      );
    server.use(
      http.post('http://main.test/api/v1/query', () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'vector', result: [] },
        }),
      ),
      http.post('http://eu.test/api/v1/query', () =>
        HttpResponse.json(
          { status: 'error', errorType: 'bad_data', error: 'parse error' },
          { status: 400 },
        ),
      ),
      http.post('http://eu.test/api/v1/query_range', () =>
        HttpResponse.error(),
      ),
    );
    const main = client('main', 'http://main.test');
    const eu = client('eu', 'http://eu.test');
    // Two identical calls in flight are one request.
    await Promise.all([main.query('up'), main.query('up')]);
    await expect(eu.query('up{')).rejects.toThrow();
    await expect(
      eu.queryRange('up', { start: 0, end: 3600, step: 60 }),
    ).rejects.toThrow();

    const durations = await read(n.prometheusDuration);
    expect(durations.unit).toBe('s');
    expect(durations.points).toEqual([
      {
        attributes: { instance: 'main', endpoint: 'query', outcome: 'success' },
        value: histogram(1),
      },
      {
        attributes: { instance: 'eu', endpoint: 'query', outcome: 'error' },
        value: histogram(1),
      },
      {
        attributes: {
          instance: 'eu',
          endpoint: 'query_range',
          outcome: 'error',
        },
        value: histogram(1),
      },
    ]);
    expect((await read(n.prometheusErrors)).points).toEqual([
      {
        attributes: {
          instance: 'eu',
          endpoint: 'query',
          reason: 'query_error',
        },
        value: 1,
      },
      {
        attributes: {
          instance: 'eu',
          endpoint: 'query_range',
          reason: 'unreachable',
        },
        value: 1,
      },
    ]);
  });

  it('counts view cache hits and misses per view', async () => {
    const { telemetry, read } = recordingTelemetry();
    const entries = new Map<string, unknown>();
    const cache = {
      get: async (key: string) => entries.get(key),
      set: async (key: string, value: unknown) => void entries.set(key, value),
    } as unknown as CacheService;
    const viewCache = new ViewCache(cache, { telemetry });
    const credentials = { principal: { type: 'user', userEntityRef: 'u' } };
    const compute = async () => ({ answer: 1 });
    for (const view of ['entity', 'entity', 'entity', 'group']) {
      await viewCache.getOrCompute([view, 'x'], credentials as never, compute);
    }

    expect((await read(n.viewCacheRequests)).points).toEqual([
      { attributes: { view: 'entity', result: 'miss' }, value: 1 },
      { attributes: { view: 'entity', result: 'hit' }, value: 2 },
      { attributes: { view: 'group', result: 'miss' }, value: 1 },
    ]);
  });

  it('records collector runs, with rows and failures only when there are some', async () => {
    const { telemetry, read } = recordingTelemetry();
    telemetry.collectorRun({
      seconds: 12,
      outcome: 'success',
      rows: 40,
      failures: 2,
    });
    telemetry.collectorRun({
      seconds: 1,
      outcome: 'error',
      rows: 0,
      failures: 0,
    });

    expect((await read(n.collectorDuration)).points).toEqual([
      { attributes: { outcome: 'success' }, value: { count: 1, sum: 12 } },
      { attributes: { outcome: 'error' }, value: { count: 1, sum: 1 } },
    ]);
    expect(await read(n.collectorRows)).toEqual({
      unit: '{row}',
      points: [{ attributes: {}, value: 40 }],
    });
    expect((await read(n.collectorFailures)).points).toEqual([
      { attributes: {}, value: 2 },
    ]);
  });

  it('records nothing, and does not fail, without an OpenTelemetry SDK', () => {
    const telemetry = createMetricsTelemetry();
    expect(() =>
      telemetry.request({
        route: '/health',
        method: 'GET',
        status: 200,
        seconds: 0.01,
      }),
    ).not.toThrow();
  });
});
