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
 * The service view of an entity over the last `range`, and then the previous period of the
 * same length. A failing previous period never hides the current one.
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

  // Which request an answer is for: on the render that changes the range, the answer of
  // the old one is still in `current`.
  const request = `${ref} ${range} ${end?.toISOString() ?? 'now'}`;
  const current = useAsync(async () => {
    if (!enabled) return undefined;
    const view = await metricsApi.getEntityView(parseEntityRef(ref), {
      range,
      ...(end ? { end } : {}),
    });
    return { request, view };
  }, [metricsApi, ref, range, enabled, end]);

  // The previous period ends where the answer says the current one starts: the backend
  // rounds "now", so only its answer knows that instant.
  const previousEnd =
    !current.loading && current.value?.request === request
      ? current.value.view.range.start
      : undefined;
  const previous = useAsync(async () => {
    if (!enabled || previousEnd === undefined) return undefined;
    return metricsApi.getEntityView(parseEntityRef(ref), {
      range,
      end: new Date(previousEnd),
    });
  }, [metricsApi, ref, range, enabled, previousEnd]);

  return {
    view: current.value?.view,
    loading: current.loading,
    error: current.error,
    previous: previous.value,
    // Waiting for the current answer counts as loading; after it failed there is nothing to
    // compare with, and that error is the one shown.
    previousLoading:
      previous.loading ||
      (enabled && previousEnd === undefined && !current.error),
    previousError: previous.error,
  };
}
