import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import { OrgSweep } from './OrgSweep';

const server = setupServer();
registerMswTestHooks(server);

const BASE = 'http://prom.health.test';
const END = 1_795_000_000;

function team(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function component(name: string, owner: string, metrics?: object): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': name },
      ...(metrics ? { metrics } : {}),
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

/**
 * Answers the tagged breakdown with calls per service, integration, outcome and class in each
 * period, and a KPI's own query with a number; records every query.
 */
function prometheus(
  calls: Record<string, Record<string, Array<[string, string, number]>>>,
) {
  const queries: string[] = [];
  server.use(
    http.post(`${BASE}/api/v1/query`, async ({ request }) => {
      const query = new URLSearchParams(await request.text()).get('query')!;
      queries.push(query);
      const result = query.includes('integration_requests_total')
        ? Object.entries(calls).flatMap(([tag, byService]) =>
            Object.entries(byService).flatMap(([key, rows]) => {
              const [service, integration] = key.split('/');
              return rows.map(([outcome, errorClass, n]) => ({
                metric: {
                  service,
                  integration,
                  outcome,
                  error_class: errorClass,
                  metrics_window: tag,
                },
                value: [END, String(n)],
              }));
            }),
          )
        : [{ metric: {}, value: [END, '1008'] }];
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result },
      });
    }),
  );
  return queries;
}

function sweepOf(entities: Entity[]) {
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [
            {
              name: 'main',
              baseUrl: BASE,
              catalogQueries: { policy: 'any' },
            },
          ],
        },
      },
    }),
  );
  const [instance] = config.prometheus;
  const instances = new Map<string, PrometheusInstance>([
    [
      'main',
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ],
  ]);
  return new OrgSweep({
    catalog: catalogServiceMock({ entities }),
    logger: mockServices.logger.mock(),
    config,
    permissions: mockServices.permissions(),
    prometheus: instances,
  });
}

const request = (teamRefs: string[], window: string) => ({
  teamRefs,
  end: END,
  window,
  credentialsFor: async () => mockCredentials.service('plugin:metrics'),
});

describe('OrgSweep integration and KPI health', () => {
  it('reads every team’s conventional integrations in one query, with the two weeks', async () => {
    const queries = prometheus({
      current: {
        'pay/stripe': [
          ['success', '', 960],
          ['failure', 'timeout', 30],
          ['failure', '', 10],
        ],
        'search/algolia': [['success', '', 50]],
      },
      'last-week': { 'pay/stripe': [['failure', 'unknown', 40]] },
      'week-before': { 'pay/stripe': [['failure', 'timeout', 40]] },
    });
    const teams = Array.from({ length: 12 }, (_, i) => team(`team-${i}`));
    const sweep = sweepOf([
      ...teams,
      component('pay', 'team-0', {
        integrations: [{ name: 'stripe', target: 99 }],
      }),
      component('search', 'team-7'),
    ]);
    const result = await sweep.integrationHealth(
      request(
        teams.map(t => `group:default/${t.metadata.name}`),
        '1h',
      ),
    );
    expect(result.errors).toEqual([]);
    // Twelve teams, one query: the three periods of every service in one answer.
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain('[1h]');
    expect(queries[0]).toContain('offset 604800s');
    expect(result.prometheusQueries).toBe(1);

    const [pay] = result.teams[0].items!;
    expect(pay).toMatchObject({
      entityRef: 'component:default/pay',
      owner: 'group:default/team-0',
    });
    expect(pay.items).toEqual([
      expect.objectContaining({
        definition: expect.objectContaining({ name: 'stripe', target: 99 }),
        current: {
          requests: 1000,
          failures: 40,
          successRate: 0.96,
          unknownShare: 0.25,
        },
        weeks: {
          last: expect.objectContaining({ failures: 40, unknownShare: 1 }),
          before: expect.objectContaining({ failures: 40, unknownShare: 0 }),
        },
      }),
    ]);
    // A discovered integration (no declaration) is judged too.
    expect(result.teams[7].items![0].items).toEqual([
      expect.objectContaining({
        definition: expect.objectContaining({
          name: 'algolia',
          origin: 'discovered',
        }),
        current: expect.objectContaining({ requests: 50, successRate: 1 }),
      }),
    ]);
  });

  it('leaves the integrations of a failing query out and says why', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          { status: 'error', errorType: 'execution', error: 'boom' },
          { status: 422 },
        ),
      ),
    );
    const sweep = sweepOf([
      team('pay'),
      component('pay', 'pay', { integrations: [{ name: 'stripe' }] }),
    ]);
    const result = await sweep.integrationHealth(
      request(['group:default/pay'], '1h'),
    );
    expect(result.teams[0].items![0].items).toEqual([]);
    expect(result.errors).toEqual([
      expect.stringContaining('integration counter'),
    ]);
  });

  it('reads each KPI with a target once, and none without', async () => {
    const queries = prometheus({});
    const sweep = sweepOf([
      team('pay'),
      component('pay', 'pay', {
        kpis: [
          {
            name: 'payments',
            bucket: 'usage',
            query: 'sum(increase(payments_total{service="pay"}[{{window}}]))',
            target: { value: 1500 },
          },
          {
            name: 'refunds',
            bucket: 'usage',
            query: 'sum(increase(refunds_total{service="pay"}[{{window}}]))',
          },
        ],
      }),
    ]);
    const result = await sweep.kpiHealth(request(['group:default/pay'], '7d'));
    expect(result.errors).toEqual([]);
    expect(queries).toEqual([
      'sum(increase(payments_total{service="pay"}[7d]))',
    ]);
    expect(result.teams[0].items![0].items).toEqual([
      expect.objectContaining({
        definition: expect.objectContaining({ name: 'payments' }),
        value: 1008,
      }),
    ]);
  });
});
