import { usePermission } from '@backstage/plugin-permission-react';
import type { metricsGoalCreatePermission } from '@metrics-suite/backstage-plugin-metrics-common';
import type { Team } from './useTeam';

/** Whether the user may do something to the team: the team is the permission's resource. */
export function useTeamPermission(
  permission: typeof metricsGoalCreatePermission,
  team: Team,
): { allowed: boolean; loading: boolean } {
  const { allowed, loading } = usePermission({
    permission,
    resourceRef: team.ref,
  });
  return { allowed, loading };
}
