import { mockCredentials } from '@backstage/backend-test-utils';
import { TooManyRequestsError } from './httpErrors';
import { ViewRateLimit } from './viewRateLimit';

describe('ViewRateLimit', () => {
  it('lets a burst of perMinute through, then refuses with when to retry', () => {
    let now = 0;
    const limit = new ViewRateLimit(60, () => now);
    const ada = mockCredentials.user('user:default/ada');
    for (let i = 0; i < 60; i++) limit.take(ada);
    let error: any;
    try {
      limit.take(ada);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error.statusCode).toBe(429);
    expect(error.retryAfterSeconds).toBe(1);
    expect(error.message).toContain('metrics.limits.viewRequestsPerMinute');
    // Others are not affected.
    expect(() =>
      limit.take(mockCredentials.user('user:default/bob')),
    ).not.toThrow();
    // One request per second comes back.
    now += 1000;
    expect(() => limit.take(ada)).not.toThrow();
    expect(() => limit.take(ada)).toThrow(TooManyRequestsError);
  });
});
