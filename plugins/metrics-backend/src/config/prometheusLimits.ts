import type { Config } from '@backstage/config';
import { positive, readWindow } from './read';

/**
 * What one Prometheus instance may be made to do, whoever asks: `limits` of
 * `metrics.prometheus` (for every instance) overridden key by key by an instance's own.
 * docs/non-functional.md says why each default is what it is.
 */
export interface PrometheusLimits {
  /** Queries in flight at once on this replica, across all users and the collector. */
  maxConcurrentQueries: number;
  /** How long a query waits for a free slot before it is answered "Prometheus is busy". */
  queueTimeoutMs: number;
  /** Queries one entity's service view (or one squad view, per member) may send. */
  queriesPerView: number;
  /** Queries the collector may send for one entity in one run. */
  queriesPerCollectorRun: number;
  /** The longest SLO window a definition may declare. */
  maxSloWindowSeconds: number;
  /** The longest range (`[…]`, subquery) a catalog-authored query may read. */
  maxQueryRangeSeconds: number;
  /** An answer larger than this is cut off and reported, not parsed. */
  maxResponseBytes: number;
  /** An answer with more series than this is reported as that item's error. */
  maxSeries: number;
}

export const DEFAULT_PROMETHEUS_LIMITS: PrometheusLimits = {
  maxConcurrentQueries: 16,
  queueTimeoutMs: 10_000,
  queriesPerView: 120,
  queriesPerCollectorRun: 400,
  maxSloWindowSeconds: 90 * 86400,
  maxQueryRangeSeconds: 90 * 86400,
  maxResponseBytes: 8 * 1024 * 1024,
  maxSeries: 10_000,
};

function duration(
  config: Config | undefined,
  key: string,
  fallback: number,
  where: string,
): number {
  if (config?.getOptionalString(key) === undefined) return fallback;
  return readWindow(config, key, '', where).seconds;
}

/** Reads `limits` under `where` on top of `base` (the defaults, or the shared limits). */
export function readPrometheusLimits(
  config: Config | undefined,
  where: string,
  base: PrometheusLimits = DEFAULT_PROMETHEUS_LIMITS,
): PrometheusLimits {
  const limits = config?.getOptionalConfig('limits');
  const at = `${where}.limits`;
  const whole = { integer: true };
  return {
    maxConcurrentQueries: positive(
      limits,
      'maxConcurrentQueries',
      base.maxConcurrentQueries,
      at,
      whole,
    ),
    queueTimeoutMs: positive(limits, 'queueTimeoutMs', base.queueTimeoutMs, at),
    queriesPerView: positive(
      limits,
      'queriesPerView',
      base.queriesPerView,
      at,
      whole,
    ),
    queriesPerCollectorRun: positive(
      limits,
      'queriesPerCollectorRun',
      base.queriesPerCollectorRun,
      at,
      whole,
    ),
    maxSloWindowSeconds: duration(
      limits,
      'maxSloWindow',
      base.maxSloWindowSeconds,
      at,
    ),
    maxQueryRangeSeconds: duration(
      limits,
      'maxQueryRange',
      base.maxQueryRangeSeconds,
      at,
    ),
    maxResponseBytes: positive(
      limits,
      'maxResponseBytes',
      base.maxResponseBytes,
      at,
      whole,
    ),
    maxSeries: positive(limits, 'maxSeries', base.maxSeries, at, whole),
  };
}
