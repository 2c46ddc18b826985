import {
  backoffSeconds,
  classifyResponse,
  nextDelaySeconds,
  parseRetryAfter,
} from './outcome';

const NOW = new Date('2026-12-03T10:00:00.000Z');

describe('classifyResponse', () => {
  it('delivers on 2xx', () => {
    expect(classifyResponse(200, null, NOW)).toEqual({
      kind: 'delivered',
      status: 'HTTP 200',
    });
    expect(classifyResponse(204, null, NOW).kind).toBe('delivered');
  });

  it('retries 408, 5xx and 429, the latter after its Retry-After', () => {
    expect(classifyResponse(500, null, NOW).kind).toBe('retry');
    expect(classifyResponse(503, null, NOW).kind).toBe('retry');
    expect(classifyResponse(408, null, NOW).kind).toBe('retry');
    expect(classifyResponse(429, '120', NOW)).toEqual({
      kind: 'retry',
      status: 'HTTP 429',
      retryAfterSeconds: 120,
    });
    expect(classifyResponse(429, null, NOW)).toEqual({
      kind: 'retry',
      status: 'HTTP 429',
    });
  });

  it('fails other 4xx at once', () => {
    expect(classifyResponse(400, null, NOW)).toEqual({
      kind: 'failed',
      status: 'HTTP 400',
    });
    expect(classifyResponse(404, null, NOW).kind).toBe('failed');
    expect(classifyResponse(403, null, NOW).kind).toBe('failed');
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('30', NOW)).toBe(30);
    expect(parseRetryAfter('Thu, 03 Dec 2026 10:01:00 GMT', NOW)).toBe(60);
    expect(parseRetryAfter('Thu, 03 Dec 2026 09:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });
});

describe('backoff', () => {
  it('doubles from the initial delay, capped at an hour', () => {
    expect([1, 2, 3, 4].map(n => backoffSeconds(n, 30))).toEqual([
      30, 60, 120, 240,
    ]);
    expect(backoffSeconds(12, 30)).toBe(3600);
  });

  it("prefers the receiver's Retry-After, also capped", () => {
    expect(
      nextDelaySeconds(
        { kind: 'retry', status: 'HTTP 429', retryAfterSeconds: 5 },
        3,
        30,
      ),
    ).toBe(5);
    expect(
      nextDelaySeconds(
        { kind: 'retry', status: 'HTTP 429', retryAfterSeconds: 86400 },
        1,
        30,
      ),
    ).toBe(3600);
    expect(nextDelaySeconds({ kind: 'retry', status: 'HTTP 500' }, 2, 30)).toBe(
      60,
    );
  });
});
