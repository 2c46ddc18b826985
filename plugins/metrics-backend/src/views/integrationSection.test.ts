import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { mockCountingSource } from '@metrics-suite/backstage-plugin-metrics-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  MatrixItem,
  VectorItem,
  fakePrometheus as playFakePrometheus,
} from '../__testUtils__/fakePrometheus';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { AmplitudeClients, readAmplitudeConfig } from '../sources/amplitude';
import { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsCountRow, SqlEventsSource } from '../sources/sql';
import type { ViewRequest } from '../http/parseViewRequest';
import { customSourcesById } from '../readers/custom';
import { evaluateIntegrations } from './integrationSection';

// --- a small Prometheus that answers by exact PromQL ---------------------------------------

const BASE = FAKE_PROMETHEUS_BASE;
const server = setupServer();
registerMswTestHooks(server);

function fakePrometheus(data: {
  instant?: Record<string, VectorItem[]>;
  range?: Record<string, MatrixItem[]>;
}) {
  return playFakePrometheus(server, data, { multiWindow: false });
}

// --- fixtures --------------------------------------------------------------------------------

const instance: PrometheusInstanceConfig = {
  name: 'main',
  baseUrl: BASE,
  externalUrl: 'https://prom.example.com',
  default: true,
  headers: {},
  timeoutMs: 5000,
  limits: DEFAULT_PROMETHEUS_LIMITS,
  catalogQueries: DEFAULT_CATALOG_QUERIES,
  rules: { read: 'never', alertsDeployed: false },
  convention: DEFAULT_TELEMETRY_CONVENTION,
};

const END = 1735689600;
const START = END - 86400;
const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
  range: '1d',
  end: END,
  start: START,
};
const STEP = 720; // chartStep(86400)

function entity(metrics: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders',
      annotations: { 'metrics-suite/prometheus-service': 'orders' },
      metrics,
    },
    spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-orders' }],
  };
}

const integrations = [
  // conventional counter, label = name
  { name: 'stripe', target: 99.5, alert: 'page' },
  // conventional counter under another label value, no traffic in the range
  { name: 'paypal', source: 'prometheus', label: 'paypal-v2', alert: 'ticket' },
  // own PromQL
  {
    name: 'legacy-bank',
    success: 'sum(increase(bank_calls_total{result="ok"}[{{window}}]))',
    total: 'sum(increase(bank_calls_total[{{window}}]))',
  },
  {
    name: 'partner-api',
    source: 'sql',
    eventType: 'partner_call',
    partner: 'acme',
  },
  {
    name: 'signup-funnel',
    source: 'amplitude',
    project: 'web',
    successEvent: 'signup_completed',
    attemptEvent: 'signup_started',
    where: { plan: 'pro' },
  },
];

const BREAKDOWN = (w: string) =>
  `sum by (integration, outcome, error_class) (increase(integration_requests_total{service="orders"}[${w}]))`;

const T0 = START;
const T1 = START + STEP;
const T2 = START + 2 * STEP;

function prometheusData() {
  return {
    instant: {
      [BREAKDOWN('1d')]: [
        // stripe: 9500 ok of 10,000; failures 300 timeout, 100 rate_limited, 100 unclassified
        {
          metric: { integration: 'stripe', outcome: 'success' },
          value: '9500',
        },
        {
          metric: {
            integration: 'stripe',
            outcome: 'failure',
            error_class: 'timeout',
          },
          value: '300',
        },
        {
          metric: {
            integration: 'stripe',
            outcome: 'failure',
            error_class: 'rate_limited',
          },
          value: '100',
        },
        { metric: { integration: 'stripe', outcome: 'failure' }, value: '100' },
        // sendgrid is not declared: discovered from the label, 1980 ok of 2000
        {
          metric: { integration: 'sendgrid', outcome: 'success' },
          value: '1980',
        },
        {
          metric: {
            integration: 'sendgrid',
            outcome: 'failure',
            error_class: 'unknown',
          },
          value: '20',
        },
        // calls without an integration label belong to no integration
        { metric: { outcome: 'success' }, value: '5' },
      ],
      'sum(increase(bank_calls_total{result="ok"}[1d]))': [
        { metric: {}, value: '490' },
      ],
      'sum(increase(bank_calls_total[1d]))': [{ metric: {}, value: '500' }],
    } as Record<string, VectorItem[]>,
    range: {
      [BREAKDOWN(`${STEP}s`)]: [
        {
          metric: { integration: 'stripe', outcome: 'success' },
          values: [
            [T0, '95'],
            [T1, '90'],
            [T2, 'NaN'],
          ],
        },
        {
          metric: {
            integration: 'stripe',
            outcome: 'failure',
            error_class: 'timeout',
          },
          values: [
            [T0, '5'],
            [T1, '10'],
            [T2, 'NaN'],
          ],
        },
        {
          metric: { integration: 'sendgrid', outcome: 'success' },
          values: [[T0, '10']],
        },
        {
          metric: {
            integration: 'sendgrid',
            outcome: 'failure',
            error_class: 'unknown',
          },
          values: [[T1, '2']],
        },
      ],
    } as Record<string, MatrixItem[]>,
  };
}

function fakeSql(rows: SqlEventsCountRow[]) {
  const countByGroup = jest.fn(async () => rows);
  return { sql: { countByGroup } as unknown as SqlEventsSource, countByGroup };
}

const AMPLITUDE = 'https://amplitude.test/api/2/events/segmentation';

/** Every hour (`i=-3600000`) or day of the requested days, as Amplitude writes them. */
function bucketsOf(start: string, end: string, interval: string | null) {
  const day = (yyyymmdd: string) =>
    Date.UTC(
      +yyyymmdd.slice(0, 4),
      +yyyymmdd.slice(4, 6) - 1,
      +yyyymmdd.slice(6),
    );
  const out: string[] = [];
  for (let t = day(start); t <= day(end); t += 86_400_000) {
    const date = new Date(t).toISOString().slice(0, 10);
    if (interval === '-3600000') {
      for (let h = 0; h < 24; h++) {
        out.push(`${date}T${String(h).padStart(2, '0')}:00:00`);
      }
    } else {
      out.push(date);
    }
  }
  return out;
}

/**
 * Amplitude (project "web", UTC) answering every bucket of the requested days with
 * `perBucket[event]`, in the documented shape (reference/slo-apis.md §C2).
 */
function fakeAmplitude(perBucket: Record<string, number>) {
  const seen: URLSearchParams[] = [];
  server.use(
    http.get(AMPLITUDE, ({ request: r }) => {
      const params = new URL(r.url).searchParams;
      seen.push(params);
      const event = JSON.parse(params.get('e')!).event_type as string;
      const xValues = bucketsOf(
        params.get('start')!,
        params.get('end')!,
        params.get('i'),
      );
      return HttpResponse.json({
        data: {
          series: [xValues.map(() => perBucket[event] ?? 0)],
          seriesLabels: [0],
          xValues,
        },
      });
    }),
  );
  const amplitude = AmplitudeClients.fromConfig(
    readAmplitudeConfig(
      new ConfigReader({
        metrics: {
          amplitude: {
            projects: [
              {
                name: 'web',
                apiKey: 'k',
                secretKey: 's',
                baseUrl: 'https://amplitude.test',
              },
            ],
          },
        },
      }),
    ),
  );
  return { amplitude, seen };
}

function graphExpr(url: string) {
  return new URL(url).searchParams.get('g0.expr');
}

// --- tests -----------------------------------------------------------------------------------

describe('evaluateIntegrations', () => {
  it('computes success rates, error classes and unknown shares from every source', async () => {
    const fake = fakePrometheus(prometheusData());
    const { sql, countByGroup } = fakeSql([
      { outcome: 'success', errorClass: null, count: 720 },
      { outcome: 'failure', errorClass: 'http_500', count: 60 },
      { outcome: 'failure', errorClass: null, count: 20 },
    ]);
    // 12 of 16 sign-ups completed every hour of the day.
    const { amplitude, seen } = fakeAmplitude({
      signup_completed: 12,
      signup_started: 16,
    });
    const resolved = resolveEntityMetrics(entity({ integrations }));
    expect(resolved.problems).toEqual([]);

    const { items, notes } = await evaluateIntegrations(
      resolved,
      {
        prometheus: {
          client: PrometheusClient.fromConfig(instance),
          convention: DEFAULT_TELEMETRY_CONVENTION,
        },
        sql,
        amplitude,
      },
      request,
    );

    expect(fake.unmatched).toEqual([]);
    // Worst success rate first; without traffic last.
    expect(items.map(i => [i.name, i.successRate])).toEqual([
      ['signup-funnel', 0.75],
      ['partner-api', 0.9],
      ['stripe', 0.95],
      ['legacy-bank', 0.98],
      ['sendgrid', 0.99],
      ['paypal', null],
    ]);
    const byName = Object.fromEntries(items.map(i => [i.name, i]));

    // Declared, conventional: 9500 / 10000; failures 500 = 300 + 100 + 100 (unclassified).
    expect(byName.stripe).toEqual({
      id: 'integration:stripe',
      name: 'stripe',
      source: 'prometheus',
      requests: 10_000,
      failures: 500,
      successRate: 0.95,
      errorClasses: { timeout: 0.6, rate_limited: 0.2, unknown: 0.2 },
      unknownShare: 0.2,
      target: 99.5,
      owner: 'group:default/team-orders',
      series: [
        { t: T0, successRate: 0.95 }, // 95 / (95 + 5)
        { t: T1, successRate: 0.9 }, // 90 / (90 + 10)
        { t: T2, successRate: null }, // NaN: no data, not 0 and not 100 %
      ],
      links: [
        {
          title: 'Calls by outcome',
          url: expect.stringMatching(
            /^https:\/\/prom\.example\.com\/graph\?g0\.expr=/,
          ),
        },
      ],
    });
    expect(graphExpr(byName.stripe.links![0].url)).toBe(
      'sum(increase(integration_requests_total{service="orders", integration="stripe"}[1d]))',
    );

    // Discovered from the label: no target, owned by the entity's owner.
    expect(byName.sendgrid).toEqual({
      id: 'integration:sendgrid',
      name: 'sendgrid',
      source: 'prometheus',
      requests: 2000,
      failures: 20,
      successRate: 0.99,
      errorClasses: { unknown: 1 },
      unknownShare: 1,
      owner: 'group:default/team-orders',
      series: [
        { t: T0, successRate: 1 },
        { t: T1, successRate: 0 },
      ],
      links: [{ title: 'Calls by outcome', url: expect.any(String) }],
    });

    // Declared under another label value, no traffic: listed, with no rate.
    expect(byName.paypal).toMatchObject({
      id: 'integration:paypal',
      requests: 0,
      failures: 0,
      successRate: null,
      errorClasses: {},
      unknownShare: 0,
      series: [],
    });
    expect(graphExpr(byName.paypal.links![0].url)).toBe(
      'sum(increase(integration_requests_total{service="orders", integration="paypal-v2"}[1d]))',
    );

    // Own PromQL: 490 of 500; failures carry no class.
    expect(byName['legacy-bank']).toMatchObject({
      id: 'integration:legacy-bank',
      source: 'prometheus',
      requests: 500,
      failures: 10,
      successRate: 0.98,
      errorClasses: { unknown: 1 },
      unknownShare: 1,
    });
    expect(
      byName['legacy-bank'].links!.map(l => [l.title, graphExpr(l.url)]),
    ).toEqual([
      ['Successful calls', 'sum(increase(bank_calls_total{result="ok"}[1d]))'],
      ['All calls', 'sum(increase(bank_calls_total[1d]))'],
    ]);

    // SQL: 720 of 800; failures 60 http_500 and 20 without a class.
    expect(byName['partner-api']).toEqual({
      id: 'integration:partner-api',
      name: 'partner-api',
      source: 'sql',
      requests: 800,
      failures: 80,
      successRate: 0.9,
      errorClasses: { http_500: 0.75, unknown: 0.25 },
      unknownShare: 0.25,
      owner: 'group:default/team-orders',
    });
    expect(countByGroup).toHaveBeenCalledTimes(1);
    expect(countByGroup).toHaveBeenCalledWith({
      eventTypes: ['partner_call'],
      start: new Date('2024-12-31T00:00:00Z'),
      end: new Date('2025-01-01T00:00:00Z'),
      groupBy: ['outcome', 'errorClass'],
      where: { partner: 'acme' },
    });

    // Amplitude: 288 completed of 384 started → 96 failures without a class.
    expect(byName['signup-funnel']).toEqual({
      id: 'integration:signup-funnel',
      name: 'signup-funnel',
      source: 'amplitude',
      requests: 384,
      failures: 96,
      successRate: 0.75,
      errorClasses: { unknown: 1 },
      unknownShare: 1,
      owner: 'group:default/team-orders',
    });
    // The day of the range, hourly; the range is midnight to midnight, so it is exact.
    expect(
      seen.map(p => [
        JSON.parse(p.get('e')!),
        p.get('m'),
        p.get('start'),
        p.get('end'),
        p.get('i'),
      ]),
    ).toEqual(
      expect.arrayContaining([
        [
          {
            event_type: 'signup_completed',
            filters: [
              {
                subprop_type: 'event',
                subprop_key: 'plan',
                subprop_op: 'is',
                subprop_value: ['pro'],
              },
            ],
          },
          'totals',
          '20241231',
          '20241231',
          '-3600000',
        ],
        [
          expect.objectContaining({ event_type: 'signup_started' }),
          'totals',
          '20241231',
          '20241231',
          '-3600000',
        ],
      ]),
    );
    expect(seen).toHaveLength(2);
    expect(notes).toEqual([]);
  });

  it('trims Amplitude’s whole days to the hours of the range, and notes a range off the hour', async () => {
    const { amplitude, seen } = fakeAmplitude({
      signup_completed: 12,
      signup_started: 16,
    });
    const resolved = resolveEntityMetrics(
      entity({ discoverIntegrations: false, integrations: [integrations[4]] }),
    );
    // 10:00 to 10:00: two calendar days asked for, 24 of their 48 hours counted.
    const aligned = await evaluateIntegrations(
      resolved,
      { amplitude },
      { ...request, start: START + 36_000, end: END + 36_000 },
    );
    expect(aligned.items[0]).toMatchObject({ requests: 384, failures: 96 });
    expect(aligned.notes).toEqual([]);
    expect([seen[0].get('start'), seen[0].get('end')]).toEqual([
      '20241231',
      '20250101',
    ]);

    // 10:20 to 10:20: the hours covered mostly, 10:00 to 10:00, and a note saying so.
    const off = await evaluateIntegrations(
      resolved,
      { amplitude },
      { ...request, start: START + 37_200, end: END + 37_200 },
    );
    expect(off.items[0]).toMatchObject({ requests: 384, failures: 96 });
    expect(off.notes).toEqual([
      'Amplitude project "web" counts whole hours in its time zone (UTC): counted 2024-12-31 10:00 – 2025-01-01 10:00 for 2024-12-31 10:20 – 2025-01-01 10:20',
    ]);
  });

  it('counts successes and the total with a module-added source', async () => {
    const source = mockCountingSource({
      id: 'warehouse',
      count: ({ params }) => (params.status === 'ok' ? 90 : 120),
    });
    const resolved = resolveEntityMetrics(
      entity({
        discoverIntegrations: false,
        integrations: [
          {
            name: 'ledger-sync',
            source: 'custom',
            sourceId: 'warehouse',
            success: { job: 'ledger', status: 'ok' },
            total: { job: 'ledger' },
          },
        ],
      }),
    );
    expect(resolved.problems).toEqual([]);

    const { items } = await evaluateIntegrations(
      resolved,
      { custom: customSourcesById([source]) },
      request,
    );

    expect(items).toEqual([
      expect.objectContaining({
        id: 'integration:ledger-sync',
        source: 'custom',
        requests: 120,
        failures: 30,
        successRate: 0.75,
      }),
    ]);
    expect(source.requests.map(r => [r.params, r.start, r.end])).toEqual(
      expect.arrayContaining([
        [
          { job: 'ledger', status: 'ok' },
          new Date('2024-12-31T00:00:00Z'),
          new Date('2025-01-01T00:00:00Z'),
        ],
        [
          { job: 'ledger' },
          new Date('2024-12-31T00:00:00Z'),
          new Date('2025-01-01T00:00:00Z'),
        ],
      ]),
    );

    await expect(
      evaluateIntegrations(
        resolved,
        { custom: customSourcesById([]) },
        request,
      ),
    ).rejects.toThrow(
      'No metrics source "warehouse" is added by a backend module (added: none)',
    );
  });

  it('costs one breakdown and one trend query for all conventional integrations', async () => {
    const fake = fakePrometheus(prometheusData());
    await evaluateIntegrations(
      resolveEntityMetrics(entity({ integrations: integrations.slice(0, 2) })),
      {
        prometheus: {
          client: PrometheusClient.fromConfig(instance),
          convention: DEFAULT_TELEMETRY_CONVENTION,
        },
      },
      request,
    );
    expect(fake.seen.map(s => [s.path, s.form.get('query')])).toEqual(
      expect.arrayContaining([
        ['/api/v1/query', BREAKDOWN('1d')],
        ['/api/v1/query_range', BREAKDOWN('720s')],
      ]),
    );
    expect(fake.seen).toHaveLength(2);
    const trend = fake.seen.find(s => s.path === '/api/v1/query_range')!;
    expect(trend.form.get('start')).toBe(String(START));
    expect(trend.form.get('end')).toBe(String(END));
    expect(trend.form.get('step')).toBe('720');
  });

  it('counts failures from a failure event and asks Amplitude daily for a 7d range', async () => {
    const { amplitude, seen } = fakeAmplitude({
      checkout_ok: 10,
      checkout_failed: 1,
    });
    const resolved = resolveEntityMetrics(
      entity({
        discoverIntegrations: false,
        integrations: [
          {
            name: 'checkout',
            source: 'amplitude',
            project: 'web',
            successEvent: 'checkout_ok',
            failureEvent: 'checkout_failed',
          },
        ],
      }),
    );
    const { items } = await evaluateIntegrations(
      resolved,
      { amplitude },
      { ...request, range: '7d', start: END - 7 * 86400 },
    );
    // 7 days: 70 ok, 7 failed.
    expect(items).toEqual([
      expect.objectContaining({
        name: 'checkout',
        requests: 77,
        failures: 7,
        successRate: 70 / 77,
      }),
    ]);
    expect(seen.map(p => [p.get('i'), p.get('start'), p.get('end')])).toEqual([
      ['1', '20241225', '20241231'],
      ['1', '20241225', '20241231'],
    ]);
    expect(JSON.parse(seen[0].get('e')!).filters).toEqual([]);
  });

  it('still evaluates declared conventional integrations when discovery is turned off', async () => {
    const fake = fakePrometheus(prometheusData());
    const { items } = await evaluateIntegrations(
      resolveEntityMetrics(
        entity({
          discoverIntegrations: false,
          integrations: [integrations[0]],
        }),
      ),
      {
        prometheus: {
          client: PrometheusClient.fromConfig(instance),
          convention: DEFAULT_TELEMETRY_CONVENTION,
        },
      },
      request,
    );
    expect(fake.unmatched).toEqual([]);
    // stripe only: sendgrid is not discovered.
    expect(items.map(i => [i.name, i.requests, i.successRate])).toEqual([
      ['stripe', 10_000, 0.95],
    ]);
  });

  it('fails rather than leave out Prometheus-backed integrations when there is no Prometheus', async () => {
    const { sql } = fakeSql([]);
    await expect(
      evaluateIntegrations(
        resolveEntityMetrics(
          entity({ integrations: [integrations[0], integrations[3]] }),
        ),
        { sql },
        request,
      ),
    ).rejects.toThrow(
      'Integrations on the conventional counter read Prometheus, but no instance is configured for this entity',
    );
  });

  it('fails with a clear message when a declared source is not configured', async () => {
    const resolved = resolveEntityMetrics(
      entity({ discoverIntegrations: false, integrations: [integrations[3]] }),
    );
    await expect(evaluateIntegrations(resolved, {}, request)).rejects.toThrow(
      'Integration "partner-api" reads SQL events, but metrics.sqlEvents is not configured',
    );
    const amplitudeOnly = resolveEntityMetrics(
      entity({ discoverIntegrations: false, integrations: [integrations[4]] }),
    );
    await expect(
      evaluateIntegrations(amplitudeOnly, {}, request),
    ).rejects.toThrow(
      'Integration "signup-funnel" reads Amplitude project "web", which is not configured in metrics.amplitude.projects',
    );
    const { amplitude } = fakeAmplitude({});
    await expect(
      evaluateIntegrations(
        resolveEntityMetrics(
          entity({
            discoverIntegrations: false,
            integrations: [{ ...integrations[4], project: 'mobile' }],
          }),
        ),
        { amplitude },
        request,
      ),
    ).rejects.toThrow(
      /reads Amplitude project "mobile", which is not configured/,
    );
  });
});
