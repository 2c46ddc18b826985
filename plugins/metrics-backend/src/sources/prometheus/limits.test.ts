import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { PrometheusLimits } from '../../config/prometheusLimits';
import { DEFAULT_PROMETHEUS_LIMITS } from '../../config/prometheusLimits';
import { isDefinitionFault } from '../../readers/failures';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
  QueryBudgetError,
} from './errors';
import { PrometheusClient } from './PrometheusClient';
import { QueryBudget, withQueryScope } from './queryScope';

const BASE = 'http://limits.test';
const server = setupServer();
registerMswTestHooks(server);

function client(limits: Partial<PrometheusLimits> = {}, timeoutMs = 5000) {
  return PrometheusClient.fromConfig({
    name: 'main',
    baseUrl: BASE,
    externalUrl: BASE,
    default: true,
    headers: {},
    timeoutMs,
    convention: DEFAULT_TELEMETRY_CONVENTION,
    catalogQueries: { policy: 'any', grants: [] },
    rules: { read: 'never', alertsDeployed: false },
    limits: { ...DEFAULT_PROMETHEUS_LIMITS, ...limits },
  });
}

function vector(series: number) {
  return {
    status: 'success',
    data: {
      resultType: 'vector',
      result: Array.from({ length: series }, (_, i) => ({
        metric: { service: `s${i}` },
        value: [1, '1'],
      })),
    },
  };
}

/** Answers every query after `delayMs`, counting how many are in flight at once. */
function slowPrometheus(delayMs: number) {
  const seen = { inFlight: 0, most: 0, total: 0 };
  server.use(
    http.post(`${BASE}/api/v1/query`, async () => {
      seen.total += 1;
      seen.inFlight += 1;
      seen.most = Math.max(seen.most, seen.inFlight);
      await delay(delayMs);
      seen.inFlight -= 1;
      return HttpResponse.json(vector(1));
    }),
  );
  return seen;
}

describe('PrometheusClient limits', () => {
  it('keeps at most maxConcurrentQueries in flight and queues the rest', async () => {
    const seen = slowPrometheus(30);
    const prometheus = client({ maxConcurrentQueries: 3 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => prometheus.query(`up + ${i}`)),
    );
    expect(answers).toHaveLength(10);
    expect(seen.total).toBe(10);
    expect(seen.most).toBe(3);
    expect(prometheus.load).toEqual({ inFlight: 0, waiting: 0 });
  });

  it('answers "busy" when a query waited queueTimeoutMs for a slot', async () => {
    slowPrometheus(300);
    const prometheus = client({ maxConcurrentQueries: 1, queueTimeoutMs: 50 });
    const [first, second] = await Promise.allSettled([
      prometheus.query('a'),
      prometheus.query('b'),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(second.status).toBe('rejected');
    const error = (second as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error.reason).toBe('busy');
    expect(error.message).toMatch(/is busy: 1 queries .* in flight/);
  });

  it('refuses queries past the budget of the work they run in, without sending them', async () => {
    const seen = slowPrometheus(1);
    const prometheus = client();
    const budget = new QueryBudget(2, 'limits.queriesPerView of instance "main"');
    const results = await withQueryScope({ budget }, () =>
      Promise.allSettled([
        prometheus.query('a'),
        prometheus.query('b'),
        prometheus.query('c'),
      ]),
    );
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    const error = (results[2] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(QueryBudgetError);
    expect(error.message).toBe(
      'not run: the budget of 2 Prometheus queries (limits.queriesPerView of instance "main") is spent',
    );
    // Reported as the definition's problem: never retried or hidden behind snapshots.
    expect(isDefinitionFault(error)).toBe(true);
    expect(seen.total).toBe(2);
    expect(budget.refused).toBe(1);
    // Outside the scope nothing is counted.
    await expect(prometheus.query('d')).resolves.toBeDefined();
  });

  it('cuts a query short at the deadline of the work it runs in', async () => {
    slowPrometheus(2000);
    const prometheus = client({}, 5000);
    const started = Date.now();
    const error = await withQueryScope({ deadlineAt: Date.now() + 150 }, () =>
      prometheus.query('slow'),
    ).catch(e => e);
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('does not send a query once the deadline has passed', async () => {
    const seen = slowPrometheus(1);
    const error = await withQueryScope({ deadlineAt: Date.now() - 1 }, () =>
      client().query('late'),
    ).catch(e => e);
    expect(error.reason).toBe('timeout');
    expect(error.message).toMatch(/deadline/);
    expect(seen.total).toBe(0);
  });

  it('keeps the earlier deadline when scopes nest', async () => {
    slowPrometheus(2000);
    const started = Date.now();
    const error = await withQueryScope({ deadlineAt: Date.now() + 100 }, () =>
      withQueryScope({ deadlineAt: Date.now() + 60_000 }, () =>
        client().query('slow'),
      ),
    ).catch(e => e);
    expect(error.reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('reports an answer with more than maxSeries series as the query’s error', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () => HttpResponse.json(vector(101))),
    );
    const error = await client({ maxSeries: 100 })
      .query('sum by (service) (up)')
      .catch(e => e);
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toContain(
      'the query returned more than 100 series (limits.maxSeries); the rest of the answer was not read',
    );
    expect(isDefinitionFault(error)).toBe(true);
    await expect(
      client({ maxSeries: 101 }).query('sum by (service) (up)'),
    ).resolves.toMatchObject({ resultType: 'vector' });
  });

  it('stops reading an answer larger than maxResponseBytes, declared or streamed', async () => {
    const big = JSON.stringify(vector(2000));
    server.use(
      http.post(`${BASE}/declared/api/v1/query`, () =>
        HttpResponse.text(big),
      ),
      http.post(`${BASE}/streamed/api/v1/query`, () => {
        // No Content-Length: the limit must hold while reading.
        const bytes = new TextEncoder().encode(big);
        const stream = new ReadableStream({
          start(controller) {
            for (let i = 0; i < bytes.length; i += 1024) {
              controller.enqueue(bytes.slice(i, i + 1024));
            }
            controller.close();
          },
        });
        return new HttpResponse(stream, {
          headers: { 'Content-Type': 'application/json' },
        });
      }),
    );
    for (const path of ['/declared', '/streamed']) {
      const prometheus = PrometheusClient.fromConfig({
        name: 'main',
        baseUrl: `${BASE}${path}`,
        default: true,
        headers: {},
        timeoutMs: 5000,
        convention: DEFAULT_TELEMETRY_CONVENTION,
        catalogQueries: { policy: 'any', grants: [] },
        rules: { read: 'never', alertsDeployed: false },
        limits: { ...DEFAULT_PROMETHEUS_LIMITS, maxResponseBytes: 10_000 },
      });
      const error = await prometheus.query('up').catch(e => e);
      expect(error).toBeInstanceOf(PrometheusQueryError);
      expect(error.message).toContain(
        'answered more than 10000 bytes (limits.maxResponseBytes)',
      );
    }
  });
});
