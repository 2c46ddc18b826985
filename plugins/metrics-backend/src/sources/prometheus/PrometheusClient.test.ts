import { createServer } from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { InputError, ServiceUnavailableError } from '@backstage/errors';
import { delay, http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import type { PrometheusInstanceConfig } from '../../config/metricsConfig';
import { DEFAULT_PROMETHEUS_LIMITS } from '../../config/prometheusLimits';
import { DEFAULT_CATALOG_QUERIES } from '../../config/catalogQueries';
import { PrometheusQueryError, PrometheusUnavailableError } from './errors';
import { PrometheusClient } from './PrometheusClient';
import type { MetricsTelemetry } from '../../telemetry';
import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';

const BASE = 'http://prometheus.test';
const TOKEN = 's3cr3t-bearer-token';
const T0 = 1_735_689_600;

const server = setupServer();
registerMswTestHooks(server);

function instance(
  overrides: Partial<PrometheusInstanceConfig> = {},
): PrometheusInstanceConfig {
  return {
    name: 'main',
    baseUrl: BASE,
    externalUrl: 'https://prometheus.example.com',
    default: true,
    headers: {},
    timeoutMs: 30_000,
    convention: DEFAULT_TELEMETRY_CONVENTION,
    limits: DEFAULT_PROMETHEUS_LIMITS,
    catalogQueries: DEFAULT_CATALOG_QUERIES,
    rules: { read: 'never', alertsDeployed: false },
    ...overrides,
  };
}

interface Seen {
  method: string;
  url: URL;
  headers: Headers;
  form: URLSearchParams;
  contentType: string | null;
}

/** Records every request to `path` and answers `body` (JSON) with `status`. */
function answer(
  path: string,
  body: unknown,
  init: {
    status?: number;
    headers?: Record<string, string>;
    delayMs?: number;
  } = {},
) {
  const seen: Seen[] = [];
  server.use(
    http.all(`${BASE}${path}`, async ({ request }) => {
      seen.push({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        contentType: request.headers.get('content-type'),
        form: new URLSearchParams(await request.text()),
      });
      if (init.delayMs) await delay(init.delayMs);
      return HttpResponse.json(body as any, {
        status: init.status ?? 200,
        headers: init.headers,
      });
    }),
  );
  return seen;
}

const emptyVector = {
  status: 'success',
  data: { resultType: 'vector', result: [] },
};

function capturingLogger() {
  const lines: string[] = [];
  const logger: LoggerService = {
    error: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    warn: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    info: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    debug: (m, meta) => void lines.push(`${m} ${JSON.stringify(meta ?? {})}`),
    child: meta => {
      lines.push(`child ${JSON.stringify(meta)}`);
      return logger;
    },
  };
  return { logger, lines };
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('PrometheusClient requests', () => {
  it('sends an instant query as a form-encoded POST with time and timeout', async () => {
    const seen = answer('/api/v1/query', emptyVector);
    const client = PrometheusClient.fromConfig(instance());

    await client.query(
      'sum by (service) (rate(http_requests_total[5m]))',
      T0 + 0.25,
    );

    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url.pathname).toBe('/api/v1/query');
    expect(seen[0].url.search).toBe('');
    expect(seen[0].contentType).toBe('application/x-www-form-urlencoded');
    expect(seen[0].headers.get('accept')).toBe('application/json');
    expect(seen[0].headers.get('authorization')).toBeNull();
    expect(Object.fromEntries(seen[0].form)).toEqual({
      query: 'sum by (service) (rate(http_requests_total[5m]))',
      time: '1735689600.25',
      // 30 s instance timeout, 1 s margin so Prometheus gives up first.
      timeout: '29',
    });
  });

  it('leaves time out when not given and accepts a Date', async () => {
    const seen = answer('/api/v1/query', emptyVector);
    const client = PrometheusClient.fromConfig(instance({ timeoutMs: 5000 }));

    await client.query('up');
    await client.query('up', new Date(T0 * 1000));

    expect(seen[0].form.has('time')).toBe(false);
    // 5 s instance timeout, 10% margin.
    expect(seen[0].form.get('timeout')).toBe('4.5');
    expect(seen[1].form.get('time')).toBe(String(T0));
  });

  it('sends a long query in the body, never in the URL', async () => {
    const seen = answer('/api/v1/query', emptyVector);
    const services = Array.from(
      { length: 2000 },
      (_, i) => `service-${i}`,
    ).join('|');
    const promql = `sum by (service) (rate(http_requests_total{service=~"${services}"}[5m]))`;
    expect(promql.length).toBeGreaterThan(20_000);

    await PrometheusClient.fromConfig(instance()).query(promql);

    expect(seen[0].url.toString()).toBe(`${BASE}/api/v1/query`);
    expect(seen[0].form.get('query')).toBe(promql);
  });

  it('sends a bearer token', async () => {
    const seen = answer('/api/v1/query', emptyVector);
    await PrometheusClient.fromConfig(
      instance({ auth: { type: 'bearer', token: TOKEN } }),
    ).query('up');
    expect(seen[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('sends basic auth as base64(user:pass)', async () => {
    const seen = answer('/api/v1/query', emptyVector);
    await PrometheusClient.fromConfig(
      instance({
        auth: { type: 'basic', username: 'backstage', password: 'pä:ss' },
      }),
    ).query('up');
    const header = seen[0].headers.get('authorization')!;
    expect(header).toBe(
      `Basic ${Buffer.from('backstage:pä:ss').toString('base64')}`,
    );
    expect(Buffer.from(header.slice(6), 'base64').toString('utf8')).toBe(
      'backstage:pä:ss',
    );
  });

  it('sends the extra headers on every endpoint', async () => {
    const queries = answer('/api/v1/query', emptyVector);
    const ranges = answer('/api/v1/query_range', {
      status: 'success',
      data: { resultType: 'matrix', result: [] },
    });
    const labels = answer('/api/v1/label/service/values', {
      status: 'success',
      data: [],
    });
    const client = PrometheusClient.fromConfig(
      instance({
        headers: { 'X-Scope-OrgID': 'tenant-1|tenant-2' },
        auth: { type: 'bearer', token: TOKEN },
      }),
    );

    await client.query('up');
    await client.queryRange('up', { start: T0 - 3600, end: T0, step: 60 });
    await client.labelValues('service');

    for (const seen of [queries[0], ranges[0], labels[0]]) {
      expect(seen.headers.get('x-scope-orgid')).toBe('tenant-1|tenant-2');
      expect(seen.headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
    }
  });

  it('keeps a path prefix in baseUrl (Mimir)', async () => {
    const seen: string[] = [];
    server.use(
      http.post('http://mimir.test/prometheus/api/v1/query', ({ request }) => {
        seen.push(request.url);
        return HttpResponse.json(emptyVector);
      }),
    );
    await PrometheusClient.fromConfig(
      instance({ baseUrl: 'http://mimir.test/prometheus' }),
    ).query('up');
    expect(seen).toEqual(['http://mimir.test/prometheus/api/v1/query']);
  });

  it('sends a range query with the clamped, aligned step', async () => {
    const seen = answer('/api/v1/query_range', {
      status: 'success',
      data: { resultType: 'matrix', result: [] },
    });
    const client = PrometheusClient.fromConfig(instance());
    const start = new Date((T0 - 28 * 86_400 + 7) * 1000);
    const end = new Date((T0 + 7) * 1000);

    // 28 days at 60 s would be 40,320 points; Prometheus refuses more than 11,000.
    const result = await client.queryRange('sum(up)', { start, end, step: 60 });

    expect(seen[0].method).toBe('POST');
    expect(seen[0].contentType).toBe('application/x-www-form-urlencoded');
    // ceil(28 d / 11,000) = 220 s; start aligned down and end up to multiples of it.
    const alignedStart = Math.floor((T0 - 28 * 86_400 + 7) / 220) * 220;
    const alignedEnd = Math.ceil((T0 + 7) / 220) * 220;
    const form = Object.fromEntries(seen[0].form);
    expect(form).toEqual({
      query: 'sum(up)',
      start: String(alignedStart),
      end: String(alignedEnd),
      step: '220',
      timeout: '29',
    });
    expect(
      (Number(form.end) - Number(form.start)) / Number(form.step),
    ).toBeLessThanOrEqual(11_000);
    expect(result).toMatchObject({
      resultType: 'matrix',
      start: alignedStart,
      end: alignedEnd,
      step: 220,
    });
  });

  it('asks label values with GET, repeated match[] and a time range', async () => {
    const seen = answer('/api/v1/label/caller/values', {
      status: 'success',
      data: ['catalog-backend', 'scaffolder'],
    });
    const client = PrometheusClient.fromConfig(
      instance({ auth: { type: 'basic', username: 'u', password: 'p' } }),
    );

    const result = await client.labelValues('caller', {
      match: ['http_requests_total{service="orders"}', 'up'],
      start: T0 - 3600,
      end: T0,
      limit: 100,
    });

    expect(result).toEqual({
      values: ['catalog-backend', 'scaffolder'],
      warnings: [],
      infos: [],
    });
    expect(seen[0].method).toBe('GET');
    expect(seen[0].contentType).toBeNull();
    expect(seen[0].url.searchParams.getAll('match[]')).toEqual([
      'http_requests_total{service="orders"}',
      'up',
    ]);
    expect(seen[0].url.searchParams.get('start')).toBe(String(T0 - 3600));
    expect(seen[0].url.searchParams.get('end')).toBe(String(T0));
    expect(seen[0].url.searchParams.get('limit')).toBe('100');
    expect(seen[0].headers.get('authorization')).toBe(
      `Basic ${Buffer.from('u:p').toString('base64')}`,
    );
  });

  it.each([
    ['an empty query', (c: PrometheusClient) => c.query('  ')],
    [
      'a time in milliseconds',
      (c: PrometheusClient) => c.query('up', Date.now()),
    ],
    [
      'an invalid date',
      (c: PrometheusClient) => c.query('up', new Date('nope')),
    ],
    [
      'a zero step',
      (c: PrometheusClient) =>
        c.queryRange('up', { start: T0 - 60, end: T0, step: 0 }),
    ],
    [
      'end before start',
      (c: PrometheusClient) =>
        c.queryRange('up', { start: T0, end: T0 - 60, step: 60 }),
    ],
    [
      'a label name with a slash',
      (c: PrometheusClient) => c.labelValues('a/../b'),
    ],
    [
      'a negative limit',
      (c: PrometheusClient) => c.labelValues('job', { limit: -1 }),
    ],
  ])('rejects %s with an InputError before any request', async (_, call) => {
    // No handler: msw would fail the test on any request.
    const client = PrometheusClient.fromConfig(instance());
    await expect(call(client)).rejects.toBeInstanceOf(InputError);
  });
});

describe('PrometheusClient results', () => {
  it('reads a vector', async () => {
    answer('/api/v1/query', {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          {
            metric: { caller: 'catalog-backend' },
            value: [1735689600, '12.533333333333333'],
          },
          { metric: { caller: 'scaffolder' }, value: [1735689600, '0.4'] },
        ],
      },
    });
    await expect(
      PrometheusClient.fromConfig(instance()).query('x'),
    ).resolves.toEqual({
      resultType: 'vector',
      series: [
        {
          labels: { caller: 'catalog-backend' },
          value: 12.533333333333333,
          t: 1735689600,
        },
        { labels: { caller: 'scaffolder' }, value: 0.4, t: 1735689600 },
      ],
      warnings: [],
      infos: [],
    });
  });

  it('keeps NaN, +Inf and -Inf as numbers', async () => {
    answer('/api/v1/query', {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [
          { metric: { s: 'idle' }, value: [T0, 'NaN'] },
          { metric: { s: 'div0' }, value: [T0, '+Inf'] },
          { metric: { s: 'neg' }, value: [T0, '-Inf'] },
          { metric: { s: 'tiny' }, value: [T0, '1e-07'] },
        ],
      },
    });
    const result = await PrometheusClient.fromConfig(instance()).query('x');
    if (result.resultType !== 'vector') throw new Error('expected a vector');
    const values = result.series.map(s => s.value);
    expect(values[0]).toBeNaN();
    expect(values[1]).toBe(Infinity);
    expect(values[2]).toBe(-Infinity);
    expect(values[3]).toBe(1e-7);
  });

  it('reads a matrix from a range query, NaN points kept', async () => {
    answer('/api/v1/query_range', {
      status: 'success',
      data: {
        resultType: 'matrix',
        result: [
          {
            metric: { service: 'orders' },
            values: [
              [1735603200, '0.9991'],
              [1735603500, 'NaN'],
              [1735603800, '0.9987'],
            ],
          },
        ],
      },
    });
    const result = await PrometheusClient.fromConfig(instance()).queryRange(
      'x',
      {
        start: 1735603200,
        end: 1735603800,
        step: 300,
      },
    );
    expect(result).toEqual({
      resultType: 'matrix',
      series: [
        {
          labels: { service: 'orders' },
          points: [
            [1735603200, 0.9991],
            [1735603500, NaN],
            [1735603800, 0.9987],
          ],
        },
      ],
      warnings: [],
      infos: [],
      start: 1735603200,
      end: 1735603800,
      step: 300,
    });
  });

  it('reads a scalar and a string', async () => {
    answer('/api/v1/query', {
      status: 'success',
      data: { resultType: 'scalar', result: [1735689600, '0.999'] },
    });
    const client = PrometheusClient.fromConfig(instance());
    await expect(client.query('scalar(x)')).resolves.toEqual({
      resultType: 'scalar',
      t: 1735689600,
      value: 0.999,
      warnings: [],
      infos: [],
    });

    answer('/api/v1/query', {
      status: 'success',
      data: { resultType: 'string', result: [1735689600, 'hi'] },
    });
    await expect(client.query('"hi"')).resolves.toMatchObject({
      resultType: 'string',
      value: 'hi',
    });
  });

  it('surfaces warnings and infos', async () => {
    answer('/api/v1/query', {
      status: 'success',
      data: { resultType: 'vector', result: [] },
      warnings: ['results truncated due to limit'],
      infos: ['PromQL info: metric might not be a counter'],
    });
    await expect(
      PrometheusClient.fromConfig(instance()).query('x'),
    ).resolves.toEqual({
      resultType: 'vector',
      series: [],
      warnings: ['results truncated due to limit'],
      infos: ['PromQL info: metric might not be a counter'],
    });
  });

  it('treats a body of the wrong shape as a bad response', async () => {
    answer('/api/v1/query', {
      status: 'success',
      data: {
        resultType: 'vector',
        result: [{ metric: {}, value: [T0, 'lots'] }],
      },
    });
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query('x'),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ reason: 'bad_response' });
    expect(error.message).toMatch(/Prometheus 'main' sent a response .*"lots"/);
  });

  it('describes the instance without secrets', () => {
    const client = PrometheusClient.fromConfig(
      instance({
        auth: { type: 'bearer', token: TOKEN },
        headers: { 'X-Scope-OrgID': 'tenant-1' },
      }),
    );
    const summary = client.describe();
    expect(summary).toEqual({
      id: 'prometheus:main',
      type: 'prometheus',
      name: 'main',
      description: 'https://prometheus.example.com',
      externalUrl: 'https://prometheus.example.com',
      default: true,
    });
    expect(JSON.stringify(summary)).not.toContain(TOKEN);
    expect(JSON.stringify(summary)).not.toContain('tenant-1');
    expect(client.name).toBe('main');
  });

  it('shows no address at all without an externalUrl', () => {
    const summary = PrometheusClient.fromConfig(
      instance({ externalUrl: undefined }),
    ).describe();
    expect(summary).toEqual({
      id: 'prometheus:main',
      type: 'prometheus',
      name: 'main',
      default: true,
    });
  });
});

describe('PrometheusClient errors', () => {
  const promql = 'sum(rate(http_requests_total{service="orders"}[5m])) / sum(';

  it('maps bad_data (400) to a PrometheusQueryError naming the instance and the query', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'bad_data',
        error:
          'invalid parameter "query": 1:59: parse error: unexpected end of input',
      },
      { status: 400 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query(promql),
    );

    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error).not.toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('PrometheusQueryError');
    expect(error.message).toBe(
      `Prometheus 'main' rejected the query: invalid parameter "query": 1:59: parse error: unexpected end of input. Query: ${promql}`,
    );
    expect(error).toMatchObject({
      instance: 'main',
      errorType: 'bad_data',
      upstreamStatus: 400,
      query: promql,
    });
    // No status field: the Backstage error middleware must not forward Prometheus's 400.
    expect(error).not.toHaveProperty('status');
    expect(error).not.toHaveProperty('statusCode');
  });

  it('maps the 11,000 points bad_data message the same way', async () => {
    answer(
      '/api/v1/query_range',
      {
        status: 'error',
        errorType: 'bad_data',
        error:
          'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)',
      },
      { status: 400 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).queryRange('up', {
        start: T0 - 3600,
        end: T0,
        step: 60,
      }),
    );
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toContain(
      'exceeded maximum resolution of 11,000 points',
    );
  });

  it('quotes only the first 200 characters of a long query', async () => {
    answer(
      '/api/v1/query',
      { status: 'error', errorType: 'bad_data', error: 'parse error' },
      { status: 400 },
    );
    const long = `sum(${'x'.repeat(500)}`;
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query(long),
    );
    expect(error.message).toBe(
      `Prometheus 'main' rejected the query: parse error. Query: ${long.slice(
        0,
        200,
      )}…`,
    );
    expect((error as PrometheusQueryError).query).toHaveLength(201);
  });

  it('maps execution (422) to a PrometheusQueryError', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'execution',
        error:
          'query processing would load too many samples into memory in query execution',
      },
      { status: 422 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query('big'),
    );
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error).toMatchObject({
      errorType: 'execution',
      upstreamStatus: 422,
    });
    expect(error.message).toBe(
      "Prometheus 'main' could not execute the query: query processing would load too many samples into memory in query execution. Query: big",
    );
  });

  it('maps timeout (503) to a ServiceUnavailableError saying how long it waited', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'timeout',
        error: 'query timed out in expression evaluation',
      },
      { status: 503 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance({ timeoutMs: 10_000 })).query(
        'slow',
      ),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error).toMatchObject({
      reason: 'timeout',
      instance: 'main',
      upstreamStatus: 503,
    });
    expect(error.message).toBe(
      "Prometheus 'main' timed out after 9000 ms evaluating the query: query timed out in expression evaluation. Query: slow",
    );
  });

  it.each([
    ['canceled', 499, 'query was canceled in expression evaluation'],
    ['internal', 500, 'storage error'],
    ['unavailable', 503, 'TSDB not ready'],
  ])(
    'maps %s (%i) to a ServiceUnavailableError',
    async (errorType, status, message) => {
      answer(
        '/api/v1/query',
        { status: 'error', errorType, error: message },
        { status },
      );
      const error = await caught(
        PrometheusClient.fromConfig(instance()).query('x'),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error).toMatchObject({
        reason: 'server_error',
        upstreamStatus: status,
      });
      expect(error.message).toBe(
        `Prometheus 'main' failed (${errorType}, HTTP ${status}): ${message}. Query: x`,
      );
    },
  );

  it.each([401, 403])(
    'maps %i to an auth refusal without echoing the credentials',
    async status => {
      server.use(
        http.post(
          `${BASE}/api/v1/query`,
          ({ request }) =>
            // A proxy that helpfully echoes what it got.
            new HttpResponse(
              `Unauthorized: ${request.headers.get('authorization')}`,
              {
                status,
                headers: { 'Content-Type': 'text/plain' },
              },
            ),
        ),
      );
      const { logger, lines } = capturingLogger();
      const error = await caught(
        PrometheusClient.fromConfig(
          instance({ auth: { type: 'bearer', token: TOKEN } }),
          {
            logger,
          },
        ).query('x'),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error).toMatchObject({ reason: 'auth', upstreamStatus: status });
      expect(error.message).toBe(
        `Prometheus 'main' refused the configured credentials (HTTP ${status}); check the auth and headers of this instance`,
      );
      expect(
        JSON.stringify({ ...error, message: error.message }),
      ).not.toContain(TOKEN);
      expect(lines.join('\n')).not.toContain(TOKEN);
      expect(lines.join('\n')).toContain('refused the configured credentials');
    },
  );

  it('redacts credentials that a server echoes in an error message', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'internal',
        error: `upstream said Bearer ${TOKEN}`,
      },
      { status: 500 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(
        instance({ auth: { type: 'bearer', token: TOKEN } }),
      ).query('x'),
    );
    expect(error.message).toContain('upstream said Bearer ***');
    expect(error.message).not.toContain(TOKEN);
  });

  it('redacts credential-like extra headers too', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'internal',
        error: 'bad key key-0123456789',
      },
      { status: 500 },
    );
    const error = await caught(
      PrometheusClient.fromConfig(
        instance({
          headers: { 'X-Api-Key': 'key-0123456789', 'X-Scope-OrgID': 'team' },
        }),
      ).query('x'),
    );
    expect(error.message).toContain('bad key ***');
  });

  it('maps 429 to rate_limited with Retry-After', async () => {
    server.use(
      http.post(
        `${BASE}/api/v1/query`,
        () =>
          new HttpResponse('too many requests', {
            status: 429,
            headers: { 'Retry-After': '7' },
          }),
      ),
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query('x'),
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({
      reason: 'rate_limited',
      retryAfterSeconds: 7,
    });
    expect(error.message).toBe(
      "Prometheus 'main' is rate limiting requests (HTTP 429); retry after 7 s",
    );
  });

  it('explains a non-JSON 502 from a proxy', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.html(
          '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>',
          { status: 502 },
        ),
      ),
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query('x'),
    );
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({
      reason: 'server_error',
      upstreamStatus: 502,
    });
    expect(error.message).toBe(
      "Prometheus 'main' answered HTTP 502 with a body that is not Prometheus JSON (text/html): 502 Bad Gateway 502 Bad Gateway nginx",
    );
  });

  it('explains a 200 that is not Prometheus JSON (e.g. a login page)', async () => {
    server.use(
      http.post(`${BASE}/api/v1/query`, () =>
        HttpResponse.html('<p>Please sign in</p>'),
      ),
    );
    const error = await caught(
      PrometheusClient.fromConfig(instance()).query('x'),
    );
    expect(error).toMatchObject({
      reason: 'bad_response',
      upstreamStatus: 200,
    });
    expect(error.message).toContain(
      'answered HTTP 200 with a body that is not Prometheus JSON',
    );
  });

  it('points at baseUrl on a plain 404, logging the address without showing it', async () => {
    server.use(
      http.post(
        `${BASE}/api/v1/query`,
        () => new HttpResponse('404 page not found', { status: 404 }),
      ),
    );
    const { logger, lines } = capturingLogger();
    const error = await caught(
      PrometheusClient.fromConfig(instance(), { logger }).query('x'),
    );
    expect(error).toMatchObject({ reason: 'not_found', upstreamStatus: 404 });
    expect(error.message).toBe(
      "Prometheus 'main' has no /api/v1/query (HTTP 404); check baseUrl (Mimir serves the Prometheus API under /prometheus)",
    );
    expect(lines.join('\n')).toContain(
      `has no /api/v1/query at ${BASE} (HTTP 404)`,
    );
  });

  it('refuses to follow a redirect that would turn the POST into a GET', async () => {
    server.use(
      http.post(
        `${BASE}/api/v1/query`,
        () =>
          new HttpResponse(null, {
            status: 302,
            headers: { Location: 'https://sso.example.com/login?token=abc' },
          }),
      ),
    );
    const { logger, lines } = capturingLogger();
    const error = await caught(
      PrometheusClient.fromConfig(instance(), { logger }).query('x'),
    );
    expect(error).toMatchObject({
      reason: 'bad_response',
      upstreamStatus: 302,
    });
    // Where it points may be another internal address: logged, not shown.
    expect(error.message).toBe(
      "Prometheus 'main' redirected /api/v1/query (HTTP 302); set baseUrl to the final address",
    );
    expect(lines.join('\n')).toContain(
      'set baseUrl to the final address to https://sso.example.com/login',
    );
    expect(lines.join('\n')).not.toContain('token=abc');
  });

  it('reports a refused connection with the code, and logs the address', async () => {
    const port = await closedPort();
    const baseUrl = `http://127.0.0.1:${port}`;
    server.use(http.all(`${baseUrl}/*`, () => passthrough()));
    const { logger, lines } = capturingLogger();

    const error = await caught(
      PrometheusClient.fromConfig(instance({ baseUrl }), { logger }).query(
        'up',
      ),
    );

    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ reason: 'unreachable', instance: 'main' });
    expect(error.message).toBe(
      "Could not reach Prometheus 'main': ECONNREFUSED",
    );
    expect(lines.join('\n')).toContain(
      `Could not reach Prometheus 'main' at ${baseUrl}: ECONNREFUSED`,
    );
  });

  it('shows Prometheus errors without label sets, and logs them whole', async () => {
    answer(
      '/api/v1/query',
      {
        status: 'error',
        errorType: 'execution',
        error:
          'found duplicate series for the match group {service="payments", tenant="b"} on the right hand-side of the operation: [{__name__="x", service="payments"}, {__name__="x", service="payments", a="}"}];many-to-many matching not allowed: matching labels must be unique on one side',
      },
      { status: 422 },
    );
    const { logger, lines } = capturingLogger();
    const error = await caught(
      PrometheusClient.fromConfig(instance(), { logger }).query(
        'a{service="checkout"} / on (x) b',
      ),
    );
    expect(error).toBeInstanceOf(PrometheusQueryError);
    expect(error.message).toBe(
      'Prometheus \'main\' could not execute the query: found duplicate series for the match group {…} on the right hand-side of the operation: [{…}, {…}];many-to-many matching not allowed: matching labels must be unique on one side. Query: a{service="checkout"} / on (x) b',
    );
    expect(error).toMatchObject({
      detail: expect.not.stringContaining('payments'),
    });
    expect(lines.join('\n')).toContain(
      'match group {service="payments", tenant="b"} on the right',
    );
  });

  it('gives up after timeoutMs when Prometheus does not answer', async () => {
    answer('/api/v1/query', emptyVector, { delayMs: 2_000 });
    const started = Date.now();

    const error = await caught(
      PrometheusClient.fromConfig(instance({ timeoutMs: 100 })).query('up'),
    );

    expect(Date.now() - started).toBeLessThan(1_500);
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(error.message).toBe(
      "Prometheus 'main' did not answer within 100 ms",
    );
  });
});

describe('PrometheusClient coalescing', () => {
  it('shares one request between identical concurrent calls', async () => {
    const seen = answer('/api/v1/query', emptyVector, { delayMs: 50 });
    const client = PrometheusClient.fromConfig(instance());

    const a = client.query('sum(up)', T0);
    const b = client.query('sum(up)', T0);
    const c = client.query('sum(up)', T0 + 60);

    expect(b).toBe(a);
    expect(c).not.toBe(a);
    await Promise.all([a, b, c]);
    expect(seen).toHaveLength(2);

    // Settled requests are forgotten: the next identical call asks again.
    await client.query('sum(up)', T0);
    expect(seen).toHaveLength(3);
  });

  it('shares range queries that align to the same range', async () => {
    const seen = answer(
      '/api/v1/query_range',
      { status: 'success', data: { resultType: 'matrix', result: [] } },
      { delayMs: 50 },
    );
    const client = PrometheusClient.fromConfig(instance());
    const a = client.queryRange('up', {
      start: T0 - 86_400 + 1,
      end: T0 + 1,
      step: 3600,
    });
    const b = client.queryRange('up', {
      start: T0 - 86_400 + 30,
      end: T0 + 30,
      step: 3600,
    });
    expect(b).toBe(a);
    await a;
    expect(seen).toHaveLength(1);
  });

  it('treats match[] in any order as the same label values request', async () => {
    const seen = answer(
      '/api/v1/label/job/values',
      { status: 'success', data: ['a'] },
      { delayMs: 50 },
    );
    const client = PrometheusClient.fromConfig(instance());
    const a = client.labelValues('job', {
      match: ['up', 'process_start_time_seconds'],
    });
    const b = client.labelValues('job', {
      match: ['process_start_time_seconds', 'up'],
    });
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(seen).toHaveLength(1);
  });

  it('shares failures too, then forgets them', async () => {
    const seen = answer(
      '/api/v1/query',
      { status: 'error', errorType: 'bad_data', error: 'parse error' },
      { status: 400, delayMs: 50 },
    );
    const client = PrometheusClient.fromConfig(instance());
    const a = client.query('sum(');
    const b = client.query('sum(');
    expect(b).toBe(a);
    await expect(a).rejects.toBeInstanceOf(PrometheusQueryError);
    await expect(b).rejects.toBeInstanceOf(PrometheusQueryError);
    expect(seen).toHaveLength(1);

    await expect(client.query('sum(')).rejects.toBeInstanceOf(
      PrometheusQueryError,
    );
    expect(seen).toHaveLength(2);
  });

  it('does not share between instances', async () => {
    const seen = answer('/api/v1/query', emptyVector, { delayMs: 20 });
    const one = PrometheusClient.fromConfig(instance());
    const two = PrometheusClient.fromConfig(instance({ name: 'other' }));
    await Promise.all([one.query('up', T0), two.query('up', T0)]);
    expect(seen).toHaveLength(2);
  });
});

describe('PrometheusClient logging', () => {
  it('logs requests under a child logger, without credentials', async () => {
    answer('/api/v1/query', emptyVector);
    const { logger, lines } = capturingLogger();
    await PrometheusClient.fromConfig(
      instance({
        auth: {
          type: 'basic',
          username: 'backstage',
          password: 'hunter2-password',
        },
        headers: { 'X-Scope-OrgID': 'tenant-1' },
      }),
      { logger },
    ).query('up');

    expect(lines[0]).toBe('child {"prometheus":"main"}');
    expect(lines[1]).toMatch(/^POST \/api\/v1\/query answered 200 in \d+ ms/);
    const all = lines.join('\n');
    expect(all).not.toContain('hunter2-password');
    expect(all).not.toContain(
      Buffer.from('backstage:hunter2-password').toString('base64'),
    );
  });
});

/** A loopback port nothing listens on (bound, then released). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
  const address = srv.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  await new Promise<void>(resolve => srv.close(() => resolve()));
  return address.port;
}

describe('PrometheusClient ping', () => {
  it('sends the instant query 1 with the credentials and a short timeout', async () => {
    const seen = answer('/api/v1/query', {
      status: 'success',
      data: { resultType: 'scalar', result: [T0, '1'] },
    });
    await PrometheusClient.fromConfig(
      instance({ auth: { type: 'bearer', token: TOKEN } }),
    ).ping(2000);
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('POST');
    expect(Object.fromEntries(seen[0].form)).toEqual({
      query: '1',
      // 2 s probe limit, 10% margin.
      timeout: '1.8',
    });
    expect(seen[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('gives up after its own limit, not the instance timeout', async () => {
    answer('/api/v1/query', emptyVector, { delayMs: 2000 });
    const error = await caught(
      PrometheusClient.fromConfig(instance({ timeoutMs: 30_000 })).ping(100),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ reason: 'timeout' });
    expect(error.message).toBe(
      "Prometheus 'main' did not answer within 100 ms",
    );
  });

  it('fails like a query when the credentials are refused', async () => {
    answer('/api/v1/query', { status: 'error' }, { status: 401 });
    const error = await caught(
      PrometheusClient.fromConfig(instance()).ping(2000),
    );
    expect(error).toMatchObject({ reason: 'auth' });
  });
});

describe('PrometheusClient series', () => {
  const checkout = {
    __name__: 'http_server_requests_total',
    service: 'checkout',
    code: '200',
  };

  it('asks with GET, repeated match[], a time range and a limit', async () => {
    const seen = answer('/api/v1/series', {
      status: 'success',
      data: [checkout, { ...checkout, code: '500' }],
    });
    const client = PrometheusClient.fromConfig(
      instance({ auth: { type: 'bearer', token: TOKEN } }),
    );

    const result = await client.series(
      ['http_server_requests_total{service="checkout"}', 'up'],
      { start: T0 - 3600, end: T0, limit: 200 },
    );

    expect(result).toEqual({
      series: [checkout, { ...checkout, code: '500' }],
      warnings: [],
      infos: [],
    });
    expect(seen).toHaveLength(1);
    expect(seen[0].method).toBe('GET');
    expect(seen[0].contentType).toBeNull();
    expect(seen[0].url.searchParams.getAll('match[]')).toEqual([
      'http_server_requests_total{service="checkout"}',
      'up',
    ]);
    expect(seen[0].url.searchParams.get('start')).toBe(String(T0 - 3600));
    expect(seen[0].url.searchParams.get('end')).toBe(String(T0));
    expect(seen[0].url.searchParams.get('limit')).toBe('200');
    expect(seen[0].headers.get('authorization')).toBe(`Bearer ${TOKEN}`);
  });

  it('reads null as no series and keeps the truncation warning', async () => {
    answer('/api/v1/series', {
      status: 'success',
      data: null,
      warnings: ['results truncated due to limit'],
    });
    await expect(
      PrometheusClient.fromConfig(instance()).series('up', { limit: 1 }),
    ).resolves.toEqual({
      series: [],
      warnings: ['results truncated due to limit'],
      infos: [],
    });
  });

  it('treats a series answer of the wrong shape as a bad response', async () => {
    answer('/api/v1/series', { status: 'success', data: [{ job: 1 }] });
    const error = await caught(
      PrometheusClient.fromConfig(instance()).series('up'),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ reason: 'bad_response' });
  });

  it.each([
    ['no selector', (c: PrometheusClient) => c.series([])],
    ['an empty selector', (c: PrometheusClient) => c.series(' ')],
    [
      'a negative limit',
      (c: PrometheusClient) => c.series('up', { limit: -1 }),
    ],
    [
      'a start in milliseconds',
      (c: PrometheusClient) => c.series('up', { start: Date.now() }),
    ],
  ])('rejects %s with an InputError before any request', async (_, call) => {
    const client = PrometheusClient.fromConfig(instance());
    await expect(call(client)).rejects.toBeInstanceOf(InputError);
  });

  it('fails like the other endpoints when the credentials are refused', async () => {
    answer('/api/v1/series', { status: 'error' }, { status: 403 });
    const error = await caught(
      PrometheusClient.fromConfig(instance()).series('up'),
    );
    expect(error).toBeInstanceOf(PrometheusUnavailableError);
    expect(error).toMatchObject({ reason: 'auth', instance: 'main' });
    expect(error.message).toContain('refused the configured credentials');
  });

  it('reports a refused connection as unreachable', async () => {
    const client = PrometheusClient.fromConfig(instance(), {
      fetch: async () => {
        throw Object.assign(new TypeError('fetch failed'), {
          cause: Object.assign(new Error('connect ECONNREFUSED'), {
            code: 'ECONNREFUSED',
          }),
        });
      },
    });
    const error = await caught(client.series('up'));
    expect(error).toMatchObject({ reason: 'unreachable' });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('shares identical concurrent lookups, match[] in any order', async () => {
    const seen = answer(
      '/api/v1/series',
      { status: 'success', data: [] },
      { delayMs: 50 },
    );
    const client = PrometheusClient.fromConfig(instance());
    const a = client.series(['up', 'process_start_time_seconds'], { limit: 5 });
    const b = client.series(['process_start_time_seconds', 'up'], { limit: 5 });
    expect(b).toBe(a);
    await Promise.all([a, b]);
    expect(seen).toHaveLength(1);
  });

  it('records its duration and failures under the series endpoint', async () => {
    const prometheusRequest = jest.fn();
    const telemetry = { prometheusRequest } as unknown as MetricsTelemetry;
    answer('/api/v1/series', { status: 'error' }, { status: 401 });
    const client = PrometheusClient.fromConfig(instance(), { telemetry });
    await caught(client.series('up'));
    expect(prometheusRequest).toHaveBeenCalledWith(
      expect.objectContaining({
        instance: 'main',
        endpoint: 'series',
        error: 'auth',
      }),
    );
  });
});
