import type {
  BackstageCredentials,
  CacheService,
} from '@backstage/backend-plugin-api';
import type { JsonValue } from '@backstage/types';
import type { MetricsTelemetry } from '../telemetry';

// Short: people reload a tab within seconds; numbers older than this would mislead.
export const VIEW_CACHE_TTL_MS = 30_000;

function principalKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type?: string;
    userEntityRef?: string;
    subject?: string;
  };
  return `${principal.type}:${
    principal.userEntityRef ?? principal.subject ?? ''
  }`;
}

/**
 * Caches view answers briefly, per requester (catalog permissions shape the answer) and
 * per exact request (end times are rounded, so repeated requests share entries).
 */
export class ViewCache {
  private readonly ttlMs: number;
  private readonly telemetry?: MetricsTelemetry;

  constructor(
    private readonly cache: CacheService,
    options: { ttlMs?: number; telemetry?: MetricsTelemetry } = {},
  ) {
    this.ttlMs = options.ttlMs ?? VIEW_CACHE_TTL_MS;
    this.telemetry = options.telemetry;
  }

  /** `parts[0]` names the view (`entity`, `group`), which the hit/miss counts are kept by. */
  async getOrCompute<T extends JsonValue | object>(
    parts: ReadonlyArray<string | number>,
    credentials: BackstageCredentials,
    compute: () => Promise<T>,
  ): Promise<T> {
    const key = ['view', principalKey(credentials), ...parts].join('|');
    const hit = await this.cache.get(key);
    this.telemetry?.viewCache({
      view: String(parts[0]),
      hit: hit !== undefined,
    });
    if (hit !== undefined) return hit as T;
    const value = await compute();
    await this.cache.set(key, value as JsonValue, { ttl: this.ttlMs });
    return value;
  }
}
