import { registerMswTestHooks } from '@backstage/backend-test-utils';
import {
  CallerEntity,
  DEFAULT_TELEMETRY_CONVENTION,
  OTHER_CALLERS,
  resolveConvention,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import { PrometheusClient } from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import { evaluateCallers } from './callerSection';

type Labels = Record<string, string>;
type VectorItem = { metric: Labels; value: string };

const BASE = 'http://prom.test';
const server = setupServer();
registerMswTestHooks(server);

/** Answers instant queries by exact PromQL; unknown ones get an empty vector and are recorded. */
function fakePrometheus(instant: Record<string, VectorItem[]>) {
  const seen: Array<{ contentType: string | null; form: URLSearchParams }> = [];
  const unmatched: string[] = [];
  server.use(
    http.post(`${BASE}/api/v1/query`, async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      seen.push({ contentType: request.headers.get('content-type'), form });
      const query = form.get('query') ?? '';
      const time = Number(form.get('time'));
      if (!Object.prototype.hasOwnProperty.call(instant, query)) {
        unmatched.push(query);
      }
      return HttpResponse.json({
        status: 'success',
        data: {
          resultType: 'vector',
          result: (instant[query] ?? []).map(item => ({
            metric: item.metric,
            value: [time, item.value],
          })),
        },
      });
    }),
  );
  return { seen, unmatched };
}

const instance: PrometheusInstanceConfig = {
  name: 'main',
  baseUrl: BASE,
  externalUrl: BASE,
  default: true,
  headers: {},
  timeoutMs: 5000,
  limits: DEFAULT_PROMETHEUS_LIMITS,
  catalogQueries: DEFAULT_CATALOG_QUERIES,
  rules: { read: 'never', alertsDeployed: false },
  convention: DEFAULT_TELEMETRY_CONVENTION,
};

const END = 1735689600;
const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
  range: '1d',
  end: END,
  start: END - 86400,
};

// The three queries of `orders` over the 1d range, written out by hand.
const REQUESTS =
  'sum by (caller) (increase(http_server_requests_total{service="orders"}[1d]))';
const ERRORS =
  'sum by (caller) (increase(http_server_requests_total{service="orders", code=~"5.."}[1d]))';
const P95 =
  'histogram_quantile(0.95, sum by (caller, le) (rate(http_server_request_duration_seconds_bucket{service="orders"}[1d])))';

const directory = new Map<string, CallerEntity>([
  [
    'checkout-web',
    {
      entityRef: 'component:default/checkout',
      owner: 'group:default/team-checkout',
    },
  ],
  ['billing', { entityRef: 'component:default/billing' }],
]);

// Records which ids the section asks the catalog about, and how often.
const asked: string[][] = [];
beforeEach(() => {
  asked.length = 0;
});
async function resolveCallers(ids: string[]) {
  asked.push(ids);
  return directory;
}

function evaluate(convention = DEFAULT_TELEMETRY_CONVENTION) {
  return evaluateCallers({
    service: 'orders',
    convention,
    client: PrometheusClient.fromConfig(instance),
    request,
    resolveCallers,
  });
}

describe('evaluateCallers', () => {
  it('turns requests, errors and p95 by caller into shares, error ratios and catalog links', async () => {
    const fake = fakePrometheus({
      // 6000 + 3000 + 900 + 100 = 10,000 requests in the range
      [REQUESTS]: [
        { metric: { caller: 'checkout-web' }, value: '6000' },
        { metric: { caller: 'billing' }, value: '3000' },
        // no caller label at all: Prometheus leaves it out of the metric
        { metric: {}, value: '900' },
        { metric: { caller: 'scheduler' }, value: '100' },
      ],
      // billing had no 5xx: no row, counted as 0
      [ERRORS]: [
        { metric: { caller: 'checkout-web' }, value: '60' },
        { metric: {}, value: '90' },
        { metric: { caller: 'scheduler' }, value: '5' },
      ],
      [P95]: [
        { metric: { caller: 'checkout-web' }, value: '0.25' },
        { metric: { caller: 'billing' }, value: '0.5' },
        // histogram_quantile of no observations is NaN: no p95, never NaN in JSON
        { metric: {}, value: 'NaN' },
      ],
    });

    const items = await evaluate();

    expect(fake.unmatched).toEqual([]);
    expect(items).toEqual([
      {
        caller: 'checkout-web',
        entityRef: 'component:default/checkout',
        owner: 'group:default/team-checkout',
        requests: 6000,
        share: 0.6,
        errorRatio: 0.01,
        p95Seconds: 0.25,
      },
      {
        caller: 'billing',
        entityRef: 'component:default/billing',
        requests: 3000,
        share: 0.3,
        errorRatio: 0,
        p95Seconds: 0.5,
      },
      {
        caller: 'unknown',
        external: true,
        requests: 900,
        share: 0.09,
        errorRatio: 0.1,
      },
      {
        caller: 'scheduler',
        external: true,
        requests: 100,
        share: 0.01,
        errorRatio: 0.05,
      },
    ]);
    expect(items.reduce((s, i) => s + i.share, 0)).toBeCloseTo(1, 12);
    // One lookup, of the listed callers; "unknown" is never looked up.
    expect(asked).toEqual([['checkout-web', 'billing', 'scheduler']]);
  });

  it('asks the catalog only about the listed callers, not the ones folded into the rest', async () => {
    // 15 callers: the top 10 are listed, the other 5 folded into one row.
    const callers = Array.from({ length: 15 }, (_, i) => ({
      metric: { caller: `caller-${String(i).padStart(2, '0')}` },
      value: String(1000 - i),
    }));
    fakePrometheus({ [REQUESTS]: callers });

    const items = await evaluate();

    expect(items).toHaveLength(11);
    expect(items[10]).toMatchObject({
      caller: OTHER_CALLERS,
      otherCallers: 5,
    });
    expect(asked).toEqual([callers.slice(0, 10).map(c => c.metric.caller)]);
  });

  it('does not ask the catalog when no caller could be linked', async () => {
    fakePrometheus({ [REQUESTS]: [{ metric: {}, value: '10' }] });
    expect(await evaluate()).toHaveLength(1);
    fakePrometheus({});
    expect(await evaluate()).toEqual([]);
    expect(asked).toEqual([]);
  });

  it('sends the three queries as form-encoded POST at the end of the range', async () => {
    const fake = fakePrometheus({});
    await evaluate();
    expect(fake.seen.map(s => s.form.get('query')).sort()).toEqual(
      [REQUESTS, ERRORS, P95].sort(),
    );
    for (const s of fake.seen) {
      expect(s.contentType).toBe('application/x-www-form-urlencoded');
      expect(s.form.get('time')).toBe(String(END));
    }
  });

  it('merges an empty caller label and caller="unknown" into one row without p95', async () => {
    fakePrometheus({
      [REQUESTS]: [
        { metric: { caller: 'unknown' }, value: '30' },
        { metric: {}, value: '70' },
      ],
      [ERRORS]: [{ metric: {}, value: '7' }],
      [P95]: [
        { metric: { caller: 'unknown' }, value: '0.1' },
        { metric: {}, value: '0.3' },
      ],
    });
    expect(await evaluate()).toEqual([
      {
        caller: 'unknown',
        external: true,
        requests: 100,
        share: 1,
        errorRatio: 0.07,
      },
    ]);
  });

  it('never resolves the unknown caller, even when an entity claims "unknown" as its id', async () => {
    fakePrometheus({ [REQUESTS]: [{ metric: {}, value: '10' }] });
    const items = await evaluateCallers({
      service: 'orders',
      convention: DEFAULT_TELEMETRY_CONVENTION,
      client: PrometheusClient.fromConfig(instance),
      request,
      resolveCallers: async () =>
        new Map([['unknown', { entityRef: 'component:default/unknown' }]]),
    });
    expect(items).toEqual([
      {
        caller: 'unknown',
        external: true,
        requests: 10,
        share: 1,
        errorRatio: 0,
      },
    ]);
  });

  it('answers an empty list, not NaN shares, when nobody called', async () => {
    fakePrometheus({
      [REQUESTS]: [{ metric: { caller: 'billing' }, value: '0' }],
    });
    expect(await evaluate()).toEqual([]);
  });

  it('uses the configured caller label name', async () => {
    const names = resolveConvention(undefined, {
      labelNames: { caller: 'source_app', service: 'app' },
    });
    fakePrometheus({
      'sum by (source_app) (increase(http_server_requests_total{app="orders"}[1d]))':
        [
          { metric: { source_app: 'billing' }, value: '75' },
          { metric: { source_app: 'checkout-web' }, value: '25' },
        ],
      'sum by (source_app) (increase(http_server_requests_total{app="orders", code=~"5.."}[1d]))':
        [{ metric: { source_app: 'checkout-web' }, value: '5' }],
    });
    const items = await evaluate(names);
    expect(items).toEqual([
      {
        caller: 'billing',
        entityRef: 'component:default/billing',
        requests: 75,
        share: 0.75,
        errorRatio: 0,
      },
      {
        caller: 'checkout-web',
        entityRef: 'component:default/checkout',
        owner: 'group:default/team-checkout',
        requests: 25,
        share: 0.25,
        errorRatio: 0.2,
      },
    ]);
  });

  it('fails when Prometheus is unavailable', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.json(
          {
            status: 'error',
            errorType: 'unavailable',
            error: 'TSDB not ready',
          },
          { status: 503 },
        ),
      ),
    );
    await expect(evaluate()).rejects.toThrow(
      /Prometheus 'main' failed \(unavailable, HTTP 503\): TSDB not ready/,
    );
  });
});
