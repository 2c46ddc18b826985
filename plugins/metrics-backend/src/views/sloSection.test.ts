import { registerMswTestHooks } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  DEFAULT_TELEMETRY_CONVENTION,
  SloDefinition,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  MatrixItem,
  VectorItem,
  fakePrometheus as playFakePrometheus,
} from '../__testUtils__/fakePrometheus';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { PrometheusClient } from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import { evaluateSloDefinition, sloItemFromWindows } from './sloSection';

// --- a small Prometheus that answers by exact PromQL ---------------------------------------

const BASE = FAKE_PROMETHEUS_BASE;
const server = setupServer();
registerMswTestHooks(server);

/**
 * Answers instant queries from `instant` (by exact PromQL) and range queries from `range`.
 * A multi-window query (`label_replace(<q>, "metrics_window", "<w>", "", "") or …`) is
 * answered part by part, each part's samples tagged with its window, as Prometheus does; `or`
 * drops a sample whose label set is already present. Unknown queries answer an empty result
 * (as Prometheus does for selectors that match nothing) and are recorded in `unmatched`.
 */
function fakePrometheus(data: {
  instant?: Record<string, VectorItem[]>;
  range?: Record<string, MatrixItem[]>;
}) {
  return playFakePrometheus(server, data, { dedupeWindows: true });
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

const END = 1735689600; // 2025-01-01T00:00:00Z
const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
  range: '1d',
  end: END,
  start: END - 86400,
};
// chartStep(86400) = ceil(86400 / 120 / 60) * 60 = 720 s; start and end are multiples of it.
const STEP = 720;

function sloOf(entity: Entity, name: string): SloDefinition {
  const resolved = resolveEntityMetrics(entity, {
    defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
  });
  expect(resolved.problems).toEqual([]);
  const slo = resolved.definitions.find(
    d => d.kind === 'slo' && d.name === name,
  );
  if (!slo || slo.kind !== 'slo') throw new Error(`no SLO ${name}`);
  return slo;
}

const orders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'orders',
    annotations: { 'metrics-suite/prometheus-service': 'orders' },
  },
  spec: { type: 'service', owner: 'team-orders', lifecycle: 'production' },
};

// The conventional availability SLI of `orders`, written out by hand.
const good = (w: string) =>
  `sum(increase(http_server_requests_total{service="orders", code!~"5.."}[${w}])) or vector(0)`;
const total = (w: string) =>
  `sum(increase(http_server_requests_total{service="orders"}[${w}]))`;
// The chart's one range query: good and total, told apart by their tag.
const chart = (w: string) =>
  `label_replace(${good(
    w,
  )}, "metrics_window", "good", "", "") or label_replace(${total(
    w,
  )}, "metrics_window", "total", "", "")`;

/** Good and total counts per window → the instant table. */
function counts(byWindow: Record<string, [good: number, total: number]>) {
  const instant: Record<string, VectorItem[]> = {};
  for (const [w, [g, t]] of Object.entries(byWindow)) {
    instant[good(w)] = [{ metric: {}, value: String(g) }];
    instant[total(w)] = [{ metric: {}, value: String(t) }];
  }
  return instant;
}

/** The instance without recordings: the SLOs are read from raw series. */
function client(): PrometheusInstance {
  return {
    client: PrometheusClient.fromConfig(instance),
    convention: DEFAULT_TELEMETRY_CONVENTION,
  };
}

// --- tests -----------------------------------------------------------------------------------

describe('evaluateSloDefinition', () => {
  it('computes SLI, budget, burn rates, a page alert and the state from good/total per window', async () => {
    // Objective 99.9 % → error budget 0.001.
    const fake = fakePrometheus({
      instant: counts({
        // 400 bad of 1,000,000: SLI 0.9996, error ratio 0.0004, budget left 1 − 0.4 = 0.6
        '28d': [999_600, 1_000_000],
        '5m': [980, 1_000], // 20 / 1000 = 0.02 → burn 20
        '30m': [5_994, 6_000], // 0.001 → 1
        '1h': [11_800, 12_000], // 200 / 12000 = 0.0166… → 16.67
        '2h': [23_952, 24_000], // 48 / 24000 = 0.002 → 2
        '6h': [71_928, 72_000], // 0.001 → 1
        '1d': [287_712, 288_000], // 0.001 → 1
        '3d': [863_568, 864_000], // 432 / 864000 = 0.0005 → 0.5
      }),
      range: {
        [good('28d')]: [
          {
            metric: {},
            values: [
              [END - 3 * STEP, '999800'],
              [END - 2 * STEP, '999500'],
              [END - STEP, 'NaN'],
              [END, '998000'],
            ],
          },
        ],
        [total('28d')]: [
          {
            metric: {},
            values: [
              [END - 3 * STEP, '1000000'],
              [END - 2 * STEP, '1000000'],
              [END - STEP, 'NaN'],
              [END, '1000000'],
            ],
          },
        ],
      },
    });

    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );

    expect(fake.unmatched).toEqual([]);
    expect(item).toMatchObject({
      id: 'slo:availability',
      name: 'availability',
      objective: 99.9,
      window: '28d',
      alert: 'page', // 1h (16.67) and 5m (20) both above 14.4
      state: 'at-risk', // budget left, but a page alert fires
      counts: { good: 999_600, valid: 1_000_000 },
      owner: 'group:default/team-orders',
    });
    expect(item.sli).toBeCloseTo(0.9996, 12);
    expect(item.budgetRemaining).toBeCloseTo(0.6, 9);
    expect(Object.keys(item.burnRates).sort()).toEqual(
      ['1d', '1h', '2h', '30m', '3d', '5m', '6h'].sort(),
    );
    expect(item.burnRates['5m']).toBeCloseTo(20, 9);
    expect(item.burnRates['30m']).toBeCloseTo(1, 9);
    expect(item.burnRates['1h']).toBeCloseTo(200 / 12_000 / 0.001, 9);
    expect(item.burnRates['1h']).toBeCloseTo(16.6667, 3);
    expect(item.burnRates['2h']).toBeCloseTo(2, 9);
    expect(item.burnRates['6h']).toBeCloseTo(1, 9);
    expect(item.burnRates['1d']).toBeCloseTo(1, 9);
    expect(item.burnRates['3d']).toBeCloseTo(0.5, 9);

    // The rolling 28d SLI and budget at each step of the viewed range.
    expect(item.series).toHaveLength(4);
    const [p0, p1, p2, p3] = item.series!;
    expect(p0.t).toBe(END - 3 * STEP);
    expect(p0.sli).toBeCloseTo(0.9998, 12);
    expect(p0.budgetRemaining).toBeCloseTo(0.8, 9); // 1 − 0.0002 / 0.001
    expect(p1.sli).toBeCloseTo(0.9995, 12);
    expect(p1.budgetRemaining).toBeCloseTo(0.5, 9);
    expect(p2).toEqual({ t: END - STEP, sli: null, budgetRemaining: null }); // "NaN": no data
    expect(p3.sli).toBeCloseTo(0.998, 12);
    expect(p3.budgetRemaining).toBeCloseTo(-1, 9); // overspent: 0.002 / 0.001 = 2
  });

  it('asks two multi-window instant queries and one range query, all as form-encoded POST', async () => {
    const fake = fakePrometheus({
      instant: counts({ '28d': [99, 100] }),
    });

    await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );

    const instant = fake.seen.filter(s => s.path === '/api/v1/query');
    const range = fake.seen.filter(s => s.path === '/api/v1/query_range');
    expect(instant).toHaveLength(2);
    expect(range).toHaveLength(1);
    for (const s of fake.seen) {
      expect(s.contentType).toBe('application/x-www-form-urlencoded');
    }
    const windows = ['28d', '5m', '30m', '1h', '2h', '6h', '1d', '3d'];
    expect(instant.map(s => s.form.get('query')).sort()).toEqual(
      [
        windows
          .map(
            w => `label_replace(${good(w)}, "metrics_window", "${w}", "", "")`,
          )
          .join(' or '),
        windows
          .map(
            w => `label_replace(${total(w)}, "metrics_window", "${w}", "", "")`,
          )
          .join(' or '),
      ].sort(),
    );
    for (const s of instant) expect(s.form.get('time')).toBe(String(END));
    expect(range.map(s => s.form.get('query'))).toEqual([chart('28d')]);
    for (const s of range) {
      expect(s.form.get('start')).toBe(String(END - 86400));
      expect(s.form.get('end')).toBe(String(END));
      expect(s.form.get('step')).toBe(String(STEP));
    }
  });

  it('links both queries to the graph page of the external URL', async () => {
    fakePrometheus({ instant: counts({ '28d': [99, 100] }) });

    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );

    expect(item.links).toHaveLength(2);
    const [goodLink, validLink] = item.links!.map(l => ({
      title: l.title,
      url: new URL(l.url),
    }));
    expect(goodLink.title).toBe('Good events');
    expect(validLink.title).toBe('Valid events');
    for (const { url } of [goodLink, validLink]) {
      expect(`${url.origin}${url.pathname}`).toBe(
        'https://prom.example.com/graph',
      );
      expect(url.searchParams.get('g0.range_input')).toBe('86400s');
      expect(url.searchParams.get('g0.end_input')).toBe(
        '2025-01-01T00:00:00.000Z',
      );
      expect(url.searchParams.get('g0.tab')).toBe('0');
    }
    expect(goodLink.url.searchParams.get('g0.expr')).toBe(good('28d'));
    expect(validLink.url.searchParams.get('g0.expr')).toBe(total('28d'));
    expect(item.links![0].url).toContain(
      'https://prom.example.com/graph?g0.expr=sum%28increase%28http_server_requests_total',
    );
  });

  it('raises a ticket when 1d and 2h burn above 3, and is healthy otherwise', async () => {
    fakePrometheus({
      instant: counts({
        '28d': [999_900, 1_000_000], // 100 bad → budget left 0.9
        '5m': [1_000, 1_000],
        '30m': [6_000, 6_000],
        '1h': [12_000, 12_000],
        '2h': [23_880, 24_000], // 120 / 24000 = 0.005 → 5
        '6h': [72_000, 72_000],
        '1d': [287_424, 288_000], // 576 / 288000 = 0.002 → 2
        '3d': [864_000, 864_000],
      }),
    });
    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );
    expect(item.burnRates['1d']).toBeCloseTo(2, 9);
    expect(item.burnRates['2h']).toBeCloseTo(5, 9);
    // The 3x ticket needs both 1d and 2h above 3: no alert, and with 90 % of the budget
    // left, healthy.
    expect(item.alert).toBe('none');
    expect(item.state).toBe('healthy');
    expect(item.budgetRemaining).toBeCloseTo(0.9, 9);

    server.resetHandlers();
    fakePrometheus({
      instant: counts({
        '28d': [999_900, 1_000_000],
        '2h': [23_880, 24_000], // 5
        '1d': [286_848, 288_000], // 1152 / 288000 = 0.004 → 4
      }),
    });
    const ticket = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );
    expect(ticket.burnRates['1d']).toBeCloseTo(4, 9);
    expect(ticket.burnRates['2h']).toBeCloseTo(5, 9);
    // Windows Prometheus had no data for have no burn rate at all.
    expect(Object.keys(ticket.burnRates).sort()).toEqual(['1d', '2h']);
    expect(ticket.alert).toBe('ticket');
    expect(ticket.state).toBe('at-risk');
  });

  it('reports a breach when the budget is overspent over the SLO window', async () => {
    fakePrometheus({
      instant: counts({ '28d': [998_500, 1_000_000] }), // 1500 bad → 1 − 1.5 = −0.5
    });
    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );
    expect(item.sli).toBeCloseTo(0.9985, 12);
    expect(item.budgetRemaining).toBeCloseTo(-0.5, 9);
    expect(item.state).toBe('breaching');
    expect(item.alert).toBe('none');
  });

  it('says no-data (not 100 %, not NaN) when the service had no traffic', async () => {
    // `sum(...) or vector(0)` gives 0 good; the total `sum(...)` of nothing is an empty vector.
    fakePrometheus({
      instant: { [good('28d')]: [{ metric: {}, value: '0' }] },
    });
    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );
    expect(item).toMatchObject({
      sli: null,
      budgetRemaining: null,
      burnRates: {},
      alert: 'none',
      state: 'no-data',
      counts: { good: 0, valid: 0 },
      series: [],
    });
    expect(JSON.stringify(item)).not.toContain('NaN');
  });

  it('labels a window with fewer than 100 events low-traffic', async () => {
    fakePrometheus({ instant: counts({ '28d': [40, 42] }) });
    const item = await evaluateSloDefinition(
      sloOf(orders, 'availability'),
      client(),
      request,
    );
    expect(item.sli).toBeCloseTo(40 / 42, 12);
    expect(item.state).toBe('low-traffic');
  });

  it('adds numerators and denominators of several series, never averaging ratios', async () => {
    const entity: Entity = {
      ...orders,
      metadata: {
        ...orders.metadata,
        metrics: {
          slos: [
            {
              name: 'checkout-success',
              objective: 99,
              window: '7d',
              indicator: {
                ratio: {
                  good: 'sum by (region) (increase(checkout_total{result="ok"}[{{window}}]))',
                  total:
                    'sum by (region) (increase(checkout_total[{{window}}]))',
                },
              },
            },
          ],
        },
      },
    };
    const g = (w: string) =>
      `sum by (region) (increase(checkout_total{result="ok"}[${w}]))`;
    const t = (w: string) => `sum by (region) (increase(checkout_total[${w}]))`;
    fakePrometheus({
      instant: {
        // eu: 90/100 = 0.9, us: 9900/10000 = 0.99 → mean of ratios 0.945, but the SLI is
        // (90 + 9900) / (100 + 10000) = 9990 / 10100
        [g('7d')]: [
          { metric: { region: 'eu' }, value: '90' },
          { metric: { region: 'us' }, value: '9900' },
        ],
        [t('7d')]: [
          { metric: { region: 'eu' }, value: '100' },
          { metric: { region: 'us' }, value: '10000' },
        ],
      },
    });
    const item = await evaluateSloDefinition(
      sloOf(entity, 'checkout-success'),
      client(),
      request,
    );
    expect(item.window).toBe('7d');
    expect(item.counts).toEqual({ good: 9990, valid: 10100 });
    expect(item.sli).toBeCloseTo(9990 / 10100, 12);
    // budget 0.01: 1 − (110 / 10100) / 0.01
    expect(item.budgetRemaining).toBeCloseTo(1 - 110 / 10100 / 0.01, 9);
    expect(
      item.links!.map(l => new URL(l.url).searchParams.get('g0.expr')),
    ).toEqual([g('7d'), t('7d')]);
  });

  it('fails with the Prometheus message when a query is rejected', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'execution',
            error:
              'query processing would load too many samples into memory in query execution',
          },
          { status: 422 },
        ),
      ),
      http.post(`${BASE}/api/v1/query_range`, () =>
        HttpResponse.json({
          status: 'success',
          data: { resultType: 'matrix', result: [] },
        }),
      ),
    );
    await expect(
      evaluateSloDefinition(sloOf(orders, 'availability'), client(), request),
    ).rejects.toThrow(
      /Prometheus 'main' could not execute the query: query processing would load too many samples/,
    );
  });
});

describe('the error-budget policy of an SLO item', () => {
  const policy = [
    { name: 'reliability-first', below: 25, action: 'Reliability work first' },
    { name: 'freeze', below: 0, action: 'Freeze risky releases' },
  ];
  const withPolicy = sloOf(
    {
      ...orders,
      metadata: {
        ...orders.metadata,
        metrics: { slos: [{ name: 'availability', objective: 99.9, policy }] },
      },
    },
    'availability',
  );
  const item = (bad: number | undefined) =>
    sloItemFromWindows(
      withPolicy,
      new Map(bad === undefined ? [] : [['28d', 1_000_000 - bad]]),
      new Map(bad === undefined ? [] : [['28d', 1_000_000]]),
    );

  it('names the step that applies to the budget left, the smallest threshold winning', () => {
    // Objective 99.9 % of a million events: 1000 bad events are the whole budget.
    expect(item(200).policy).toEqual({ steps: policy });
    expect(item(750).policy).toEqual({ steps: policy }); // exactly 25 % left
    expect(item(800).policy?.current?.name).toBe('reliability-first');
    expect(item(1000).policy?.current?.name).toBe('freeze');
    expect(item(1500).policy?.current?.name).toBe('freeze');
  });

  it('names no step without data', () => {
    expect(item(undefined).budgetRemaining).toBeNull();
    expect(item(undefined).policy).toEqual({ steps: policy });
  });

  it('leaves policy out of an SLO without one', () => {
    const plain = sloItemFromWindows(
      sloOf(orders, 'availability'),
      new Map([['28d', 0]]),
      new Map([['28d', 10]]),
    );
    expect(plain).not.toHaveProperty('policy');
  });

  it('carries the policy on live items', async () => {
    fakePrometheus({ instant: counts({ '28d': [998_500, 1_000_000] }) });
    const live = await evaluateSloDefinition(withPolicy, client(), request);
    expect(live.budgetRemaining).toBeCloseTo(-0.5, 9);
    expect(live.policy).toEqual({ steps: policy, current: policy[1] });
  });
});
