import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import {
  EntityMetricsResponse,
  RANGE_WINDOW_SECONDS,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../api';

// The backend rounds "now" down to 15 s; doing the same keeps both periods aligned.
const END_ROUNDING_MS = 15_000;

/** End of the period before the last `range` up to `now`: the start of the current one. */
export function previousPeriodEnd(range: RangeWindow, now: number): Date {
  const end = Math.floor(now / END_ROUNDING_MS) * END_ROUNDING_MS;
  return new Date(end - RANGE_WINDOW_SECONDS[range] * 1000);
}

export interface EntityMetricsState {
  /** The view of the last `range`; while a new range loads, the previous answer stays. */
  view?: EntityMetricsResponse;
  loading: boolean;
  error?: Error;
  /** The same view over the period of the same length just before, for deltas. */
  previous?: EntityMetricsResponse;
  previousLoading: boolean;
  previousError?: Error;
}

/**
 * The service view of an entity over the last `range`, and, fetched in parallel, the
 * previous period of the same length. A failing previous period never hides the current one.
 * Nothing is fetched when `enabled` is false (an entity that declares no metrics).
 */
export function useEntityMetrics(
  entity: Entity,
  range: RangeWindow,
  enabled = true,
  end?: Date,
): EntityMetricsState {
  const metricsApi = useApi(metricsApiRef);
  const ref = stringifyEntityRef(entity);

  const current = useAsync(async () => {
    if (!enabled) return undefined;
    return metricsApi.getEntityView(parseEntityRef(ref), {
      range,
      ...(end ? { end } : {}),
    });
  }, [metricsApi, ref, range, enabled, end]);

  const previous = useAsync(async () => {
    if (!enabled) return undefined;
    return metricsApi.getEntityView(parseEntityRef(ref), {
      range,
      end: previousPeriodEnd(range, end?.getTime() ?? Date.now()),
    });
  }, [metricsApi, ref, range, enabled, end]);

  return {
    view: current.value,
    loading: current.loading,
    error: current.error,
    previous: previous.value,
    previousLoading: previous.loading,
    previousError: previous.error,
  };
}
