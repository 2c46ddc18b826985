import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ViewCache } from './viewCache';

const user = mockCredentials.user('user:default/ada');

function sharedStore() {
  const data = new Map<string, unknown>();
  return {
    data,
    cache: {
      get: jest.fn(async (key: string) => data.get(key) as any),
      set: jest.fn(async (key: string, value: unknown) => {
        data.set(key, value);
      }),
      delete: jest.fn(async (key: string) => {
        data.delete(key);
      }),
      withOptions: jest.fn(),
    },
  };
}

const config = {
  ttlMs: 30_000,
  maxEntries: 3,
  maxBytes: 1000,
  shared: false,
};

describe('ViewCache', () => {
  it('answers a repeated request from the cache, per requester', async () => {
    const cache = new ViewCache(mockServices.cache.mock(), { config });
    const compute = jest.fn(async () => ({ n: 1 }));
    await cache.getOrCompute(['entity', 'a'], user, compute);
    await cache.getOrCompute(['entity', 'a'], user, compute);
    await cache.getOrCompute(
      ['entity', 'a'],
      mockCredentials.user('user:default/bob'),
      compute,
    );
    expect(compute).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries answers, dropping the least recently used', async () => {
    const cache = new ViewCache(mockServices.cache.mock(), { config });
    for (let end = 0; end < 50; end++) {
      await cache.getOrCompute(['entity', 'a', end], user, async () => ({
        end,
      }));
    }
    expect(cache.size.entries).toBe(3);
  });

  it('keeps at most maxBytes of answers and never one larger than that', async () => {
    const cache = new ViewCache(mockServices.cache.mock(), {
      config: { ...config, maxEntries: 100 },
    });
    for (let end = 0; end < 20; end++) {
      await cache.getOrCompute(['entity', 'a', end], user, async () => ({
        text: 'x'.repeat(300),
      }));
    }
    expect(cache.size.bytes).toBeLessThanOrEqual(1000);
    expect(cache.size.entries).toBe(3);
    const huge = jest.fn(async () => ({ text: 'x'.repeat(5000) }));
    await cache.getOrCompute(['entity', 'huge'], user, huge);
    await cache.getOrCompute(['entity', 'huge'], user, huge);
    expect(huge).toHaveBeenCalledTimes(2);
  });

  it('with a shared store, writes there and deletes there what it evicts', async () => {
    const { data, cache: store } = sharedStore();
    const cache = new ViewCache(store as any, {
      config: { ...config, shared: true },
    });
    for (let end = 0; end < 10; end++) {
      await cache.getOrCompute(['entity', 'a', end], user, async () => ({
        end,
      }));
    }
    // Deletes are not awaited by the cache; let them run.
    await new Promise(resolve => setImmediate(resolve));
    expect(store.set).toHaveBeenCalledTimes(10);
    expect(data.size).toBe(3);

    // Another replica's answer is read from the shared store.
    const other = new ViewCache(store as any, {
      config: { ...config, shared: true },
    });
    const compute = jest.fn(async () => ({ end: -1 }));
    await expect(
      other.getOrCompute(['entity', 'a', 9], user, compute),
    ).resolves.toEqual({ end: 9 });
    expect(compute).not.toHaveBeenCalled();
  });

  it('without a shared store, never touches Backstage’s memory cache', async () => {
    const { cache: store } = sharedStore();
    const cache = new ViewCache(store as any, { config });
    await cache.getOrCompute(['entity', 'a'], user, async () => ({ n: 1 }));
    expect(store.set).not.toHaveBeenCalled();
    expect(store.get).not.toHaveBeenCalled();
  });

  describe('single-flight', () => {
    /** A computation that settles only when told to, counting how often it was started. */
    function gate() {
      let settle!: { resolve: (v: object) => void; reject: (e: Error) => void };
      const compute = jest.fn(
        () =>
          new Promise<object>((resolve, reject) => {
            settle = { resolve, reject };
          }),
      );
      return { compute, settle: () => settle };
    }
    const twenty = (
      cache: ViewCache,
      compute: () => Promise<object>,
      who = user,
    ) =>
      Array.from({ length: 20 }, () =>
        cache.getOrCompute(['entity', 'a', 60], who, compute),
      );

    it('computes 20 identical concurrent views once and gives all of them the answer', async () => {
      const cache = new ViewCache(mockServices.cache.mock(), { config });
      const { compute, settle } = gate();

      const answers = twenty(cache, compute);
      await new Promise(setImmediate);
      settle().resolve({ n: 1 });

      expect(await Promise.all(answers)).toEqual(
        Array.from({ length: 20 }, () => ({ n: 1 })),
      );
      expect(compute).toHaveBeenCalledTimes(1);
      // and the answer is then cached as before
      await cache.getOrCompute(['entity', 'a', 60], user, compute);
      expect(compute).toHaveBeenCalledTimes(1);
    });

    it('rejects every waiter of a failed flight, caches nothing, and computes again on the next request', async () => {
      const cache = new ViewCache(mockServices.cache.mock(), { config });
      const { compute, settle } = gate();

      const answers = twenty(cache, compute).map(p =>
        p.then(
          () => 'answered',
          (e: Error) => e.message,
        ),
      );
      await new Promise(setImmediate);
      settle().reject(new Error('Prometheus is down'));

      expect(await Promise.all(answers)).toEqual(
        Array.from({ length: 20 }, () => 'Prometheus is down'),
      );
      expect(compute).toHaveBeenCalledTimes(1);
      expect(cache.size.entries).toBe(0);

      const again = cache.getOrCompute(['entity', 'a', 60], user, compute);
      await new Promise(setImmediate);
      expect(compute).toHaveBeenCalledTimes(2);
      settle().resolve({ n: 2 });
      expect(await again).toEqual({ n: 2 });
    });

    it('does not share a flight between requesters', async () => {
      const cache = new ViewCache(mockServices.cache.mock(), { config });
      const ada = gate();
      const bob = gate();

      const adaAnswers = twenty(cache, ada.compute);
      const bobAnswers = twenty(
        cache,
        bob.compute,
        mockCredentials.user('user:default/bob'),
      );
      await new Promise(setImmediate);
      ada.settle().resolve({ who: 'ada' });
      bob.settle().resolve({ who: 'bob' });

      expect(
        new Set((await Promise.all(adaAnswers)).map(a => (a as any).who)),
      ).toEqual(new Set(['ada']));
      expect(
        new Set((await Promise.all(bobAnswers)).map(a => (a as any).who)),
      ).toEqual(new Set(['bob']));
      expect(ada.compute).toHaveBeenCalledTimes(1);
      expect(bob.compute).toHaveBeenCalledTimes(1);
    });

    it('does not share a flight between different requests of one requester', async () => {
      const cache = new ViewCache(mockServices.cache.mock(), { config });
      const compute = jest.fn(async () => ({ n: 1 }));
      await Promise.all([
        cache.getOrCompute(['entity', 'a', 60], user, compute),
        cache.getOrCompute(['entity', 'a', 120], user, compute),
        cache.getOrCompute(['group', 'a', 60], user, compute),
      ]);
      expect(compute).toHaveBeenCalledTimes(3);
    });
  });

  it('rounds "now" to its TTL in whole seconds', () => {
    const store = mockServices.cache.mock();
    expect(new ViewCache(store, { config }).nowAlignmentSeconds).toBe(30);
    expect(
      new ViewCache(store, { config: { ...config, ttlMs: 90_500 } })
        .nowAlignmentSeconds,
    ).toBe(90);
    expect(
      new ViewCache(store, { config: { ...config, ttlMs: 200 } })
        .nowAlignmentSeconds,
    ).toBe(1);
  });
});
