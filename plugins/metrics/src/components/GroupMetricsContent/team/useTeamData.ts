import { useApi } from '@backstage/core-plugin-api';
import type {
  Goal,
  TeamMaturity,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import useAsync from 'react-use/esm/useAsync';
import { metricsApiRef } from '../../../api';
import { useTeamRefresh } from './TeamRefresh';
import type { Team } from './useTeam';

/** What a team data hook returns; after a refresh the previous value stays until the new one. */
export interface TeamDataState<T> {
  value?: T;
  loading: boolean;
  error?: Error;
}

/** The team's maturity stage, evidence, next step and history. */
export function useTeamMaturity(team: Team): TeamDataState<TeamMaturity> {
  const api = useApi(metricsApiRef);
  const { version } = useTeamRefresh();
  const { compoundRef } = team;
  return useAsync(
    () => api.getTeamMaturity(compoundRef),
    [api, compoundRef, version],
  );
}

/** The team's goals, newest first. */
export function useTeamGoals(team: Team): TeamDataState<Goal[]> {
  const api = useApi(metricsApiRef);
  const { version } = useTeamRefresh();
  const { compoundRef } = team;
  return useAsync(
    () => api.listGoals(compoundRef),
    [api, compoundRef, version],
  );
}

/** The team's weekly reviews, newest week first. */
export function useTeamReviews(team: Team): TeamDataState<WeeklyReview[]> {
  const api = useApi(metricsApiRef);
  const { version } = useTeamRefresh();
  const { compoundRef } = team;
  return useAsync(
    () => api.listReviews(compoundRef),
    [api, compoundRef, version],
  );
}
