import { ResponseError } from '@backstage/errors';
import { MockFetchApi, registerMswTestHooks } from '@backstage/test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MetricsClient } from './MetricsClient';

const baseUrl = 'http://backstage.test/api/metrics';

const server = setupServer();
registerMswTestHooks(server);

function client() {
  const discoveryApi = { getBaseUrl: jest.fn(async () => baseUrl) };
  const mockFetch = new MockFetchApi();
  const fetchApi = { fetch: jest.fn(mockFetch.fetch) };
  return {
    client: new MetricsClient({ discoveryApi, fetchApi }),
    discoveryApi,
    fetchApi,
  };
}

describe('MetricsClient', () => {
  it('gets <baseUrl>/v1/sources through the given fetchApi', async () => {
    const items = [{ id: 'prometheus:main', type: 'prometheus', default: true }];
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
});
