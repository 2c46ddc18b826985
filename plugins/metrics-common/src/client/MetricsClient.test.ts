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

    expect(requests).toEqual([
      `${baseUrl}/v1/entities/Component/default/checkout?range=7d`,
      `${baseUrl}/v1/entities/Component/default/checkout?range=1d&end=2025-03-01T12%3A00%3A00.000Z`,
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
});
