import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../api';

/** The data sources the metrics backend knows about. */
export function useMetricsSources() {
  const metricsApi = useApi(metricsApiRef);
  const { value, loading, error } = useAsync(
    () => metricsApi.getSources(),
    [metricsApi],
  );
  return { sources: value, loading, error };
}
