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
});
