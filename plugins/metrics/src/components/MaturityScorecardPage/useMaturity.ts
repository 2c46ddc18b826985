import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { metricsApiRef } from '../../api';
import { ScorecardRow, toRows } from './rows';

export interface MaturityState {
  /** Every team, worst first; undefined until loaded. */
  rows?: ScorecardRow[];
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** Every team's maturity (`GET /v1/maturity`) as scorecard rows. */
export function useMaturity(): MaturityState {
  const metricsApi = useApi(metricsApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => metricsApi.getMaturity(),
    [metricsApi],
  );
  const rows = useMemo(() => value && toRows(value.items), [value]);
  return { rows, loading, error, retry };
}
