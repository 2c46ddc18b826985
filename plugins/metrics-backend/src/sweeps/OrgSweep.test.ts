import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import { OrgSweep } from './OrgSweep';
import {
  SWEEP_PROMETHEUS,
  sweepPrometheus,
} from './__testUtils__/sweepPrometheus';

const server = setupServer();
registerMswTestHooks(server);

const END = 1_795_000_000;

function team(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

function sweepOf(entities: Entity[], extra: JsonObject = {}) {
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [{ name: 'main', baseUrl: SWEEP_PROMETHEUS }],
        },
        defaultSlos: [{ name: 'availability', objective: 99, window: '28d' }],
        ...extra,
      },
    }),
  );
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
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
    prometheus,
  });
}

const request = (teamRefs: string[]) => ({
  teamRefs,
  end: END,
  credentialsFor: async () => mockCredentials.service('plugin:metrics'),
});

describe('OrgSweep', () => {
  it.each([
    ['metrics-suite', 'service'],
    ['opentelemetry', 'service_name'],
    ['service-graph', 'server'],
    ['istio', 'destination_canonical_service'],
    ['linkerd', 'deployment'],
  ])(
    'reads the %s services of all teams with two queries per window over every service, keeping the catalog’s',
    async (convention, label) => {
      // Odd names arrive as label values, never inside a query; a service outside the
      // catalog is dropped on arrival.
      const queries = sweepPrometheus(server, () => 10, [
        'pay.ments',
        'say"hi|x',
        'stranger',
      ]);
      const annotations = (service: string) => ({
        'metrics-suite/prometheus-service': service,
        'metrics-suite/convention': convention,
      });
      const sweep = sweepOf([
        team('a'),
        team('b'),
        component('dots', 'a', annotations('pay.ments')),
        component('quote', 'b', annotations('say"hi|x')),
      ]);
      const result = await sweep.slos(
        request(['group:default/a', 'group:default/b']),
      );
      expect(result.errors).toEqual([]);
      // The SLO window and the seven burn windows, good and total each.
      expect(result.prometheusQueries).toBe(16);
      expect(queries).toHaveLength(16);
      for (const query of queries) {
        expect(query).toContain(`${label}!=""`);
        expect(query).toContain(`sum by (${label})`);
        expect(query).not.toContain('pay');
      }
      const windows = queries.map(q => /\[(\w+)\]/.exec(q)![1]);
      expect(new Set(windows)).toEqual(
        new Set(['28d', '5m', '30m', '1h', '2h', '6h', '1d', '3d']),
      );
      expect(
        result.teams.map(t => [
          t.teamRef,
          t.items?.map(s => [s.entityRef, s.slos[0]?.sli]),
        ]),
      ).toEqual([
        ['group:default/a', [['component:default/dots', 1]]],
        ['group:default/b', [['component:default/quote', 1]]],
      ]);
    },
  );

  it("splits a batched answer back into each service's SLO, as the views evaluate it", async () => {
    // 1% errors for checkout over every window, none for search; nothing for idle.
    sweepPrometheus(
      server,
      (service, query) => {
        const good = query.includes('code!~"5..');
        if (service === 'checkout') return good ? 990 : 1000;
        return 1000;
      },
      ['checkout', 'search'],
    );
    const annotated = (service: string) => ({
      'metrics-suite/prometheus-service': service,
    });
    const sweep = sweepOf([
      team('pay'),
      team('find'),
      component('checkout', 'pay', annotated('checkout')),
      component('idle', 'pay', annotated('idle')),
      component('search', 'find', annotated('search')),
    ]);
    const result = await sweep.slos(
      request(['group:default/pay', 'group:default/find']),
    );
    const slo = (teamIndex: number, entity: string) =>
      result.teams[teamIndex].items!.find(
        s => s.entityRef === `component:default/${entity}`,
      )!.slos[0];
    expect(slo(0, 'checkout')).toMatchObject({
      id: expect.stringContaining('availability'),
      sli: 0.99,
      budgetRemaining: 0,
      burnRates: expect.objectContaining({ '5m': 1, '1h': 1 }),
    });
    expect(slo(1, 'search')).toMatchObject({
      sli: 1,
      budgetRemaining: 1,
      alert: 'none',
    });
    expect(slo(0, 'idle')).toMatchObject({ state: 'no-data', sli: null });
    expect(result.prometheusQueries).toBe(16);
  });

  it('reads nothing from an instance it is told to skip (its rules alert there)', async () => {
    const queries = sweepPrometheus(server, () => 1000, ['checkout']);
    const sweep = sweepOf([
      team('pay'),
      component('checkout', 'pay', {
        'metrics-suite/prometheus-service': 'checkout',
      }),
    ]);
    const result = await sweep.slos({
      ...request(['group:default/pay']),
      skipInstances: new Set(['main']),
    });
    expect(queries).toHaveLength(0);
    expect(result.prometheusQueries).toBe(0);
    expect(result.teams[0].items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        slos: [],
      }),
    ]);
  });

  it('leaves out the SLOs of a failing query and reports it; a team that cannot be listed fails alone', async () => {
    const queries: string[] = [];
    server.use(
      http.post(`${SWEEP_PROMETHEUS}/api/v1/query`, async ({ request: r }) => {
        queries.push(new URLSearchParams(await r.text()).get('query')!);
        return HttpResponse.json(
          { status: 'error', errorType: 'execution', error: 'boom' },
          { status: 422 },
        );
      }),
    );
    const sweep = sweepOf([
      team('pay'),
      component('checkout', 'pay', {
        'metrics-suite/prometheus-service': 'checkout',
      }),
    ]);
    const result = await sweep.slos(
      request(['group:default/pay', 'group:default/missing']),
    );
    expect(queries).toHaveLength(16);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain('Prometheus "main" availability SLOs');
    expect(result.teams[0].items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        slos: [],
      }),
    ]);
    expect(result.teams[1]).toEqual({
      teamRef: 'group:default/missing',
      error: expect.stringContaining('missing'),
    });
  });

  it("lists each team's metrics, with integrations discovered on the counter over the window", async () => {
    const queries = sweepPrometheus(server, () => undefined);
    const sweep = sweepOf([
      team('pay'),
      component('checkout', 'pay', {
        'metrics-suite/prometheus-service': 'checkout',
      }),
    ]);
    const result = await sweep.metrics({
      ...request(['group:default/pay']),
      window: '7d',
    });
    expect(result.teams[0].items).toEqual([
      expect.objectContaining({
        entityRef: 'component:default/checkout',
        kind: 'slo',
        name: 'availability',
      }),
    ]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toContain('[7d]');
    expect(result.prometheusQueries).toBe(1);
  });
});
