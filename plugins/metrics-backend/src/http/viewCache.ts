import type {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import { LRUCache } from 'lru-cache';
import type { ViewCacheConfig } from '../config/viewCache';
import type { MetricsTelemetry } from '../telemetry';
import { principalKey } from './principalKey';

export const DEFAULT_VIEW_CACHE: ViewCacheConfig = {
  ttlMs: 30_000,
  maxEntries: 500,
  maxBytes: 64 * 1024 * 1024,
  shared: false,
};

interface Entry {
  value: object;
  bytes: number;
}

/**
 * Caches view answers briefly, per requester (catalog permissions shape the answer) and per
 * exact request (end times are aligned, so repeated requests share entries).
 *
 * Single-flight: while a view is being computed, identical requests (same key) wait for that
 * computation instead of starting their own. A failure reaches every waiter of that flight
 * and is not cached; the flight is forgotten once it settles, so the next request tries again.
 *
 * Entries live in a bounded LRU on this replica (entries and bytes; Backstage's memory store
 * drops an expired entry only when its key is read again, so distinct keys grew without end).
 * With a shared `backend.cache` they are also written there, and deleted there when evicted
 * here, so the shared store holds no more than the same bound per replica.
 */
export class ViewCache {
  readonly #local: LRUCache<string, Entry>;
  readonly #config: ViewCacheConfig;
  readonly #telemetry?: MetricsTelemetry;
  readonly #flights = new Map<string, Promise<object>>();

  constructor(
    private readonly cache: CacheService,
    options: { config?: ViewCacheConfig; telemetry?: MetricsTelemetry } = {},
  ) {
    this.#config = options.config ?? DEFAULT_VIEW_CACHE;
    this.#telemetry = options.telemetry;
    const { maxEntries, maxBytes, ttlMs, shared } = this.#config;
    this.#local = new LRUCache<string, Entry>({
      max: maxEntries,
      maxSize: maxBytes,
      sizeCalculation: entry => Math.max(1, entry.bytes),
      ttl: ttlMs,
      // Expired answers leave on their own: an idle backend holds none.
      ttlAutopurge: true,
      dispose: (_entry, key, reason) => {
        if (shared && reason === 'evict') {
          this.cache.delete(key).catch(() => undefined);
        }
      },
    });
  }

  /**
   * How far "now" is rounded down for views without a given end (parseViewRequest): the TTL
   * in whole seconds, so requests within one TTL share a key and compute a view once.
   */
  get nowAlignmentSeconds(): number {
    return Math.max(1, Math.floor(this.#config.ttlMs / 1000));
  }

  /** Entries and bytes held on this replica, for the benchmark and tests. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#local.size, bytes: this.#local.calculatedSize };
  }

  /** `parts[0]` names the view (`entity`, `group`), which the hit/miss counts are kept by. */
  async getOrCompute<T extends JsonValue | object>(
    parts: ReadonlyArray<string | number>,
    credentials: BackstageCredentials,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = ['view', principalKey(credentials), ...parts].join('|');
    const view = String(parts[0]);
    const flight = this.#flights.get(key);
    if (flight) {
      // Served without computing: a hit for the counts.
      this.#telemetry?.viewCache({ view, hit: true });
      return flight as Promise<T>;
    }
    const started = this.#lookUpOrCompute(
      key,
      view,
      compute as () => Promise<object>,
    );
    this.#flights.set(key, started);
    const land = () => {
      if (this.#flights.get(key) === started) this.#flights.delete(key);
    };
    started.then(land, land);
    return started as Promise<T>;
  }

  async #lookUpOrCompute(
    key: string,
    view: string,
    compute: () => Promise<object>,
  ): Promise<object> {
    const hit = await this.#get(key);
    this.#telemetry?.viewCache({ view, hit: hit !== undefined });
    if (hit !== undefined) return hit;
    const value = await compute();
    await this.#set(key, value);
    return value;
  }

  async #get(key: string): Promise<object | undefined> {
    const local = this.#local.get(key);
    if (local) return local.value;
    if (!this.#config.shared) return undefined;
    const shared = (await this.cache.get(key)) as object | null | undefined;
    if (shared === null) return undefined;
    if (shared !== undefined) this.#keep(key, shared);
    return shared;
  }

  async #set(key: string, value: object): Promise<void> {
    // An answer larger than the whole bound is not kept (lru-cache refuses it too).
    if (!this.#keep(key, value)) return;
    if (this.#config.shared) {
      await this.cache.set(key, value as JsonValue, {
        ttl: this.#config.ttlMs,
      });
    }
  }

  #keep(key: string, value: object): boolean {
    const bytes = Buffer.byteLength(JSON.stringify(value));
    if (bytes > this.#config.maxBytes) return false;
    this.#local.set(key, { value, bytes });
    return true;
  }
}
