import type { Config } from '@backstage/config';
import { positive } from './read';

/** `metrics.limits`: what one requester may ask of the views. */
export interface ViewRateConfig {
  /** Service and squad view requests per requester per minute, bursts included. */
  viewRequestsPerMinute: number;
}

export function readViewRateConfig(root: Config): ViewRateConfig {
  const where = 'metrics.limits';
  return {
    viewRequestsPerMinute: positive(
      root.getOptionalConfig(where),
      'viewRequestsPerMinute',
      120,
      where,
      { integer: true },
    ),
  };
}
