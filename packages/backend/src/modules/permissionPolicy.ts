import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { metricsTeamPolicyDecision } from '@metrics-suite/backstage-plugin-metrics-node';

/**
 * The portal's policy. Metrics-team permissions (recording goals, follow-ups and reviews,
 * reading sensitive metrics) go to members of the team and to admins; everything else is
 * allowed, as in a portal without other rules.
 */
export class PortalPermissionPolicy implements PermissionPolicy {
  private readonly admins: string[];

  constructor(options: { admins: string[] }) {
    this.admins = options.admins;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    return (
      metricsTeamPolicyDecision(request, user, { admins: this.admins }) ?? {
        result: AuthorizeResult.ALLOW,
      }
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
