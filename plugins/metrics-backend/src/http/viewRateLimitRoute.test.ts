import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startMetricsTestBackend } from '../__testUtils__/metricsTestBackend';

describe('the view rate limit on the router', () => {
  let backend: Awaited<ReturnType<typeof startMetricsTestBackend>>;
  beforeAll(async () => {
    backend = await startMetricsTestBackend({
      limits: { viewRequestsPerMinute: 2 },
    });
  });
  afterAll(() => backend.stop());

  it('answers 429 in the standard error body with Retry-After once a requester asked too often', async () => {
    const ask = (user: string) =>
      request(backend.server)
        .get('/api/metrics/v1/groups/default/checkout')
        .set('Authorization', mockCredentials.user.header(user));
    expect((await ask('user:default/ada')).status).toBe(200);
    expect((await ask('user:default/ada')).status).toBe(200);
    const refused = await ask('user:default/ada');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringContaining(
          'at most 2 per minute per requester (metrics.limits.viewRequestsPerMinute)',
        ),
      },
      response: { statusCode: 429 },
    });
    // Another requester is not affected.
    expect((await ask('user:default/bob')).status).toBe(200);
  });
});
