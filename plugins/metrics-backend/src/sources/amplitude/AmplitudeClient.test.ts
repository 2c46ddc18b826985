import { registerMswTestHooks } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  AmplitudeClient,
  AmplitudeClientOptions,
  AmplitudeClients,
  AmplitudeSegmentationQuery,
  formatAmplitudeDate,
  parseRetryAfter,
  parseSegmentationResponse,
} from './AmplitudeClient';
import { readAmplitudeConfig } from './config';

const server = setupServer();
registerMswTestHooks(server);

const API_KEY = 'api-key-123';
const SECRET_KEY = 'secret-key-456';
const AUTHORIZATION = `Basic ${Buffer.from(`${API_KEY}:${SECRET_KEY}`).toString(
  'base64',
)}`;
const US = 'https://amplitude.com/api/2/events/segmentation';
const EU = 'https://analytics.eu.amplitude.com/api/2/events/segmentation';

/** The valid mock from reference/slo-apis.md §C2. */
const DOCUMENTED_BODY = {
  data: {
    series: [
      [120, 131, 98],
      [7, 4, 12],
    ],
    seriesLabels: [
      [0, 'github'],
      [0, 'jira'],
    ],
    seriesCollapsed: [[{ setId: '', value: 349 }], [{ setId: '', value: 23 }]],
    xValues: ['2025-01-01', '2025-01-02', '2025-01-03'],
  },
};

/** The request example from reference/slo-apis.md §C2, byte for byte. */
const DOCUMENTED_QUERY_STRING =
  'e=%7B%22event_type%22%3A%22Integration%20Sync%20Completed%22%2C%22group_by%22%3A%5B%7B%22type%22%3A%22event%22%2C%22value%22%3A%22integration%22%7D%5D%7D&m=totals&start=20250101&end=20250107&i=1&limit=1000';

const DOCUMENTED_QUERY: AmplitudeSegmentationQuery = {
  event: {
    event_type: 'Integration Sync Completed',
    group_by: [{ type: 'event', value: 'integration' }],
  },
  metric: 'totals',
  start: new Date('2025-01-01T00:00:00Z'),
  end: new Date('2025-01-07T12:00:00Z'),
  interval: 1,
  limit: 1000,
};

function projectConfig(extra: JsonObject = {}) {
  return readAmplitudeConfig(
    new ConfigReader({
      metrics: {
        amplitude: {
          projects: [
            { name: 'app', apiKey: API_KEY, secretKey: SECRET_KEY, ...extra },
          ],
        },
      },
    }),
  ).projects[0];
}

/** A client whose waits are recorded and skipped, so retry tests take no time. */
function makeClient(
  extra: JsonObject = {},
  options: AmplitudeClientOptions = {},
) {
  const sleeps: number[] = [];
  const client = new AmplitudeClient(projectConfig(extra), {
    sleep: async ms => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...options,
  });
  return { client, sleeps };
}

function query(eventType = 'Signed Up'): AmplitudeSegmentationQuery {
  return {
    event: { event_type: eventType },
    metric: 'totals',
    start: new Date('2025-01-01T00:00:00Z'),
    end: new Date('2025-01-03T00:00:00Z'),
  };
}

const okBody = {
  data: {
    series: [[1, 2, 3]],
    seriesLabels: [0],
    xValues: ['2025-01-01', '2025-01-02', '2025-01-03'],
  },
};

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

describe('AmplitudeClient.eventSegmentation', () => {
  it('sends the documented request and parses the documented response', async () => {
    const seen: Array<{ search: string; authorization: string | null }> = [];
    server.use(
      http.get(US, ({ request }) => {
        seen.push({
          search: new URL(request.url).search,
          authorization: request.headers.get('authorization'),
        });
        return HttpResponse.json(DOCUMENTED_BODY);
      }),
    );
    const { client } = makeClient();

    await expect(client.eventSegmentation(DOCUMENTED_QUERY)).resolves.toEqual({
      series: [
        [120, 131, 98],
        [7, 4, 12],
      ],
      seriesLabels: ['github', 'jira'],
      seriesCollapsed: [349, 23],
      xValues: ['2025-01-01', '2025-01-02', '2025-01-03'],
    });
    expect(seen).toEqual([
      { search: `?${DOCUMENTED_QUERY_STRING}`, authorization: AUTHORIZATION },
    ]);
  });

  it('encodes every parameter and sends dates in the project time zone', async () => {
    let params: URLSearchParams | undefined;
    server.use(
      http.get(EU, ({ request }) => {
        params = new URL(request.url).searchParams;
        return HttpResponse.json(okBody);
      }),
    );
    const { client } = makeClient({
      baseUrl: 'https://analytics.eu.amplitude.com',
      timeZone: 'Europe/Berlin',
    });

    await client.eventSegmentation({
      event: {
        event_type: 'Play Song',
        filters: [
          {
            subprop_type: 'user',
            subprop_key: 'gp:plan',
            subprop_op: 'is not',
            subprop_value: ['free & trial'],
          },
        ],
        group_by: [
          { type: 'user', value: 'country' },
          { type: 'event', value: 'genre' },
        ],
      },
      event2: { event_type: '_active' },
      metric: 'formula',
      formula: 'TOTALS(A)/UNIQUES(B)',
      // 23:30 UTC is already the next day in Berlin.
      start: new Date('2025-01-01T23:30:00Z'),
      end: new Date('2025-01-02T10:00:00Z'),
      interval: -3600000,
      segments: [{ prop: 'platform', op: 'is', values: ['iOS', 'Android'] }],
      limit: 10,
    });

    expect(params && [...params.keys()]).toEqual([
      'e',
      'e2',
      'm',
      'formula',
      'start',
      'end',
      'i',
      's',
      'limit',
    ]);
    expect(JSON.parse(params!.get('e')!)).toEqual({
      event_type: 'Play Song',
      filters: [
        {
          subprop_type: 'user',
          subprop_key: 'gp:plan',
          subprop_op: 'is not',
          subprop_value: ['free & trial'],
        },
      ],
      group_by: [
        { type: 'user', value: 'country' },
        { type: 'event', value: 'genre' },
      ],
    });
    expect(JSON.parse(params!.get('e2')!)).toEqual({ event_type: '_active' });
    expect(params!.get('m')).toBe('formula');
    expect(params!.get('formula')).toBe('TOTALS(A)/UNIQUES(B)');
    expect(params!.get('start')).toBe('20250102');
    expect(params!.get('end')).toBe('20250102');
    expect(params!.get('i')).toBe('-3600000');
    expect(JSON.parse(params!.get('s')!)).toEqual([
      { prop: 'platform', op: 'is', values: ['iOS', 'Android'] },
    ]);
    expect(params!.get('limit')).toBe('10');
  });

  it('omits optional parameters and leaves Amplitude its defaults', async () => {
    let search = '';
    server.use(
      http.get(US, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(okBody);
      }),
    );
    const { client } = makeClient();
    await client.eventSegmentation({
      event: { event_type: '_all' },
      start: new Date('2025-03-01T00:00:00Z'),
      end: new Date('2025-03-01T00:00:00Z'),
    });
    expect(search).toBe(
      '?e=%7B%22event_type%22%3A%22_all%22%7D&start=20250301&end=20250301',
    );
  });

  it.each<[string, Partial<AmplitudeSegmentationQuery>, RegExp]>([
    [
      'an empty event type',
      { event: { event_type: ' ' } },
      /event\.event_type must be a non-empty string/,
    ],
    [
      'three group-bys',
      {
        event: {
          event_type: 'x',
          group_by: [
            { type: 'event', value: 'a' },
            { type: 'event', value: 'b' },
            { type: 'event', value: 'c' },
          ],
        },
      },
      /event\.group_by must be a list of at most 2/,
    ],
    [
      'start after end',
      { start: new Date('2025-02-01'), end: new Date('2025-01-01') },
      /start must not be after end/,
    ],
    [
      'an invalid date',
      { start: new Date('nope') },
      /start must be a valid date/,
    ],
    [
      'formula without its text',
      { metric: 'formula' },
      /formula must be a non-empty string/,
    ],
    [
      'formula text without the formula metric',
      { formula: 'UNIQUES(A)' },
      /only allowed with metric "formula"/,
    ],
    [
      'an unknown interval',
      { interval: 2 as never },
      /interval must be one of/,
    ],
    [
      'an unknown metric',
      { metric: 'median' as never },
      /metric must be one of/,
    ],
    [
      'a limit above 1000',
      { limit: 5000 },
      /limit must be a whole number from 1 to 1000/,
    ],
  ])(
    'rejects %s with an InputError and sends nothing',
    async (_, change, message) => {
      const { client } = makeClient();
      const error = await failure(
        client.eventSegmentation({ ...query(), ...change }),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(message);
    },
  );

  describe('rate limiting (429)', () => {
    it('waits for Retry-After seconds, then succeeds', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return calls === 1
            ? HttpResponse.json(
                { error: 'Exceeded concurrent limit' },
                { status: 429, headers: { 'Retry-After': '2' } },
              )
            : HttpResponse.json(okBody);
        }),
      );
      const { client, sleeps } = makeClient();
      await expect(client.eventSegmentation(query())).resolves.toMatchObject({
        series: [[1, 2, 3]],
      });
      expect(calls).toBe(2);
      expect(sleeps).toEqual([2000]);
    });

    it('understands an HTTP-date Retry-After', async () => {
      const now = Date.parse('2025-01-10T12:00:00Z');
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return calls === 1
            ? new HttpResponse('Too many requests', {
                status: 429,
                headers: { 'Retry-After': new Date(now + 3000).toUTCString() },
              })
            : HttpResponse.json(okBody);
        }),
      );
      const { client, sleeps } = makeClient({}, { now: () => now });
      await client.eventSegmentation(query());
      expect(sleeps).toEqual([3000]);
    });

    it('backs off exponentially without Retry-After and gives up after maxRetries', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return HttpResponse.json(
            { error: 'Exceeded rate limit with query of cost 40' },
            { status: 429 },
          );
        }),
      );
      const { client, sleeps } = makeClient();
      const error = await failure(client.eventSegmentation(query()));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "Amplitude project 'app' is rate limiting requests; try again in 8 s (Amplitude said: Exceeded rate limit with query of cost 40)",
      );
      expect(calls).toBe(4); // first attempt + 3 retries
      expect(sleeps).toEqual([1000, 2000, 4000]);
    });

    it('applies jitter and caps each delay', async () => {
      server.use(http.get(US, () => new HttpResponse(null, { status: 429 })));
      const { client, sleeps } = makeClient(
        {
          retry: {
            maxRetries: 5,
            maxWaitMs: 60000,
            initialDelayMs: 1000,
            maxDelayMs: 3000,
          },
        },
        { random: () => 0.9 },
      );
      await failure(client.eventSegmentation(query()));
      expect(sleeps).toEqual([1200, 2400, 3000, 3000, 3000]);
    });

    it('gives up at once when Retry-After exceeds the wait budget', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return new HttpResponse(null, {
            status: 429,
            headers: { 'Retry-After': '60' },
          });
        }),
      );
      const { client, sleeps } = makeClient();
      const error = await failure(client.eventSegmentation(query()));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "Amplitude project 'app' is rate limiting requests; try again in 60 s",
      );
      expect(calls).toBe(1);
      expect(sleeps).toEqual([]);
    });

    it('stops when the total wait would pass maxWaitMs', async () => {
      server.use(
        http.get(
          US,
          () =>
            new HttpResponse(null, {
              status: 429,
              headers: { 'Retry-After': '4' },
            }),
        ),
      );
      const { client, sleeps } = makeClient({
        retry: { maxRetries: 10, maxWaitMs: 10000 },
      });
      await failure(client.eventSegmentation(query()));
      expect(sleeps).toEqual([4000, 4000]);
    });

    it('does not retry when maxRetries is 0', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return new HttpResponse(null, { status: 429 });
        }),
      );
      const { client } = makeClient({ retry: { maxRetries: 0 } });
      const error = await failure(client.eventSegmentation(query()));
      expect(error.message).toMatch(
        /rate limiting requests; try again in 1 s$/,
      );
      expect(calls).toBe(1);
    });

    it('retries with real timers', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return calls < 3
            ? new HttpResponse(null, { status: 429 })
            : HttpResponse.json(okBody);
        }),
      );
      const client = new AmplitudeClient(
        projectConfig({ retry: { initialDelayMs: 5, maxDelayMs: 20 } }),
      );
      await expect(client.eventSegmentation(query())).resolves.toBeDefined();
      expect(calls).toBe(3);
    });
  });

  describe('concurrency', () => {
    it.each([
      [5, undefined],
      [2, 2],
    ])(
      'keeps at most %i requests in flight out of 12',
      async (limit, maxConcurrency) => {
        let inFlight = 0;
        let peak = 0;
        let total = 0;
        server.use(
          http.get(US, async () => {
            inFlight += 1;
            total += 1;
            peak = Math.max(peak, inFlight);
            await delay(20);
            inFlight -= 1;
            return HttpResponse.json(okBody);
          }),
        );
        const { client } = makeClient(maxConcurrency ? { maxConcurrency } : {});
        const results = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            client.eventSegmentation(query(`event ${i}`)),
          ),
        );
        expect(results).toHaveLength(12);
        expect(total).toBe(12);
        expect(peak).toBe(limit);
      },
    );

    it('frees the slot while a rate-limited request waits', async () => {
      let inFlight = 0;
      let peak = 0;
      const first = new Set<string>();
      server.use(
        http.get(US, async ({ request }) => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await delay(5);
          inFlight -= 1;
          const e = new URL(request.url).searchParams.get('e')!;
          if (!first.has(e)) {
            first.add(e);
            return new HttpResponse(null, {
              status: 429,
              headers: { 'Retry-After': '0' },
            });
          }
          return HttpResponse.json(okBody);
        }),
      );
      const client = new AmplitudeClient(projectConfig({ maxConcurrency: 1 }));
      await Promise.all([
        client.eventSegmentation(query('a')),
        client.eventSegmentation(query('b')),
      ]);
      expect(peak).toBe(1);
      expect(first.size).toBe(2);
    });

    it('frees the slot when a request fails', async () => {
      server.use(
        http.get(US, ({ request }) =>
          new URL(request.url).searchParams.get('e')!.includes('bad')
            ? HttpResponse.json({ error: 'bad event' }, { status: 400 })
            : HttpResponse.json(okBody),
        ),
      );
      const client = new AmplitudeClient(projectConfig({ maxConcurrency: 1 }));
      await expect(client.eventSegmentation(query('bad'))).rejects.toThrow();
      await expect(
        client.eventSegmentation(query('good')),
      ).resolves.toBeDefined();
    });
  });

  describe('coalescing', () => {
    it('shares one request between identical queries in flight', async () => {
      let calls = 0;
      server.use(
        http.get(US, async () => {
          calls += 1;
          await delay(10);
          return HttpResponse.json(okBody);
        }),
      );
      const { client } = makeClient();
      const a = client.eventSegmentation(query());
      const b = client.eventSegmentation({
        ...query(),
        start: new Date('2025-01-01T08:00:00Z'),
      });
      const other = client.eventSegmentation(query('Other'));
      expect(b).toBe(a); // same dates once formatted, so the same request
      expect(other).not.toBe(a);
      await Promise.all([a, b, other]);
      expect(calls).toBe(2);

      // Settled requests are not cached: a later identical query asks again.
      await client.eventSegmentation(query());
      expect(calls).toBe(3);
    });

    it('shares failures too and forgets them afterwards', async () => {
      let calls = 0;
      server.use(
        http.get(US, async () => {
          calls += 1;
          await delay(5);
          return calls === 1
            ? HttpResponse.json({ error: 'boom' }, { status: 500 })
            : HttpResponse.json(okBody);
        }),
      );
      const { client } = makeClient();
      const [a, b] = await Promise.allSettled([
        client.eventSegmentation(query()),
        client.eventSegmentation(query()),
      ]);
      expect(a.status).toBe('rejected');
      expect(b).toEqual(a);
      await expect(client.eventSegmentation(query())).resolves.toBeDefined();
      expect(calls).toBe(2);
    });

    it('does not share between projects', async () => {
      let calls = 0;
      server.use(
        http.get(US, () => {
          calls += 1;
          return HttpResponse.json(okBody);
        }),
      );
      const one = makeClient().client;
      const two = makeClient().client;
      await Promise.all([
        one.eventSegmentation(query()),
        two.eventSegmentation(query()),
      ]);
      expect(calls).toBe(2);
    });
  });

  describe('errors', () => {
    function respond(response: () => Response | Promise<Response>) {
      server.use(http.get(US, response));
    }

    it('turns a 400 into an InputError with Amplitude’s message', async () => {
      respond(() =>
        HttpResponse.json(
          { error: "Invalid JSON in parameter 'e'" },
          { status: 400 },
        ),
      );
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(
        "Amplitude project 'app' rejected the query: Invalid JSON in parameter 'e'",
      );
    });

    it('reads a 400 with a plain-text body', async () => {
      respond(
        () => new HttpResponse('Bad request: unknown metric', { status: 400 }),
      );
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toMatch(
        /rejected the query: Bad request: unknown metric$/,
      );
    });

    it('reads a 400 without a body', async () => {
      respond(() => new HttpResponse(null, { status: 400 }));
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error.message).toMatch(
        /rejected the query: HTTP 400 without an explanation$/,
      );
    });

    it.each([401, 403])(
      'reports refused credentials on %i without echoing secrets or the body',
      async status => {
        respond(() =>
          HttpResponse.json(
            { error: `Invalid api key ${API_KEY}` },
            { status },
          ),
        );
        const error = await failure(
          makeClient().client.eventSegmentation(query()),
        );
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error.message).toBe(
          `Amplitude project 'app' refused the configured credentials (HTTP ${status}); check its apiKey and secretKey in metrics.amplitude.projects`,
        );
        for (const secret of [API_KEY, SECRET_KEY, AUTHORIZATION.slice(6)]) {
          expect(error.message).not.toContain(secret);
          expect(JSON.stringify(error)).not.toContain(secret);
        }
      },
    );

    it.each([500, 502, 503, 504])(
      'turns %i into a ServiceUnavailableError',
      async status => {
        respond(() =>
          HttpResponse.json({ error: 'Internal error' }, { status }),
        );
        const error = await failure(
          makeClient().client.eventSegmentation(query()),
        );
        expect(error).toBeInstanceOf(ServiceUnavailableError);
        expect(error.message).toBe(
          `Amplitude project 'app' is unavailable (HTTP ${status}): Internal error`,
        );
      },
    );

    it('strips an HTML error page to one short line', async () => {
      respond(
        () =>
          new HttpResponse(
            `<html><body><h1>502 Bad Gateway</h1>${'x'.repeat(
              1000,
            )}</body></html>`,
            { status: 502, headers: { 'Content-Type': 'text/html' } },
          ),
      );
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error.message).toMatch(
        /^Amplitude project 'app' is unavailable \(HTTP 502\): 502 Bad Gateway x+…$/,
      );
      expect(error.message.length).toBeLessThan(400);
    });

    it('reports other statuses with the path', async () => {
      respond(() => new HttpResponse('Not Found', { status: 404 }));
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "Amplitude project 'app' answered HTTP 404 to /api/2/events/segmentation: Not Found",
      );
    });

    it.each([
      ['not JSON', () => new HttpResponse('<html>ok</html>', { status: 200 })],
      ['no data', () => HttpResponse.json({ series: [] })],
      [
        'series not numbers',
        () => HttpResponse.json({ data: { series: [['a']], xValues: [] } }),
      ],
      ['xValues missing', () => HttpResponse.json({ data: { series: [[1]] } })],
    ])('rejects a 200 with %s', async (_, response) => {
      respond(response);
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "Amplitude project 'app' returned a response that is not an event segmentation result",
      );
    });

    it('times out', async () => {
      respond(async () => {
        await delay(2000);
        return HttpResponse.json(okBody);
      });
      const { client } = makeClient({ timeoutMs: 50 });
      const started = Date.now();
      const error = await failure(client.eventSegmentation(query()));
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toBe(
        "Amplitude project 'app' did not answer within 50 ms",
      );
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('reports transport errors', async () => {
      respond(() => HttpResponse.error());
      const error = await failure(
        makeClient().client.eventSegmentation(query()),
      );
      expect(error).toBeInstanceOf(ServiceUnavailableError);
      expect(error.message).toMatch(
        /^Could not reach Amplitude project 'app' at https:\/\/amplitude\.com \(.+\)$/,
      );
    });
  });
});

describe('AmplitudeClients', () => {
  it('builds one client per configured project and names unknown ones', async () => {
    const config = readAmplitudeConfig(
      new ConfigReader({
        metrics: {
          amplitude: {
            projects: [
              { name: 'app', apiKey: 'a', secretKey: 'b' },
              {
                name: 'web',
                apiKey: 'c',
                secretKey: 'd',
                baseUrl: 'https://analytics.eu.amplitude.com',
              },
            ],
          },
        },
      }),
    );
    const clients = AmplitudeClients.fromConfig(config);
    expect(clients.names()).toEqual(['app', 'web']);
    expect(clients.has('web')).toBe(true);
    expect(clients.get('web').projectName).toBe('web');
    expect(() => clients.get('nope')).toThrow(NotFoundError);
    expect(() => clients.get('nope')).toThrow(
      "No Amplitude project named 'nope' is configured under metrics.amplitude.projects",
    );

    const auth: string[] = [];
    server.use(
      http.get(EU, ({ request }) => {
        auth.push(request.headers.get('authorization')!);
        return HttpResponse.json(okBody);
      }),
    );
    await clients.get('web').eventSegmentation(query());
    expect(auth).toEqual([`Basic ${Buffer.from('c:d').toString('base64')}`]);
  });
});

describe('helpers', () => {
  it('formats dates as YYYYMMDD in a time zone', () => {
    const instant = new Date('2025-12-31T23:30:00Z');
    expect(formatAmplitudeDate(instant, 'UTC')).toBe('20251231');
    expect(formatAmplitudeDate(instant, 'Europe/Berlin')).toBe('20260101');
    expect(formatAmplitudeDate(instant, 'America/Los_Angeles')).toBe(
      '20251231',
    );
  });

  it('parses Retry-After', () => {
    const now = Date.parse('2025-01-10T12:00:00Z');
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 10 Jan 2025 12:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Fri, 10 Jan 2025 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
  });

  it.each([
    ['strings', ['United States', 'Germany'], ['United States', 'Germany']],
    [
      'tuples',
      [
        [0, 'github'],
        [1, 'jira'],
      ],
      ['github', 'jira'],
    ],
    ['ungrouped numbers', [0], ['0']],
    ['ungrouped one-element arrays', [[0]], ['0']],
  ])('reads seriesLabels given as %s', (_, seriesLabels, expected) => {
    expect(
      parseSegmentationResponse({
        data: { series: [[1], [2]], seriesLabels, xValues: ['2025-01-01'] },
      })?.seriesLabels,
    ).toEqual(expected);
  });

  it('reads null points as 0 and numeric strings as numbers', () => {
    expect(
      parseSegmentationResponse({
        data: {
          series: [[null, '3', 2.5]],
          seriesLabels: [0],
          xValues: ['a', 'b', 'c'],
        },
      }),
    ).toEqual({
      series: [[0, 3, 2.5]],
      seriesLabels: ['0'],
      xValues: ['a', 'b', 'c'],
    });
  });
});
