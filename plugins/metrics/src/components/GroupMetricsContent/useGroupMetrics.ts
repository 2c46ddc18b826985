import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import type {
  GroupMetricsResponse,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../api';

export interface GroupMetricsState {
  /** The roll-up of the last `range`; while a new range loads, the previous answer stays. */
  view?: GroupMetricsResponse;
  loading: boolean;
  error?: Error;
}

/** The squad roll-up of a group (and its sub-teams) over the last `range`. */
export function useGroupMetrics(
  group: Entity,
  range: RangeWindow,
  end?: Date,
): GroupMetricsState {
  const metricsApi = useApi(metricsApiRef);
  const ref = stringifyEntityRef(group);
  const { value, loading, error } = useAsync(
    () =>
      metricsApi.getGroupView(parseEntityRef(ref), {
        range,
        ...(end ? { end } : {}),
      }),
    [metricsApi, ref, range, end],
  );
  return { view: value, loading, error };
}
