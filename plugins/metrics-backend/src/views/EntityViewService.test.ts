import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { metricsSensitiveReadPermission } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  MetricsSource,
  metricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';
import { TestMetricsSourcesExtensionPoint } from '@metrics-suite/backstage-plugin-metrics-node/testUtils';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  FakePrometheusData,
  VectorItem,
  fakePrometheus as playFakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
import type { SnapshotStore, SnapshotRow } from '../database/SnapshotStore';
import { PrometheusClient } from '../sources/prometheus';
import { EntityViewService, PrometheusInstance } from './EntityViewService';
import type { ViewRequest } from '../http/parseViewRequest';

const SUITE = {
  convention: 'metrics-suite',
  conventionOrigin: 'instance',
} as const;

// --- a small Prometheus that answers by exact PromQL ---------------------------------------

const BASE = FAKE_PROMETHEUS_BASE;
const server = setupServer();
registerMswTestHooks(server);

/**
 * Instant queries answered from `instant` by exact PromQL (multi-window queries part by part,
 * tagged with their window), range queries from `range`; unknown queries get an empty result
 * and are recorded in `unmatched`. `fail` may answer a query with an error response instead.
 */
function fakePrometheus(data: FakePrometheusData) {
  return playFakePrometheus(server, data);
}

// --- fixtures --------------------------------------------------------------------------------

function component(
  name: string,
  annotations: Record<string, string>,
  extra: { owner?: string; metrics?: JsonObject } = {},
): Entity {
  const owner = extra.owner ?? 'team-orders';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations,
      ...(extra.metrics ? { metrics: extra.metrics } : {}),
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const CALLER_ID = 'metrics-suite/caller-id';
// Keys of earlier releases: still read, reported as deprecated.
const OLD_SERVICE = 'metrics.backstage.io/prometheus-service';
const OLD_INSTANCE = 'metrics.backstage.io/prometheus-instance';
const OLD_CALLER_ID = 'metrics.backstage.io/caller-id';

const entities: Entity[] = [
  component('orders', { [SERVICE]: 'orders' }),
  component(
    'checkout',
    { [SERVICE]: 'checkout', [CALLER_ID]: 'checkout-web' },
    { owner: 'team-checkout' },
  ),
  component('legacy', {}),
  component('fleet', {
    [SERVICE]: 'fleet',
    'metrics-suite/convention': 'istio',
  }),
  component(
    'shop',
    {},
    {
      owner: 'team-shop',
      metrics: {
        slos: [
          {
            name: 'checkout-success',
            objective: 99,
            sensitive: true,
            indicator: {
              ratio: {
                good: 'sum(increase(checkout_ok_total[{{window}}]))',
                total: 'sum(increase(checkout_total[{{window}}]))',
              },
            },
          },
        ],
        kpis: [
          {
            name: 'checkouts',
            bucket: 'business',
            query: 'sum(increase(checkout_ok_total[{{window}}]))',
            target: { value: 50 },
          },
          {
            name: 'revenue',
            bucket: 'business',
            unit: 'currency',
            sensitive: true,
            owner: 'group:default/finance',
            source: 'custom',
            sourceId: 'warehouse',
            params: { table: 'orders' },
          },
          {
            name: 'margin',
            bucket: 'business',
            sensitive: true,
            source: 'custom',
            sourceId: 'warehouse',
            params: { table: 'margins' },
          },
        ],
      },
    },
  ),
  component('moved', { [SERVICE]: 'moved', [INSTANCE]: 'eu' }),
  // annotated the old way: the same series as orders
  component('old-orders', { [OLD_SERVICE]: 'orders', [OLD_CALLER_ID]: 'old' }),
  component('old-moved', { [OLD_SERVICE]: 'old-moved', [OLD_INSTANCE]: 'eu' }),
  component(
    'bad-slo',
    { [SERVICE]: 'bad-slo', [INSTANCE]: 'main' },
    {
      metrics: {
        slos: [
          // a fraction written where a percentage belongs
          { name: 'availability', objective: 0.999 },
          {
            name: 'latency',
            objective: 99,
            indicator: { latency: { thresholdSeconds: 0.5 } },
          },
        ],
      },
    },
  ),
];

const MAIN = {
  name: 'main',
  baseUrl: BASE,
  externalUrl: 'https://prom.example.com',
  // The shop's PromQL reads no service label: run it as written (the scoped default is tested below).
  catalogQueries: { policy: 'any' },
};

const metricsConfig = {
  prometheus: { instances: [MAIN] },
  defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
};

function service(
  options: {
    metrics?: JsonObject;
    logger?: ReturnType<typeof mockServices.logger.mock>;
    permissions?: ReturnType<typeof mockServices.permissions>;
    moduleSources?: MetricsSource[];
    store?: SnapshotStore;
  } = {},
) {
  const config = readMetricsConfig(
    new ConfigReader({ metrics: options.metrics ?? metricsConfig }),
  );
  const prometheus = new Map<string, PrometheusInstance>(
    config.prometheus.map(instance => [
      instance.name,
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ]),
  );
  return new EntityViewService({
    catalog: catalogServiceMock({ entities }),
    logger: options.logger ?? mockServices.logger.mock(),
    config,
    permissions: options.permissions ?? mockServices.permissions(),
    prometheus,
    moduleSources: options.moduleSources,
    store: options.store,
  });
}

const END = 1735689600; // 2025-01-01T00:00:00Z
function viewOf(name: string): ViewRequest {
  return {
    entityRef: { kind: 'component', namespace: 'default', name },
    range: '1d',
    end: END,
    start: END - 86400,
  };
}

const credentials = mockCredentials.user();

// PromQL of `orders`, written out by hand.
const good = (s: string, w: string) =>
  `sum(increase(http_server_requests_total{service="${s}", code!~"5.."}[${w}])) or vector(0)`;
const total = (s: string, w: string) =>
  `sum(increase(http_server_requests_total{service="${s}"}[${w}]))`;
const CALLER_REQUESTS =
  'sum by (caller) (increase(http_server_requests_total{service="orders"}[1d]))';
const CALLER_ERRORS =
  'sum by (caller) (increase(http_server_requests_total{service="orders", code=~"5.."}[1d]))';
const BREAKDOWN = (s: string, w: string) =>
  `sum by (integration, outcome, error_class) (increase(integration_requests_total{service="${s}"}[${w}]))`;

const ordersData = {
  instant: {
    // 500 bad of 1,000,000 against 99.9 %: SLI 0.9995, budget left 1 − 0.0005 / 0.001 = 0.5
    [good('orders', '28d')]: [{ metric: {}, value: '999500' }],
    [total('orders', '28d')]: [{ metric: {}, value: '1000000' }],
    // 1h: 12 bad of 12,000 → burn 1; 5m: 2 bad of 1000 → burn 2
    [good('orders', '1h')]: [{ metric: {}, value: '11988' }],
    [total('orders', '1h')]: [{ metric: {}, value: '12000' }],
    [good('orders', '5m')]: [{ metric: {}, value: '998' }],
    [total('orders', '5m')]: [{ metric: {}, value: '1000' }],
    [CALLER_REQUESTS]: [
      { metric: { caller: 'checkout-web' }, value: '800' },
      { metric: {}, value: '200' },
    ],
    [CALLER_ERRORS]: [{ metric: { caller: 'checkout-web' }, value: '8' }],
    // 1d (also the traffic section's range): 8 bad of 1000 → burn 8
    [good('orders', '1d')]: [{ metric: {}, value: '992' }],
    [total('orders', '1d')]: [{ metric: {}, value: '1000' }],
    'sum(increase(http_server_requests_total{service="orders", code=~"5.."}[1d]))':
      [{ metric: {}, value: '8' }],
    'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service="orders"}[1d])))':
      [{ metric: {}, value: '0.42' }],
    [BREAKDOWN('orders', '1d')]: [
      { metric: { integration: 'stripe', outcome: 'success' }, value: '99' },
      {
        metric: {
          integration: 'stripe',
          outcome: 'failure',
          error_class: 'timeout',
        },
        value: '1',
      },
    ],
  } as Record<string, VectorItem[]>,
};

// --- tests -----------------------------------------------------------------------------------

describe('EntityViewService', () => {
  it('answers every section of an annotated entity', async () => {
    const fake = fakePrometheus(ordersData);

    const view = await service().getEntityView(viewOf('orders'), credentials);

    expect(view.entityRef).toBe('component:default/orders');
    expect(view.range).toEqual({
      window: '1d',
      start: '2024-12-31T00:00:00.000Z',
      end: '2025-01-01T00:00:00.000Z',
    });
    expect(view.problems).toEqual([]);
    expect(view.prometheus).toEqual({
      instance: 'main',
      origin: 'default',
      ...SUITE,
    });

    expect(view.slos.status).toBe('ok');
    expect(view.slos.items).toHaveLength(1);
    const [slo] = view.slos.items;
    expect(slo).toMatchObject({
      id: 'slo:availability',
      name: 'availability',
      objective: 99.9,
      window: '28d',
      alert: 'none',
      state: 'healthy',
      counts: { good: 999_500, valid: 1_000_000 },
      owner: 'group:default/team-orders',
    });
    expect(slo.sli).toBeCloseTo(0.9995, 12);
    expect(slo.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(Object.keys(slo.burnRates).sort()).toEqual(['1d', '1h', '5m']);
    expect(slo.burnRates['1d']).toBeCloseTo(8, 9);
    expect(slo.burnRates['1h']).toBeCloseTo(1, 9);
    expect(slo.burnRates['5m']).toBeCloseTo(2, 9);
    expect(slo.links?.[0].url).toMatch(
      /^https:\/\/prom\.example\.com\/graph\?g0\.expr=/,
    );

    // checkout-web is the caller id of component:default/checkout; the empty label is unknown.
    expect(view.callers).toEqual({
      status: 'ok',
      items: [
        {
          caller: 'checkout-web',
          entityRef: 'component:default/checkout',
          owner: 'group:default/team-checkout',
          requests: 800,
          share: 0.8,
          errorRatio: 0.01,
        },
        {
          caller: 'unknown',
          external: true,
          requests: 200,
          share: 0.2,
          errorRatio: 0,
        },
      ],
    });

    expect(view.integrations.status).toBe('ok');
    expect(view.integrations.items).toEqual([
      expect.objectContaining({
        id: 'integration:stripe',
        name: 'stripe',
        source: 'prometheus',
        requests: 100,
        failures: 1,
        successRate: 0.99,
        errorClasses: { timeout: 1 },
        unknownShare: 0,
        owner: 'group:default/team-orders',
      }),
    ]);

    // The service as a whole, from the same convention's request family.
    expect(view.traffic).toEqual({
      status: 'ok',
      items: [
        {
          convention: 'metrics-suite',
          requests: 1000,
          errors: 8,
          errorRatio: 0.008,
          p95Seconds: 0.42,
        },
      ],
    });

    // SLO: 2 instant + 1 range; callers: 3 instant; traffic: the callers' 2 (sent once) and
    // its p95; integrations: 1 instant + 1 range.
    expect(fake.seen.filter(s => s.path === '/api/v1/query')).toHaveLength(7);
    expect(
      fake.seen.filter(s => s.path === '/api/v1/query_range'),
    ).toHaveLength(2);
    expect(JSON.stringify(view)).not.toMatch(/NaN|Infinity/);
  });

  describe('compare=previous', () => {
    // The previous day of `orders`: other figures, and no unknown caller.
    const previousDay: Record<string, VectorItem[]> = {
      ...ordersData.instant,
      [good('orders', '28d')]: [{ metric: {}, value: '998000' }],
      [CALLER_REQUESTS]: [{ metric: { caller: 'checkout-web' }, value: '500' }],
      [CALLER_ERRORS]: [{ metric: { caller: 'checkout-web' }, value: '10' }],
      [total('orders', '1d')]: [{ metric: {}, value: '500' }],
      'sum(increase(http_server_requests_total{service="orders", code=~"5.."}[1d]))':
        [{ metric: {}, value: '10' }],
      [BREAKDOWN('orders', '1d')]: [
        { metric: { integration: 'stripe', outcome: 'success' }, value: '45' },
        { metric: { integration: 'stripe', outcome: 'failure' }, value: '5' },
      ],
    };
    const SHIFTED = /^last_over_time\(\((.*)\)\[1s:1s\] offset (\d+)s\)$/s;
    // Answers by time: `ordersData` at END, `previousDay` a day earlier; a shifted query as
    // its inner query at the earlier time, as Prometheus evaluates it.
    const byTime = (query: string, form: URLSearchParams) => {
      let time = Number(form.get('time'));
      let inner = query;
      const shifted = SHIFTED.exec(query);
      if (shifted) {
        inner = shifted[1];
        time -= Number(shifted[2]);
      }
      const table = time === END ? ordersData.instant : previousDay;
      return table[inner];
    };
    const previousRequest = {
      ...viewOf('orders'),
      end: END - 86400,
      start: END - 2 * 86400,
    };

    async function views() {
      const fake = fakePrometheus({ instant: byTime });
      const count = () => fake.seen.length;
      const plain = await service().getEntityView(
        viewOf('orders'),
        credentials,
      );
      const one = count();
      const before = await service().getEntityView(
        previousRequest,
        credentials,
      );
      const two = count();
      const compared = await service().getEntityView(
        { ...viewOf('orders'), compare: 'previous' },
        credentials,
      );
      return {
        plain,
        before,
        compared,
        requests: { plain: one, compared: count() - two },
        unmatched: fake.unmatched,
      };
    }

    it('answers what a view of the previous period says, on each item', async () => {
      const { plain, before, compared, unmatched } = await views();
      expect(unmatched.filter(q => q.includes('offset'))).toEqual([]);
      expect(compared.previousRange).toEqual(
        expect.objectContaining({
          start: before.range.start,
          end: before.range.end,
        }),
      );

      const [slo] = compared.slos.items;
      const [sloBefore] = before.slos.items;
      expect(slo.previous?.sli).toBeCloseTo(sloBefore.sli!, 12);
      expect(slo.previous?.budgetRemaining).toBeCloseTo(
        sloBefore.budgetRemaining!,
        9,
      );
      expect(sloBefore.sli).not.toBeCloseTo(plain.slos.items[0].sli!, 6);

      expect(compared.callers.items.map(c => [c.caller, c.previous])).toEqual(
        plain.callers.items.map(c => {
          const then = before.callers.items.find(b => b.caller === c.caller);
          return [
            c.caller,
            then
              ? { requests: then.requests, errorRatio: then.errorRatio }
              : null,
          ];
        }),
      );
      expect(compared.callers.items[0].previous).toEqual({
        requests: 500,
        errorRatio: 0.02,
      });
      expect(compared.callers.items[1].previous).toBeNull();

      const [traffic] = before.traffic.items;
      expect(compared.traffic.items[0].previous).toEqual({
        requests: traffic.requests,
        errors: traffic.errors,
        errorRatio: traffic.errorRatio,
      });

      const [stripe] = before.integrations.items;
      expect(compared.integrations.items[0].previous).toEqual({
        requests: stripe.requests,
        successRate: stripe.successRate,
      });
      expect(stripe.successRate).toBeCloseTo(0.9, 12);

      // Apart from the previous figures, the answer is the plain view's.
      const strip = (view: typeof compared) =>
        JSON.parse(
          JSON.stringify(view, (k, v) =>
            k === 'previous' || k === 'previousRange' ? undefined : v,
          ),
        );
      expect(strip(compared)).toEqual(strip(plain));
      expect(JSON.stringify(plain)).not.toMatch(/"previous/);
    });

    it('costs no more Prometheus requests than one view without it', async () => {
      const { requests } = await views();
      expect(requests.plain).toBe(9);
      expect(requests.compared).toBeLessThanOrEqual(requests.plain);
    });

    it('gives null for a previous period without the figures', async () => {
      fakePrometheus({
        instant: (query, form) =>
          SHIFTED.test(query) ? [] : byTime(query, form),
      });
      const view = await service().getEntityView(
        { ...viewOf('orders'), compare: 'previous' },
        credentials,
      );
      expect(view.callers.items.map(c => c.previous)).toEqual([null, null]);
      expect(view.traffic.items[0].previous).toBeNull();
      expect(view.slos.items[0].previous).toEqual({
        sli: null,
        budgetRemaining: null,
      });
      // Declared without calls: listed in both periods, no success rate before.
      expect(view.integrations.items[0].previous).toBeNull();
    });
  });

  it('reads an entity on another convention with its own series', async () => {
    const selector =
      'reporter="destination", destination_canonical_service="fleet"';
    fakePrometheus({
      instant: {
        [`sum by (source_canonical_service) (increase(istio_requests_total{${selector}}[1d]))`]:
          [
            {
              metric: { source_canonical_service: 'checkout-web' },
              value: '300',
            },
            { metric: { source_canonical_service: 'unknown' }, value: '100' },
          ],
        // Istio's callers split its request family: the totals are their sums.
        [`sum by (source_canonical_service) (increase(istio_requests_total{${selector}, response_code=~"5.."}[1d]))`]:
          [
            {
              metric: { source_canonical_service: 'checkout-web' },
              value: '4',
            },
          ],
        [`histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[1d]))) / 1000`]:
          [{ metric: {}, value: '0.25' }],
      } as Record<string, VectorItem[]>,
    });

    const view = await service().getEntityView(viewOf('fleet'), credentials);

    expect(view.prometheus).toEqual({
      instance: 'main',
      origin: 'default',
      convention: 'istio',
      conventionOrigin: 'annotation',
    });
    expect(view.callers.items.map(c => [c.caller, c.share])).toEqual([
      ['checkout-web', 0.75],
      ['unknown', 0.25],
    ]);
    expect(view.traffic.items).toEqual([
      {
        convention: 'istio',
        requests: 400,
        errors: 4,
        errorRatio: 0.01,
        p95Seconds: 0.25,
      },
    ]);
    // Istio has no integration counter: nothing discovered, and the section says why.
    expect(view.integrations).toEqual({
      status: 'not-configured',
      error: expect.stringContaining(
        'the istio convention has no integration counter',
      ),
      items: [],
    });
  });

  it('marks every section not-configured for an entity without metrics annotations', async () => {
    const fake = fakePrometheus({});

    const view = await service().getEntityView(viewOf('legacy'), credentials);

    expect(view).toEqual({
      entityRef: 'component:default/legacy',
      range: {
        window: '1d',
        start: '2024-12-31T00:00:00.000Z',
        end: '2025-01-01T00:00:00.000Z',
      },
      slos: {
        status: 'not-configured',
        error:
          'No SLOs: add metrics-suite/prometheus-service for the default SLOs, or metadata.metrics.slos',
        items: [],
      },
      callers: {
        status: 'not-configured',
        error:
          'Requests by caller need the metrics-suite/prometheus-service annotation',
        items: [],
      },
      traffic: {
        status: 'not-configured',
        error:
          'Request totals need the metrics-suite/prometheus-service annotation',
        items: [],
      },
      integrations: {
        status: 'not-configured',
        error:
          'No integrations: add metrics-suite/prometheus-service or metadata.metrics.integrations',
        items: [],
      },
      kpis: {
        status: 'not-configured',
        error:
          'No KPIs: declare business and usage metrics under metadata.metrics.kpis',
        items: [],
      },
      problems: [],
      hiddenSensitive: 0,
    });
    // it reads no Prometheus, so the answer names no instance
    expect(view.prometheus).toBeUndefined();
    expect(fake.seen).toEqual([]);
  });

  it('reports an unknown instance as a problem and fails only the Prometheus sections', async () => {
    const fake = fakePrometheus({});

    const view = await service().getEntityView(viewOf('moved'), credentials);

    const message =
      'no Prometheus instance "eu" is configured (configured: "main")';
    expect(view.entityRef).toBe('component:default/moved');
    expect(view.problems).toEqual([
      {
        path: 'metadata.annotations.metrics-suite/prometheus-instance',
        message,
      },
    ]);
    expect(view.prometheus).toEqual({ origin: 'none', ...SUITE });
    expect(view.slos).toEqual({ status: 'error', error: message, items: [] });
    expect(view.callers).toEqual({
      status: 'error',
      error: message,
      items: [],
    });
    expect(view.integrations).toEqual({
      status: 'error',
      error: expect.stringMatching(/no instance is configured for this entity/),
      items: [],
    });
    expect(fake.seen).toEqual([]);
  });

  it('reads the deprecated annotation keys and lists each among the problems', async () => {
    const fake = fakePrometheus(ordersData);

    const view = await service().getEntityView(
      viewOf('old-orders'),
      credentials,
    );

    expect(view.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: `deprecated: write ${SERVICE} instead (${OLD_SERVICE} is still read for now and will be removed in a later release)`,
      },
      {
        path: `metadata.annotations.${OLD_CALLER_ID}`,
        message: `deprecated: write ${CALLER_ID} instead (${OLD_CALLER_ID} is still read for now and will be removed in a later release)`,
      },
    ]);
    expect(view.prometheus).toEqual({
      instance: 'main',
      origin: 'default',
      ...SUITE,
    });
    expect(view.slos.status).toBe('ok');
    expect(view.slos.items.map(s => s.id)).toEqual(['slo:availability']);
    expect(view.callers.status).toBe('ok');
    expect(view.integrations.status).toBe('ok');
    expect(fake.seen.length).toBeGreaterThan(0);
  });

  it('puts the unknown-instance problem on the deprecated key it was read from', async () => {
    fakePrometheus({});

    const view = await service().getEntityView(
      viewOf('old-moved'),
      credentials,
    );

    expect(view.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: expect.stringMatching(`^deprecated: write ${SERVICE} instead`),
      },
      {
        path: `metadata.annotations.${OLD_INSTANCE}`,
        message: expect.stringMatching(
          `^deprecated: write ${INSTANCE} instead`,
        ),
      },
      {
        path: `metadata.annotations.${OLD_INSTANCE}`,
        message:
          'no Prometheus instance "eu" is configured (configured: "main")',
      },
    ]);
  });

  it('names the missing default instance when none is marked default', async () => {
    fakePrometheus({});
    const view = await service({
      metrics: {
        prometheus: {
          instances: [
            { name: 'a', baseUrl: 'http://a.test' },
            { name: 'b', baseUrl: 'http://b.test' },
          ],
        },
      },
    }).getEntityView(viewOf('orders'), credentials);
    expect(view.problems).toEqual([
      {
        path: 'metadata.annotations.metrics-suite/prometheus-instance',
        message:
          'no default Prometheus instance is configured in metrics.prometheus.instances',
      },
    ]);
    expect(view.callers.status).toBe('error');
  });

  it('fails only the callers section when Prometheus answers 503 to the caller queries', async () => {
    const fake = fakePrometheus({
      ...ordersData,
      fail: query =>
        /\bby \(caller/.test(query)
          ? HttpResponse.json(
              {
                status: 'error',
                errorType: 'unavailable',
                error: 'TSDB not ready',
              },
              { status: 503 },
            )
          : undefined,
    });
    const logger = mockServices.logger.mock();

    const view = await service({ logger }).getEntityView(
      viewOf('orders'),
      credentials,
    );

    expect(view.callers.status).toBe('error');
    expect(view.callers.items).toEqual([]);
    expect(view.callers.error).toMatch(
      /^Prometheus 'main' failed \(unavailable, HTTP 503\): TSDB not ready\. Query: /,
    );
    // The other sections are untouched.
    expect(view.slos.status).toBe('ok');
    expect(view.slos.items[0].sli).toBeCloseTo(0.9995, 12);
    expect(view.integrations.status).toBe('ok');
    expect(view.integrations.items[0].successRate).toBe(0.99);
    expect(view.problems).toEqual([]);
    expect(fake.seen.some(s => s.query === CALLER_REQUESTS)).toBe(true);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^metrics callers section failed: Prometheus 'main' failed/,
      ),
    );
  });

  it('reports a bad objective with its path and still evaluates the other SLO', async () => {
    const latencyGood = (w: string) =>
      `sum(increase(http_server_request_duration_seconds_bucket{service="bad-slo", le="0.5"}[${w}])) or vector(0)`;
    const latencyTotal = (w: string) =>
      `sum(increase(http_server_request_duration_seconds_count{service="bad-slo"}[${w}]))`;
    const fake = fakePrometheus({
      instant: {
        // 9950 of 10,000 under 0.5 s against 99 %: SLI 0.995, budget left 1 − 0.005 / 0.01 = 0.5
        [latencyGood('28d')]: [{ metric: {}, value: '9950' }],
        [latencyTotal('28d')]: [{ metric: {}, value: '10000' }],
      },
    });

    const view = await service().getEntityView(viewOf('bad-slo'), credentials);

    expect(view.problems).toEqual([
      {
        path: 'metadata.metrics.slos[0].objective',
        message: 'is a percentage: 0.999 means 0.999 %; write 99.9 for 99.9 %',
      },
    ]);
    expect(view.prometheus).toEqual({
      instance: 'main',
      origin: 'annotation',
      ...SUITE,
    });
    expect(view.slos.status).toBe('ok');
    expect(view.slos.items).toHaveLength(1);
    expect(view.slos.items[0]).toMatchObject({
      id: 'slo:latency',
      objective: 99,
      window: '28d',
      counts: { good: 9950, valid: 10_000 },
      state: 'healthy',
    });
    expect(view.slos.items[0].sli).toBeCloseTo(0.995, 12);
    expect(view.slos.items[0].budgetRemaining).toBeCloseTo(0.5, 9);
    // The default SLO does not stand in for the broken one: the entity declares its own.
    expect(
      fake.seen.filter(s => s.query.includes('code!~"5.."')).map(s => s.query),
    ).toEqual([]);
    expect(view.callers.status).toBe('ok');
    expect(view.integrations.status).toBe('ok');
  });

  it('throws NotFoundError for an entity that is not in the catalog', async () => {
    fakePrometheus({});
    const promise = service().getEntityView(viewOf('nope'), credentials);
    await expect(promise).rejects.toThrow(NotFoundError);
    await expect(promise).rejects.toThrow(
      'No entity component:default/nope found',
    );
  });

  it('asks nobody about permissions when no metric is sensitive', async () => {
    fakePrometheus(ordersData);
    const permissions = mockServices.permissions.mock();
    const view = await service({ permissions }).getEntityView(
      viewOf('orders'),
      credentials,
    );
    expect(view.hiddenSensitive).toBe(0);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(permissions.authorizeConditional).not.toHaveBeenCalled();
  });
});

// --- KPIs, sensitive metrics and module-added sources ----------------------------------------

const CHECKOUTS_1D = 'sum(increase(checkout_ok_total[1d]))';

/** A warehouse source as a module would add it: revenue 1234.5, margin 0.3. */
function warehouse(): MetricsSource {
  return {
    id: 'warehouse',
    type: 'sql',
    async countEvents({ params }) {
      return { value: params.table === 'orders' ? 1234.5 : 0.3 };
    },
  };
}

/** Allows `metrics.sensitive.read` on the teams given, denies it elsewhere. */
function allowTeams(...teams: string[]) {
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result: teams.includes(r.resourceRef ?? '')
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      })),
  });
}

describe('EntityViewService: KPIs and sensitive metrics', () => {
  it('shows KPI values over the range and the period before', async () => {
    fakePrometheus({
      instant: (query, form) =>
        query === CHECKOUTS_1D
          ? [
              {
                metric: {},
                value: form.get('time') === String(END) ? '60' : '40',
              },
            ]
          : undefined,
    });
    const view = await service({
      moduleSources: [warehouse()],
    }).getEntityView(viewOf('shop'), credentials);

    expect(view.kpis.status).toBe('ok');
    expect(
      view.kpis.items.map(i => [i.name, i.value, i.previous, i.targetMet]),
    ).toEqual([
      ['checkouts', 60, 40, true],
      ['revenue', 1234.5, 1234.5, undefined],
      ['margin', 0.3, 0.3, undefined],
    ]);
    expect(view.hiddenSensitive).toBe(0);
  });

  it('runs none of the catalog PromQL a scoped instance refuses, and says why', async () => {
    const fake = fakePrometheus({});
    const view = await service({
      metrics: {
        ...metricsConfig,
        prometheus: {
          instances: [{ ...MAIN, catalogQueries: { policy: 'scoped' } }],
        },
      },
      moduleSources: [warehouse()],
    }).getEntityView(viewOf('shop'), credentials);

    const why =
      'has no matcher that scopes it to this entity (set the metrics-suite/prometheus-service annotation and match service="<its value>") (catalogQueries: scoped on instance "main")';
    expect(view.problems).toEqual([
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.good',
        message: `selector checkout_ok_total ${why}`,
      },
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.total',
        message: `selector checkout_total ${why}`,
      },
      {
        path: 'metadata.metrics.kpis[0].query',
        message: `selector checkout_ok_total ${why}`,
      },
    ]);
    expect(view.slos.items).toEqual([]);
    expect(view.kpis.items.map(i => i.name)).toEqual(['revenue', 'margin']);
    expect(fake.queries).toEqual([]);
  });

  it('leaves out sensitive metrics of teams the caller may not read, asking once per team', async () => {
    fakePrometheus({
      instant: { [CHECKOUTS_1D]: [{ metric: {}, value: '60' }] },
    });
    const permissions = allowTeams('group:default/finance');

    const view = await service({
      permissions,
      moduleSources: [warehouse()],
    }).getEntityView(viewOf('shop'), credentials);

    // The SLO and margin belong to the entity's owner (team-shop): denied. Revenue names
    // finance as its owner: allowed.
    expect(view.hiddenSensitive).toBe(2);
    expect(view.slos).toEqual({ status: 'ok', items: [] });
    expect(view.kpis.items.map(i => i.name)).toEqual(['checkouts', 'revenue']);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: metricsSensitiveReadPermission,
          resourceRef: 'group:default/team-shop',
        },
        {
          permission: metricsSensitiveReadPermission,
          resourceRef: 'group:default/finance',
        },
      ],
      { credentials },
    );
  });

  it('shows sensitive metrics to a caller allowed on their team', async () => {
    fakePrometheus({
      instant: {
        [CHECKOUTS_1D]: [{ metric: {}, value: '60' }],
        'sum(increase(checkout_ok_total[28d]))': [{ metric: {}, value: '99' }],
        'sum(increase(checkout_total[28d]))': [{ metric: {}, value: '100' }],
      },
    });
    const view = await service({
      permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      moduleSources: [warehouse()],
    }).getEntityView(viewOf('shop'), credentials);

    expect(view.hiddenSensitive).toBe(0);
    expect(view.slos.items.map(s => [s.id, s.sli])).toEqual([
      ['slo:checkout-success', 0.99],
    ]);
    expect(view.kpis.items).toHaveLength(3);
  });

  it('hides every sensitive metric from a caller denied everywhere', async () => {
    fakePrometheus({
      instant: { [CHECKOUTS_1D]: [{ metric: {}, value: '60' }] },
    });
    const view = await service({
      permissions: mockServices.permissions({ result: AuthorizeResult.DENY }),
      moduleSources: [warehouse()],
    }).getEntityView(viewOf('shop'), credentials);

    expect(view.hiddenSensitive).toBe(3);
    expect(view.kpis.items.map(i => i.name)).toEqual(['checkouts']);
    expect(JSON.stringify(view)).not.toMatch(/revenue|margin|checkout-success/);
  });

  it('shows values of a source a module adds through the extension point', async () => {
    fakePrometheus({
      instant: { [CHECKOUTS_1D]: [{ metric: {}, value: '60' }] },
    });
    const extension = new TestMetricsSourcesExtensionPoint();
    const backend = await startTestBackend({
      extensionPoints: [[metricsSourcesExtensionPoint, extension]],
      features: [
        createBackendModule({
          pluginId: 'metrics',
          moduleId: 'warehouse-source',
          register(reg) {
            reg.registerInit({
              deps: { sources: metricsSourcesExtensionPoint },
              async init({ sources }) {
                sources.addSource(warehouse());
              },
            });
          },
        }),
      ],
    });
    try {
      const view = await service({
        moduleSources: extension.sources,
      }).getEntityView(viewOf('shop'), credentials);
      expect(
        view.kpis.items
          .filter(({ source }) => source === 'custom')
          .map(i => [i.name, i.value]),
      ).toEqual([
        ['revenue', 1234.5],
        ['margin', 0.3],
      ]);
    } finally {
      await backend.stop();
    }
  });
});

// --- stored snapshots when a source is down --------------------------------------------------

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function storeWith(rows: SnapshotRow[]): Promise<SnapshotStore> {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSnapshotStore.create({
    database: { getClient: async () => knex },
  });
  await store.upsertSnapshots(rows);
  return store;
}

/** `metricId` of orders from `from` to `to` (inclusive), the same counts every day. */
function ordersDaily(
  metricId: string,
  from: string,
  to: string,
  numerator: number,
  denominator: number,
): SnapshotRow[] {
  const rows: SnapshotRow[] = [];
  for (
    let t = Date.parse(`${from}T00:00:00Z`);
    t <= Date.parse(`${to}T00:00:00Z`);
    t += 86_400_000
  ) {
    rows.push({
      entityRef: 'component:default/orders',
      metricId,
      day: new Date(t).toISOString().slice(0, 10),
      numerator,
      denominator,
      source: 'prometheus:main',
    });
  }
  return rows;
}

// Stored until 2024-12-30; the view ends 2025-01-01T00:00Z, so 2024-12-31 is missing too.
const ordersSnapshots = [
  // 27 of the 28 days ending 2024-12-30: 135 bad of 270,000 against 99.9 % → half the budget.
  ...ordersDaily('slo:availability', '2024-12-04', '2024-12-30', 9_995, 10_000),
  // Before the SLO window (2024-12-03 … 2024-12-30): must not count.
  ...ordersDaily('slo:availability', '2024-11-20', '2024-11-20', 0, 10_000),
  // stripe was discovered on the conventional counter: 98 of 100 calls a day.
  ...ordersDaily('integration:stripe', '2024-12-20', '2024-12-30', 98, 100),
];

const unavailable = () =>
  HttpResponse.json(
    { status: 'error', errorType: 'unavailable', error: 'TSDB not ready' },
    { status: 503 },
  );

function weekOf(name: string): ViewRequest {
  return { ...viewOf(name), range: '7d', start: END - 7 * 86400 };
}

describe('EntityViewService: stored snapshots when a source is down', () => {
  it('builds the SLOs and integrations from snapshots, marked stale, and keeps the error', async () => {
    const fake = fakePrometheus({ fail: unavailable });
    const store = await storeWith(ordersSnapshots);

    const view = await service({ store }).getEntityView(
      weekOf('orders'),
      credentials,
    );

    const reason = view.slos.error!;
    expect(reason).toMatch(
      /^Prometheus 'main' failed \(unavailable, HTTP 503\)/,
    );
    expect(view.slos).toEqual({
      status: 'error',
      error: reason,
      items: [
        {
          id: 'slo:availability',
          name: 'availability',
          objective: 99.9,
          window: '28d',
          owner: 'group:default/team-orders',
          sli: 269_865 / 270_000,
          budgetRemaining: expect.closeTo(0.5, 9),
          burnRates: {},
          alert: 'none',
          state: 'healthy',
          counts: { good: 269_865, valid: 270_000 },
          stale: { asOf: '2024-12-30', reason },
        },
      ],
    });
    // 7 days ending 2024-12-30: 686 of 700.
    expect(view.integrations).toEqual({
      status: 'error',
      error: expect.stringMatching(/HTTP 503/),
      items: [
        {
          id: 'integration:stripe',
          name: 'stripe',
          source: 'prometheus',
          owner: 'group:default/team-orders',
          requests: 700,
          failures: 14,
          successRate: 0.98,
          errorClasses: {},
          unknownShare: 0,
          stale: { asOf: '2024-12-30', reason: view.integrations.error },
        },
      ],
    });
    // Callers are not stored: the section only reports the outage.
    expect(view.callers).toMatchObject({ status: 'error', items: [] });
    expect(fake.seen.length).toBeGreaterThan(0);
  });

  it('keeps an integration of another source live while the conventional ones come from snapshots', async () => {
    fakePrometheus({ fail: unavailable });
    const store = await storeWith(ordersSnapshots);
    const ledger: MetricsSource = {
      id: 'ledger',
      type: 'sql',
      async countEvents({ params }) {
        return { value: params.outcome === 'ok' ? 990 : 1000 };
      },
    };
    const withLedger = component(
      'orders',
      { [SERVICE]: 'orders' },
      {
        metrics: {
          integrations: [
            {
              name: 'ledger',
              source: 'custom',
              sourceId: 'ledger',
              success: { outcome: 'ok' },
              total: {},
            },
          ],
        },
      },
    );
    const view = await new EntityViewService({
      catalog: catalogServiceMock({ entities: [withLedger] }),
      logger: mockServices.logger.mock(),
      config: readMetricsConfig(new ConfigReader({ metrics: metricsConfig })),
      permissions: mockServices.permissions(),
      prometheus: new Map([
        [
          'main',
          {
            client: PrometheusClient.fromConfig(
              readMetricsConfig(new ConfigReader({ metrics: metricsConfig }))
                .prometheus[0],
            ),
            convention: DEFAULT_TELEMETRY_CONVENTION,
          },
        ],
      ]),
      moduleSources: [ledger],
      store,
    }).getEntityView(weekOf('orders'), credentials);

    expect(view.integrations.status).toBe('error');
    expect(view.integrations.error).toMatch(/HTTP 503/);
    const byName = Object.fromEntries(
      view.integrations.items.map(i => [i.name, i]),
    );
    // Live, not a snapshot: its own source answered.
    expect(byName.ledger).toMatchObject({ requests: 1000, failures: 10 });
    expect(byName.ledger.stale).toBeUndefined();
    expect(byName.stripe.stale).toEqual({
      asOf: '2024-12-30',
      reason: expect.stringMatching(/HTTP 503/),
    });
  });

  it('reports the outage without items when nothing is stored', async () => {
    fakePrometheus({ fail: unavailable });
    const store = await storeWith([]);

    const view = await service({ store }).getEntityView(
      weekOf('orders'),
      credentials,
    );

    expect(view.slos).toEqual({
      status: 'error',
      error: expect.stringMatching(/HTTP 503/),
      items: [],
    });
    expect(view.integrations).toEqual({
      status: 'error',
      error: expect.stringMatching(/HTTP 503/),
      items: [],
    });
  });

  it('does not hide a rejected query behind stored numbers', async () => {
    fakePrometheus({
      fail: () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'bad_data',
            error: 'parse error: unexpected end of input',
          },
          { status: 400 },
        ),
    });
    const store = await storeWith(ordersSnapshots);

    const view = await service({ store }).getEntityView(
      weekOf('orders'),
      credentials,
    );

    expect(view.slos).toEqual({
      status: 'error',
      error: expect.stringMatching(/parse error/),
      items: [],
    });
    expect(view.integrations.items).toEqual([]);
  });

  it('reports the outage as before without a store', async () => {
    fakePrometheus({ fail: unavailable });

    const view = await service().getEntityView(weekOf('orders'), credentials);

    expect(view.slos).toMatchObject({ status: 'error', items: [] });
    expect(view.integrations).toMatchObject({ status: 'error', items: [] });
  });

  it('still answers with the error when the store fails too', async () => {
    fakePrometheus({ fail: unavailable });
    const store = await storeWith([]);
    jest
      .spyOn(store, 'listSnapshots')
      .mockRejectedValue(new Error('database is locked'));
    const logger = mockServices.logger.mock();

    const view = await service({ store, logger }).getEntityView(
      weekOf('orders'),
      credentials,
    );

    expect(view.slos).toMatchObject({ status: 'error', items: [] });
    expect(view.integrations).toMatchObject({ status: 'error', items: [] });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /stored snapshots could not be read either: database is locked/,
      ),
    );
  });
});
