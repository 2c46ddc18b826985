import type { Config } from '@backstage/config';
import { positive } from './read';

/** `metrics.viewCache`: how many view answers are kept, and how long. */
export interface ViewCacheConfig {
  ttlMs: number;
  /** Answers kept at most on this replica. */
  maxEntries: number;
  /** Bytes (of the answers' JSON) kept at most on this replica. */
  maxBytes: number;
  /**
   * Whether `backend.cache` is a shared store (Redis, Valkey, Memcache): answers are then also
   * written there, and deleted there when this replica evicts them, so it holds no more.
   */
  shared: boolean;
}

export function readViewCacheConfig(root: Config): ViewCacheConfig {
  const where = 'metrics.viewCache';
  const config = root.getOptionalConfig(where);
  const store = root.getOptionalString('backend.cache.store') ?? 'memory';
  return {
    // Short: people reload a tab within seconds; numbers older than this would mislead.
    ttlMs: positive(config, 'ttlSeconds', 30, where) * 1000,
    maxEntries: positive(config, 'maxEntries', 500, where, { integer: true }),
    maxBytes:
      positive(config, 'maxMegabytes', 64, where) * 1024 * 1024,
    shared: store !== 'memory',
  };
}
