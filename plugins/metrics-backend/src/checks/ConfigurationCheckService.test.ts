import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  FakePrometheusData,
  Labels,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import {
  ConfigurationCheckService,
  LOOKBACK_SECONDS,
} from './ConfigurationCheckService';
import { SERIES_LIMIT } from './checkSeries';

const server = setupServer();
registerMswTestHooks(server);

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const CONVENTION = 'metrics-suite/convention';
const NOW = new Date('2025-01-01T00:00:00Z');
const END = NOW.getTime() / 1000;

function component(
  name: string,
  annotations: Record<string, string>,
  metrics?: JsonObject,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations,
      ...(metrics ? { metrics } : {}),
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

const entities = [
  component('orders', { [SERVICE]: 'orders' }),
  component('checkout', { [SERVICE]: 'checkout' }),
  component('mesh', { [SERVICE]: 'checkout', [CONVENTION]: 'istio' }),
  component('plain', {}),
  component('moved', { [SERVICE]: 'moved', [INSTANCE]: 'eu' }),
  component(
    'shop',
    {},
    {
      slos: [
        {
          name: 'checkout-success',
          objective: 99,
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
        },
        {
          name: 'margin',
          bucket: 'business',
          sensitive: true,
          query: 'sum(margin_total)',
        },
      ],
    },
  ),
];

function checks(
  options: { permissions?: ReturnType<typeof mockServices.permissions> } = {},
) {
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [
            {
              name: 'main',
              baseUrl: FAKE_PROMETHEUS_BASE,
              // The shop's PromQL reads no service label: run it as written.
              catalogQueries: { policy: 'any' },
            },
          ],
        },
        defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
      },
    }),
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
  return new ConfigurationCheckService({
    catalog: catalogServiceMock({ entities }),
    logger: mockServices.logger.mock(),
    config,
    permissions: options.permissions ?? mockServices.permissions(),
    prometheus,
    now: () => NOW,
  });
}

const ref = (name: string) => ({
  kind: 'component',
  namespace: 'default',
  name,
});
const credentials = mockCredentials.user();

const requests = (labels: Labels, count: number): Labels[] =>
  Array.from({ length: count }, (_, i) => ({
    __name__: 'http_server_requests_total',
    code: String(200 + i),
    ...labels,
  }));
const buckets = (labels: Labels, count: number): Labels[] =>
  Array.from({ length: count }, (_, i) => ({
    __name__: 'http_server_request_duration_seconds_bucket',
    le: String(i),
    ...labels,
  }));

function play(data: FakePrometheusData) {
  return fakePrometheus(server, data);
}

describe('ConfigurationCheckService', () => {
  it('counts the series of each conventional selector, with metadata requests only', async () => {
    const fake = play({
      series: [
        ...requests({ service: 'orders' }, 2),
        ...buckets({ service: 'orders' }, 3),
        {
          __name__: 'integration_requests_total',
          service: 'orders',
          integration: 'stripe',
        },
        ...requests({ service: 'payments' }, 4),
      ],
    });

    const answer = await checks().check(ref('orders'), credentials);

    expect(answer).toEqual({
      entityRef: 'component:default/orders',
      status: 'checked',
      instance: 'main',
      convention: 'metrics-suite',
      conventionOrigin: 'instance',
      service: 'orders',
      checkedAt: '2025-01-01T00:00:00.000Z',
      lookbackSeconds: LOOKBACK_SECONDS,
      checks: [
        {
          purpose: 'requests',
          title: 'Requests (availability SLOs, traffic)',
          metric: 'http_server_requests_total',
          selector: 'http_server_requests_total{service="orders"}',
          label: 'service',
          status: 'found',
          series: 2,
        },
        {
          purpose: 'latency',
          title: 'Latency (latency SLOs, p95)',
          metric: 'http_server_request_duration_seconds_bucket',
          selector:
            'http_server_request_duration_seconds_bucket{service="orders"}',
          label: 'service',
          status: 'found',
          series: 3,
        },
        {
          purpose: 'integrations',
          title: 'Integration calls',
          metric: 'integration_requests_total',
          selector: 'integration_requests_total{service="orders"}',
          label: 'service',
          status: 'found',
          series: 1,
        },
      ],
    });
    expect(fake.queries).toEqual([]);
    expect(fake.metadata.map(m => m.path)).toEqual([
      '/api/v1/series',
      '/api/v1/series',
      '/api/v1/series',
    ]);
    for (const { params } of fake.metadata) {
      expect(params.get('start')).toBe(String(END - LOOKBACK_SECONDS));
      expect(params.get('end')).toBe(String(END));
      expect(params.get('limit')).toBe(String(SERIES_LIMIT));
    }
  });

  it.each([
    ['stops at the limit', false],
    ['ignores the limit (before 2.54)', true],
  ])(
    'says when the count reached the limit, also from a server that %s',
    async (_, ignoresLimit) => {
      fakePrometheus(
        server,
        {
          series: [
            ...requests({ service: 'orders' }, SERIES_LIMIT + 5),
            ...buckets({ service: 'orders' }, 1),
          ],
        },
        { ignoresLimit },
      );
      const answer = await checks().check(ref('orders'), credentials);
      expect(answer.checks[0]).toMatchObject({
        status: 'found',
        series: SERIES_LIMIT,
        seriesLimited: true,
      });
    },
  );

  it('lists the values seen for the service label, nearest first, when none matches', async () => {
    const fake = play({
      series: [
        ...[
          'payments',
          'checkout-web',
          'orders',
          'checkout-api',
          'chekout',
          'cart',
          'payments-gateway',
        ].flatMap(service => [
          ...requests({ service }, 1),
          ...buckets({ service }, 1),
        ]),
      ],
    });

    const answer = await checks().check(ref('checkout'), credentials);

    const [requestCheck, latencyCheck] = answer.checks;
    expect(requestCheck).toEqual({
      purpose: 'requests',
      title: 'Requests (availability SLOs, traffic)',
      metric: 'http_server_requests_total',
      selector: 'http_server_requests_total{service="checkout"}',
      status: 'no-matching-series',
      label: 'service',
      valuesSeen: ['chekout', 'checkout-api', 'checkout-web', 'cart', 'orders'],
      message:
        'No series of http_server_requests_total has service="checkout". Values seen for service: chekout, checkout-api, checkout-web, cart, orders (and 2 more). Set the metrics-suite/prometheus-service annotation to the value this service reports.',
    });
    expect(latencyCheck.status).toBe('no-matching-series');
    // The values were asked of the metric alone, scoped to recent series.
    const values = fake.metadata.find(m =>
      m.path.startsWith('/api/v1/label/'),
    )!;
    expect(values.path).toBe('/api/v1/label/service/values');
    expect(values.params.getAll('match[]')).toEqual([
      'http_server_requests_total',
    ]);
    expect(values.params.get('start')).toBe(String(END - LOOKBACK_SECONDS));
    expect(values.params.get('limit')).toBe('1000');
  });

  it("keeps the convention's filter in the explanation", async () => {
    play({
      series: [
        {
          __name__: 'istio_requests_total',
          reporter: 'destination',
          destination_canonical_service: 'checkout-api',
        },
        {
          __name__: 'istio_requests_total',
          reporter: 'source',
          destination_canonical_service: 'checkout',
        },
      ],
    });
    const answer = await checks().check(ref('mesh'), credentials);
    expect(answer.convention).toBe('istio');
    expect(answer.conventionOrigin).toBe('annotation');
    expect(answer.checks[0]).toMatchObject({
      selector:
        'istio_requests_total{reporter="destination", destination_canonical_service="checkout"}',
      status: 'no-matching-series',
      label: 'destination_canonical_service',
      valuesSeen: ['checkout-api'],
    });
    expect(answer.checks[0].message).toMatch(
      /^No series of istio_requests_total\{reporter="destination"\} has destination_canonical_service="checkout"\./,
    );
  });

  it('says when the metric has series but none has the service label', async () => {
    play({ series: [...requests({ app: 'checkout' }, 1)] });
    const answer = await checks().check(ref('checkout'), credentials);
    expect(answer.checks[0]).toMatchObject({
      status: 'no-matching-series',
      label: 'service',
      valuesSeen: [],
    });
    expect(answer.checks[0].message).toContain(
      'http_server_requests_total has series, but none has a service label',
    );
  });

  it('names the shipped conventions whose metrics the instance has when the metric is missing', async () => {
    play({
      series: [
        {
          __name__: 'istio_requests_total',
          reporter: 'destination',
          destination_canonical_service: 'checkout',
        },
        { __name__: 'response_total', direction: 'inbound', deployment: 'x' },
        // OpenTelemetry's request count by name, but labelled the suite's way: not a match
        {
          __name__: 'http_server_request_duration_seconds_count',
          service: 'checkout',
        },
      ],
    });

    const answer = await checks().check(ref('checkout'), credentials);

    expect(answer.checks[0]).toEqual({
      purpose: 'requests',
      title: 'Requests (availability SLOs, traffic)',
      metric: 'http_server_requests_total',
      selector: 'http_server_requests_total{service="checkout"}',
      label: 'service',
      status: 'no-metric',
      conventionsFound: ['istio', 'linkerd'],
      message:
        "Prometheus 'main' has no series of http_server_requests_total in the last hour. Metrics of the istio, linkerd conventions are there: set the metrics-suite/convention annotation (e.g. \"istio\") or the instance's convention in metrics.prometheus.instances.",
    });
    expect(answer.checks.map(c => c.status)).toEqual([
      'no-metric',
      'no-metric',
      'no-metric',
    ]);
  });

  it('suggests exporting and scraping when no shipped convention is there either', async () => {
    play({ series: [] });
    const answer = await checks().check(ref('checkout'), credentials);
    expect(answer.checks[0].status).toBe('no-metric');
    expect(answer.checks[0].conventionsFound).toBeUndefined();
    expect(answer.checks[0].message).toContain(
      'Check that the service exports it and that Prometheus scrapes it',
    );
  });

  it('reports an unreachable instance on every check, with the reason', async () => {
    play({ failMetadata: () => HttpResponse.error() });
    const answer = await checks().check(ref('orders'), credentials);
    expect(answer.status).toBe('checked');
    expect(answer.checks.map(c => [c.status, c.reason])).toEqual([
      ['unavailable', 'unreachable'],
      ['unavailable', 'unreachable'],
      ['unavailable', 'unreachable'],
    ]);
    expect(answer.checks[0].message).toContain(
      "Could not reach Prometheus 'main'",
    );
    // The internal address is logged, not shown.
    expect(JSON.stringify(answer)).not.toContain(FAKE_PROMETHEUS_BASE);
  });

  it('reports refused credentials', async () => {
    play({
      failMetadata: () =>
        HttpResponse.json({ status: 'error' }, { status: 401 }),
    });
    const answer = await checks().check(ref('orders'), credentials);
    expect(answer.checks[0]).toMatchObject({
      status: 'unavailable',
      reason: 'auth',
    });
    expect(answer.checks[0].message).toContain(
      'refused the configured credentials',
    );
  });

  it('lists definitions with their own PromQL as not checked, sensitive ones hidden', async () => {
    const fake = play({ series: [] });
    const permissions = mockServices.permissions({
      result: AuthorizeResult.DENY,
    });
    const answer = await checks({ permissions }).check(
      ref('shop'),
      credentials,
    );
    expect(answer).toMatchObject({ status: 'checked', instance: 'main' });
    expect(answer.service).toBeUndefined();
    expect(answer.checks).toEqual([
      {
        purpose: 'definition',
        title: 'SLO checkout-success',
        definitionId: 'slo:checkout-success',
        status: 'not-checked',
        message: 'Reads its own PromQL; not checked.',
      },
      {
        purpose: 'definition',
        title: 'KPI checkouts',
        definitionId: 'kpi:checkouts',
        status: 'not-checked',
        message: 'Reads its own PromQL; not checked.',
      },
    ]);
    expect(fake.metadata).toEqual([]);
  });

  it('answers not-configured for an entity without Prometheus', async () => {
    const fake = play({ series: [] });
    const answer = await checks().check(ref('plain'), credentials);
    expect(answer).toEqual({
      entityRef: 'component:default/plain',
      status: 'not-configured',
      message:
        'This entity reads no Prometheus: add the metrics-suite/prometheus-service annotation with the value of its service label, or metrics with PromQL of their own under metadata.metrics.',
      convention: 'metrics-suite',
      conventionOrigin: 'instance',
      checkedAt: '2025-01-01T00:00:00.000Z',
      lookbackSeconds: LOOKBACK_SECONDS,
      checks: [],
    });
    expect(fake.metadata).toEqual([]);
  });

  it('answers not-configured for an instance that is not configured', async () => {
    const answer = await checks().check(ref('moved'), credentials);
    expect(answer).toMatchObject({
      status: 'not-configured',
      message:
        'No Prometheus instance "eu" is configured (configured: "main").',
      checks: [],
    });
    expect(answer.instance).toBeUndefined();
  });

  it('throws NotFoundError for an entity the requester cannot see', async () => {
    await expect(
      checks().check(ref('nope'), credentials),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});
