import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  EntityMetricsResponse,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../api';

export interface EntityMetricsState {
  /**
   * The view of the last `range`, with each item's figures one period earlier for the deltas
   * (`compare: 'previous'`); while a new range loads, the previous answer stays.
   */
  view?: EntityMetricsResponse;
  loading: boolean;
  error?: Error;
}

/**
 * The service view of an entity over the last `range`, compared with the period of the same
 * length before it in the same request. Nothing is fetched when `enabled` is false (an
 * entity that declares no metrics).
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
      compare: 'previous',
      ...(end ? { end } : {}),
    });
  }, [metricsApi, ref, range, enabled, end]);
  return {
    view: current.value,
    loading: current.loading,
    error: current.error,
  };
}
