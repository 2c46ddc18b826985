import { ResponseError } from '@backstage/errors';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MetricsClient } from './MetricsClient';

const baseUrl = 'http://backstage.test/api/metrics';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client() {
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const fetchApi = {
    fetch: jest.fn((input: string, init?: RequestInit) => fetch(input, init)),
  };
  return {
    client: new MetricsClient({ discoveryApi, fetchApi }),
    discoveryApi,
    fetchApi,
  };
}

describe('MetricsClient', () => {
  it('gets <baseUrl>/v1/sources through the given fetchApi', async () => {
    const items = [
      { id: 'prometheus:main', type: 'prometheus', default: true },
    ];
    const body = { items };
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/sources`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json(body);
      }),
    );
    const { client: metrics, discoveryApi, fetchApi } = client();

    await expect(metrics.getSources()).resolves.toEqual(items);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('metrics');
    expect(fetchApi.fetch).toHaveBeenCalledTimes(1);
    expect(fetchApi.fetch).toHaveBeenCalledWith(`${baseUrl}/v1/sources`);
    expect(requests).toEqual([`${baseUrl}/v1/sources`]);
  });

  it('throws a ResponseError on a 500', async () => {
    server.use(
      http.get(`${baseUrl}/v1/sources`, () =>
        HttpResponse.json(
          {
            error: { name: 'Error', message: 'prometheus exploded' },
            request: { method: 'GET', url: '/v1/sources' },
            response: { statusCode: 500 },
          },
          { status: 500 },
        ),
      ),
    );
    const { client: metrics } = client();

    const error = await metrics.getSources().then(
      () => undefined,
      e => e,
    );
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(500);
    expect(error.message).toContain('500');
    expect(error.body.error.message).toBe('prometheus exploded');
    expect(error.cause.message).toBe('prometheus exploded');
  });

  it('throws a ResponseError on a non-JSON error response', async () => {
    server.use(
      http.get(
        `${baseUrl}/v1/sources`,
        () => new HttpResponse('Bad gateway', { status: 502 }),
      ),
    );
    const { client: metrics } = client();

    await expect(metrics.getSources()).rejects.toBeInstanceOf(ResponseError);
  });

  it('gets the entity view with the range, and the end when given', async () => {
    const requests: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name`,
        ({ request }) => {
          requests.push(request.url);
          return HttpResponse.json({ entityRef: 'component:default/checkout' });
        },
      ),
    );
    const { client: metrics } = client();
    const ref = { kind: 'Component', namespace: 'default', name: 'checkout' };

    await expect(metrics.getEntityView(ref, { range: '7d' })).resolves.toEqual({
      entityRef: 'component:default/checkout',
    });
    await metrics.getEntityView(ref, {
      range: '1d',
      end: new Date('2025-03-01T12:00:00.000Z'),
    });
    await metrics.getEntityView(ref, { range: '7d', compare: 'previous' });

    expect(requests).toEqual([
      `${baseUrl}/v1/entities/Component/default/checkout?range=7d`,
      `${baseUrl}/v1/entities/Component/default/checkout?range=1d&end=2025-03-01T12%3A00%3A00.000Z`,
      `${baseUrl}/v1/entities/Component/default/checkout?range=7d&compare=previous`,
    ]);
  });

  it('gets the configuration check of an entity, the path escaped', async () => {
    const requests: string[] = [];
    server.use(
      http.get(
        `${baseUrl}/v1/entities/:kind/:namespace/:name/configuration-check`,
        ({ request }) => {
          requests.push(request.url);
          return HttpResponse.json({
            entityRef: 'component:default/a b',
            status: 'checked',
            checks: [],
          });
        },
      ),
    );
    const { client: metrics } = client();
    await expect(
      metrics.getConfigurationCheck({
        kind: 'Component',
        namespace: 'default',
        name: 'a b',
      }),
    ).resolves.toEqual({
      entityRef: 'component:default/a b',
      status: 'checked',
      checks: [],
    });
    expect(requests).toEqual([
      `${baseUrl}/v1/entities/Component/default/a%20b/configuration-check`,
    ]);
  });

  it('gets the group view and escapes the path', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/groups/:namespace/:name`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({ entityRef: 'group:default/a b' });
      }),
    );
    const { client: metrics } = client();

    await metrics.getGroupView(
      { kind: 'Group', namespace: 'default', name: 'a b' },
      { range: '28d' },
    );

    expect(requests).toEqual([`${baseUrl}/v1/groups/default/a%20b?range=28d`]);
  });

  it('gets the TV view of a group and escapes the path', async () => {
    const requests: string[] = [];
    server.use(
      http.get(`${baseUrl}/v1/groups/:namespace/:name/tv`, ({ request }) => {
        requests.push(request.url);
        return HttpResponse.json({ entityRef: 'group:default/a b' });
      }),
    );
    const { client: metrics } = client();

    await metrics.getGroupTvView(
      { kind: 'Group', namespace: 'default', name: 'a b' },
      { range: '7d' },
    );

    expect(requests).toEqual([
      `${baseUrl}/v1/groups/default/a%20b/tv?range=7d`,
    ]);
  });

  it('throws a ResponseError when the entity is not found', async () => {
    server.use(
      http.get(`${baseUrl}/v1/entities/:kind/:namespace/:name`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No entity found' },
            request: { method: 'GET', url: '/v1/entities/component/default/x' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const { client: metrics } = client();

    const error = await metrics
      .getEntityView(
        { kind: 'component', namespace: 'default', name: 'x' },
        { range: '7d' },
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
  });

  describe('team endpoints', () => {
    const team = { kind: 'group', namespace: 'default', name: 'a b' };
    const goal = {
      id: 'g1',
      teamRef: 'group:default/a b',
      metric: { entityRef: 'component:default/checkout', metricId: 'slo:x' },
      status: 'open',
    };

    /** Captures each request's method, URL and parsed body. */
    function capture() {
      const seen: Array<{
        method: string;
        url: string;
        body?: unknown;
        contentType?: string | null;
      }> = [];
      const record = async (request: Request) => {
        const text = await request.text();
        seen.push({
          method: request.method,
          url: request.url,
          ...(text
            ? {
                body: JSON.parse(text),
                contentType: request.headers.get('content-type'),
              }
            : {}),
        });
      };
      return { seen, record };
    }

    it('gets every team maturity and one team maturity', async () => {
      const { seen, record } = capture();
      server.use(
        http.get(`${baseUrl}/v1/maturity`, async ({ request }) => {
          await record(request);
          return HttpResponse.json({
            items: [{ entityRef: 'group:default/x' }],
          });
        }),
        http.get(
          `${baseUrl}/v1/maturity/:namespace/:name`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json({
              entityRef: 'group:default/a b',
              stage: 2,
            });
          },
        ),
      );
      const { client: metrics } = client();

      await expect(metrics.getMaturity()).resolves.toEqual({
        items: [{ entityRef: 'group:default/x' }],
      });
      await expect(metrics.getTeamMaturity(team)).resolves.toEqual({
        entityRef: 'group:default/a b',
        stage: 2,
      });
      expect(seen.map(s => s.url)).toEqual([
        `${baseUrl}/v1/maturity`,
        `${baseUrl}/v1/maturity/default/a%20b`,
      ]);
    });

    it('lists goals and reviews as their items', async () => {
      const review = { id: 'r1', week: '2026-11-16', decision: 'no-action' };
      const { seen, record } = capture();
      server.use(
        http.get(
          `${baseUrl}/v1/teams/:namespace/:name/goals`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json({ items: [goal] });
          },
        ),
        http.get(
          `${baseUrl}/v1/teams/:namespace/:name/reviews`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json({ items: [review] });
          },
        ),
      );
      const { client: metrics } = client();

      await expect(metrics.listGoals(team)).resolves.toEqual([goal]);
      await expect(metrics.listReviews(team)).resolves.toEqual([review]);
      expect(seen.map(s => `${s.method} ${s.url}`)).toEqual([
        `GET ${baseUrl}/v1/teams/default/a%20b/goals`,
        `GET ${baseUrl}/v1/teams/default/a%20b/reviews`,
      ]);
    });

    it('gets a metric value with the metric in the query, escaped', async () => {
      const { seen, record } = capture();
      server.use(
        http.get(
          `${baseUrl}/v1/teams/:namespace/:name/metric-value`,
          async ({ request }) => {
            await record(request);
            const url = new URL(request.url);
            return HttpResponse.json({
              metric: {
                entityRef: url.searchParams.get('entityRef'),
                metricId: url.searchParams.get('metricId'),
              },
              value: 0.99,
            });
          },
        ),
      );
      const { client: metrics } = client();
      const metric = {
        entityRef: 'component:default/checkout',
        metricId: 'integration:stripe & co',
      };

      await expect(metrics.getMetricValue(team, metric)).resolves.toEqual({
        metric,
        value: 0.99,
      });
      expect(seen[0].url).toBe(
        `${baseUrl}/v1/teams/default/a%20b/metric-value?entityRef=component%3Adefault%2Fcheckout&metricId=integration%3Astripe+%26+co`,
      );
    });

    it('posts goals, follow-ups and reviews as JSON', async () => {
      const { seen, record } = capture();
      server.use(
        http.post(
          `${baseUrl}/v1/teams/:namespace/:name/goals`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json(goal, { status: 201 });
          },
        ),
        http.post(
          `${baseUrl}/v1/teams/:namespace/:name/goals/:goalId/follow-up`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json(
              { ...goal, status: 'met' },
              { status: 201 },
            );
          },
        ),
        http.post(
          `${baseUrl}/v1/teams/:namespace/:name/reviews`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json({ id: 'r1' }, { status: 201 });
          },
        ),
      );
      const { client: metrics } = client();
      const createGoal = {
        metric: goal.metric,
        target: 0.999,
        dueDate: '2026-12-31',
      };
      const createReview = {
        metricsLookedAt: [goal.metric],
        decision: 'act' as const,
        actionText: 'Retry payments',
        linkedMetric: goal.metric,
      };

      await expect(metrics.createGoal(team, createGoal)).resolves.toEqual(goal);
      await expect(
        metrics.createFollowUp(team, 'g/1', { met: true }),
      ).resolves.toEqual({ ...goal, status: 'met' });
      await expect(metrics.createReview(team, createReview)).resolves.toEqual({
        id: 'r1',
      });

      const json = 'application/json';
      expect(seen).toEqual([
        {
          method: 'POST',
          url: `${baseUrl}/v1/teams/default/a%20b/goals`,
          body: createGoal,
          contentType: json,
        },
        {
          method: 'POST',
          url: `${baseUrl}/v1/teams/default/a%20b/goals/g%2F1/follow-up`,
          body: { met: true },
          contentType: json,
        },
        {
          method: 'POST',
          url: `${baseUrl}/v1/teams/default/a%20b/reviews`,
          body: createReview,
          contentType: json,
        },
      ]);
    });

    it('gets, puts and deletes the north star', async () => {
      const { seen, record } = capture();
      const view = { metric: goal.metric, name: 'Logins', trend: [] };
      server.use(
        http.get(`${baseUrl}/v1/teams/:namespace/:name/north-star`, () =>
          HttpResponse.json(null),
        ),
        http.put(
          `${baseUrl}/v1/teams/:namespace/:name/north-star`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json(view);
          },
        ),
        http.delete(
          `${baseUrl}/v1/teams/:namespace/:name/north-star`,
          async ({ request }) => {
            await record(request);
            return new HttpResponse(null, { status: 204 });
          },
        ),
      );
      const { client: metrics } = client();
      await expect(metrics.getNorthStar(team)).resolves.toBeNull();
      await expect(
        metrics.setNorthStar(team, { metric: goal.metric }),
      ).resolves.toEqual(view);
      await expect(metrics.clearNorthStar(team)).resolves.toBeUndefined();
      expect(seen).toEqual([
        {
          method: 'PUT',
          url: `${baseUrl}/v1/teams/default/a%20b/north-star`,
          body: { metric: goal.metric },
          contentType: 'application/json',
        },
        {
          method: 'DELETE',
          url: `${baseUrl}/v1/teams/default/a%20b/north-star`,
        },
      ]);
    });

    it('throws a ResponseError when clearing the north star is refused', async () => {
      server.use(
        http.delete(`${baseUrl}/v1/teams/:namespace/:name/north-star`, () =>
          HttpResponse.json(
            { error: { name: 'NotAllowedError', message: 'no' } },
            { status: 403 },
          ),
        ),
      );
      const { client: metrics } = client();
      const error = await metrics.clearNorthStar(team).catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
    });

    it('edits, withdraws and reads the history of goals, follow-ups and reviews', async () => {
      const { seen, record } = capture();
      server.use(
        http.all(
          `${baseUrl}/v1/teams/:namespace/:name/*`,
          async ({ request }) => {
            await record(request);
            return HttpResponse.json(
              request.url.includes('/history')
                ? { items: [{ revision: 1 }] }
                : { id: 'x' },
            );
          },
        ),
      );
      const { client: metrics } = client();
      await metrics.updateGoal(team, 'g/1', { target: 0.99, revision: 2 });
      await metrics.withdrawGoal(team, 'g/1', { revision: 3, reason: 'Typo' });
      await metrics.updateFollowUp(team, 'g/1', { met: false, revision: 1 });
      await metrics.withdrawFollowUp(team, 'g/1', { revision: 2 });
      await metrics.updateReview(team, 'r1', {
        decision: 'act',
        actionText: 'Retry',
        revision: 1,
      });
      await metrics.withdrawReview(team, 'r1', { revision: 2 });
      await expect(metrics.getGoalHistory(team, 'g/1')).resolves.toEqual([
        { revision: 1 },
      ]);
      await expect(metrics.getReviewHistory(team, 'r1')).resolves.toEqual([
        { revision: 1 },
      ]);
      await metrics.listGoals(team, { includeWithdrawn: true });
      await metrics.listReviews(team, { includeWithdrawn: true });

      const goalUrl = `${baseUrl}/v1/teams/default/a%20b/goals/g%2F1`;
      const reviewUrl = `${baseUrl}/v1/teams/default/a%20b/reviews/r1`;
      expect(seen.map(r => [r.method, r.url, r.body])).toEqual([
        ['PUT', goalUrl, { target: 0.99, revision: 2 }],
        ['DELETE', goalUrl, { revision: 3, reason: 'Typo' }],
        ['PUT', `${goalUrl}/follow-up`, { met: false, revision: 1 }],
        ['DELETE', `${goalUrl}/follow-up`, { revision: 2 }],
        [
          'PUT',
          reviewUrl,
          { decision: 'act', actionText: 'Retry', revision: 1 },
        ],
        ['DELETE', reviewUrl, { revision: 2 }],
        ['GET', `${goalUrl}/history`, undefined],
        ['GET', `${reviewUrl}/history`, undefined],
        [
          'GET',
          `${baseUrl}/v1/teams/default/a%20b/goals?include=withdrawn`,
          undefined,
        ],
        [
          'GET',
          `${baseUrl}/v1/teams/default/a%20b/reviews?include=withdrawn`,
          undefined,
        ],
      ]);
    });

    it('throws a ResponseError with the server error on a rejected post', async () => {
      server.use(
        http.post(`${baseUrl}/v1/teams/:namespace/:name/reviews`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'NotAllowedError',
                message:
                  'Only members of group:default/a b and admins can record its reviews',
              },
              request: {
                method: 'POST',
                url: '/v1/teams/default/a%20b/reviews',
              },
              response: { statusCode: 403 },
            },
            { status: 403 },
          ),
        ),
      );
      const { client: metrics } = client();

      const error = await metrics
        .createReview(team, { metricsLookedAt: [], decision: 'no-action' })
        .catch(e => e);
      expect(error).toBeInstanceOf(ResponseError);
      expect(error.statusCode).toBe(403);
      expect(error.body.error.message).toContain('can record its reviews');
    });
  });
});
