import type {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  METRICS_TEAM_RESOURCE_TYPE,
  metricsFollowUpCreatePermission,
  metricsGoalCreatePermission,
  metricsPermissions,
  metricsReviewCreatePermission,
  metricsSensitiveReadPermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  isTeamMember,
  metricsTeamResourceRef,
} from '@metrics-suite/backstage-plugin-metrics-node';

/**
 * Makes the metrics permissions and the `metrics-team` resource known to the permission
 * system, so policies can answer with `metricsTeamConditions.isTeamMember(…)`.
 */
export function registerMetricsPermissions(
  permissionsRegistry: PermissionsRegistryService,
): void {
  permissionsRegistry.addResourceType({
    resourceRef: metricsTeamResourceRef,
    permissions: metricsPermissions,
    rules: [isTeamMember],
    // A team resource is its ref: rules only compare it with the user's claims.
    getResources: async teamRefs => teamRefs.map(teamRef => ({ teamRef })),
  });
}

const ACTIONS: Record<string, string> = {
  [metricsGoalCreatePermission.name]: 'set its goals',
  [metricsFollowUpCreatePermission.name]: 'follow up its goals',
  [metricsReviewCreatePermission.name]: 'record its reviews',
  [metricsSensitiveReadPermission.name]: 'read its sensitive metrics',
};

/**
 * Throws NotAllowedError unless the permission system allows the action on the team.
 * Conditional decisions are resolved by the permission framework against the registered
 * resource type, so the answer here is always ALLOW or DENY.
 */
export async function authorizeTeamAction(
  permissions: PermissionsService,
  permission: ResourcePermission<typeof METRICS_TEAM_RESOURCE_TYPE>,
  teamRef: string,
  credentials: BackstageCredentials,
): Promise<void> {
  const [decision] = await permissions.authorize(
    [{ permission, resourceRef: teamRef }],
    { credentials },
  );
  if (decision.result !== AuthorizeResult.ALLOW) {
    const action = ACTIONS[permission.name] ?? `use ${permission.name}`;
    if (
      permission.name === metricsSensitiveReadPermission.name &&
      (credentials.principal as { type?: unknown }).type === 'service'
    ) {
      // A service is nobody's member: say which setting it needs instead.
      throw new NotAllowedError(
        `Services can read the sensitive metrics of ${teamRef} only when listed in metrics.permissions.sensitiveReadServices and allowed by the permission policy`,
      );
    }
    throw new NotAllowedError(
      `Only members of ${teamRef} and admins can ${action}`,
    );
  }
}
