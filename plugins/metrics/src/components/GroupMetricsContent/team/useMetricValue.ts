import { useApi } from '@backstage/core-plugin-api';
import type {
  MetricRef,
  MetricValue,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../../api';
import type { Team } from './useTeam';
import type { TeamDataState } from './useTeamData';

/**
 * The current value of one of the team's metrics (the last 7 complete days), e.g. a new goal's
 * baseline; nothing while no metric is picked.
 */
export function useMetricValue(
  team: Team,
  metric: MetricRef | undefined,
): TeamDataState<MetricValue> {
  const api = useApi(metricsApiRef);
  const { compoundRef } = team;
  const entityRef = metric?.entityRef;
  const metricId = metric?.metricId;
  return useAsync(async () => {
    if (!entityRef || !metricId) return undefined;
    return api.getMetricValue(compoundRef, { entityRef, metricId });
  }, [api, compoundRef, entityRef, metricId]);
}
