import { useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MaturityListQuery,
  MaturityListResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { metricsApiRef } from '../../api';
import { ScorecardRow, toRows } from './rows';

export interface MaturityState {
  /** The page as the backend answered it; the previous page while the next loads. */
  response?: MaturityListResponse;
  /** The page's teams, in the backend's order (lowest stage first). */
  rows?: ScorecardRow[];
  loading: boolean;
  error?: Error;
  retry: () => void;
}

/** One filtered page of the teams' maturity (`GET /v1/maturity`) as scorecard rows. */
export function useMaturity(query: MaturityListQuery): MaturityState {
  const metricsApi = useApi(metricsApiRef);
  const { parent, search, limit, offset } = query;
  const stages = query.stages?.join(',');
  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      metricsApi.getMaturity({
        parent,
        stages: stages ? query.stages : undefined,
        search,
        limit,
        offset,
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [metricsApi, parent, stages, search, limit, offset],
  );
  const rows = useMemo(() => value && toRows(value.items), [value]);
  return { response: value, rows, loading, error, retry };
}
