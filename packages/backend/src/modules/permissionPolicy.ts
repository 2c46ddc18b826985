import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { METRICS_TEAM_RESOURCE_TYPE } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  createMetricsTeamConditionalDecision,
  metricsTeamConditions,
} from '@metrics-suite/backstage-plugin-metrics-node';

/**
 * The portal's policy. Metrics-team permissions (recording goals, follow-ups and reviews,
 * reading sensitive metrics) go to members of the team and to admins; everything else is
 * allowed, as in a portal without other rules.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  private readonly admins: Set<string>;

  constructor(options: { admins: string[] }) {
    this.admins = new Set(
      options.admins.map(ref => ref.toLocaleLowerCase('en-US')),
    );
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!isResourcePermission(request.permission, METRICS_TEAM_RESOURCE_TYPE)) {
      return { result: AuthorizeResult.ALLOW };
    }
    // Ownership refs hold the user's own ref and the groups they are a member of.
    const claims = user?.info.ownershipEntityRefs ?? [];
    if (claims.some(ref => this.admins.has(ref.toLocaleLowerCase('en-US')))) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (claims.length === 0) return { result: AuthorizeResult.DENY };
    return createMetricsTeamConditionalDecision(
      request.permission,
      metricsTeamConditions.isTeamMember({ claims }),
    );
  }
}

/** Installs {@link PortalPermissionPolicy}; admins come from `permissionPolicy.metricsAdmins`. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'portal-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, config: coreServices.rootConfig },
      async init({ policy, config }) {
        policy.setPolicy(
          new PortalPermissionPolicy({
            admins:
              config.getOptionalStringArray('permissionPolicy.metricsAdmins') ??
              [],
          }),
        );
      },
    });
  },
});
