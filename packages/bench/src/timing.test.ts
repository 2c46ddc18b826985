import { SourceLog, measure, median, timedFetch, unionMs } from './timing';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses no values', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('unionMs', () => {
  it('counts overlapping intervals once and adds disjoint ones', () => {
    expect(
      unionMs([
        { start: 0, end: 10 },
        { start: 5, end: 12 },
        { start: 20, end: 25 },
        { start: 21, end: 22 },
      ]),
    ).toBe(17);
  });

  it('is zero without intervals', () => {
    expect(unionMs([])).toBe(0);
  });

  it('does not depend on the order of the intervals', () => {
    expect(
      unionMs([
        { start: 30, end: 40 },
        { start: 0, end: 10 },
        { start: 10, end: 15 },
      ]),
    ).toBe(25);
  });
});

describe('timedFetch', () => {
  it('records a request until its body is read and returns the same answer', async () => {
    const log = new SourceLog();
    const inner: typeof fetch = async () =>
      new Response(JSON.stringify({ status: 'success' }), {
        status: 200,
        headers: { 'content-type': 'application/json' },
      });
    const res = await timedFetch(log, inner)('http://prom.test/api/v1/query');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ status: 'success' });
    const [interval, ...rest] = log.take();
    expect(rest).toEqual([]);
    expect(interval.source).toBe('prometheus');
    expect(interval.end).toBeGreaterThanOrEqual(interval.start);
  });

  it('records failed requests too', async () => {
    const log = new SourceLog();
    const inner: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(timedFetch(log, inner)('http://prom.test')).rejects.toThrow(
      'fetch failed',
    );
    expect(log.take()).toHaveLength(1);
  });
});

describe('measure', () => {
  it('splits the sources of one call and ignores requests made before it', async () => {
    const log = new SourceLog();
    log.record({ source: 'prometheus', start: 0, end: 1 });
    const { result, measurement } = await measure(log, async () => {
      log.record({ source: 'prometheus', start: 100, end: 120 });
      log.record({ source: 'prometheus', start: 110, end: 125 });
      log.record({ source: 'sql', start: 124, end: 130 });
      await log.time('sql', async () => {});
      return 'done';
    });
    expect(result).toBe('done');
    expect(measurement.prometheusRequests).toBe(2);
    expect(measurement.sqlQueries).toBe(2);
    // Concurrent requests overlap: 25 ms of Prometheus, not 35.
    expect(measurement.prometheusMs).toBe(25);
    expect(measurement.sourcesMs).toBeGreaterThanOrEqual(30);
    expect(measurement.sqlMs).toBeGreaterThanOrEqual(6);
    expect(measurement.totalMs).toBeGreaterThanOrEqual(0);
  });
});
