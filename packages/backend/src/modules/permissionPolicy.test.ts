import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  PolicyQueryUser,
  createConditionAuthorizer,
} from '@backstage/plugin-permission-node';
import {
  metricsFollowUpCreatePermission,
  metricsGoalCreatePermission,
  metricsReviewCreatePermission,
  metricsSensitiveReadPermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { isTeamMember } from '@metrics-suite/backstage-plugin-metrics-node';
import { PortalPermissionPolicy } from './permissionPolicy';

const policy = new PortalPermissionPolicy({
  admins: ['user:default/elena.novak', 'group:default/platform-admins'],
});
const authorize = createConditionAuthorizer([isTeamMember]);

function user(userRef: string, groups: string[]): PolicyQueryUser {
  return {
    identity: {
      type: 'user',
      userEntityRef: userRef,
      ownershipEntityRefs: [userRef, ...groups],
    },
    info: { userEntityRef: userRef, ownershipEntityRefs: [userRef, ...groups] },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

/** Whether the user may act on the team, resolving a conditional decision like the plugin does. */
async function allowed(
  permission: typeof metricsGoalCreatePermission,
  who: PolicyQueryUser | undefined,
  teamRef: string,
): Promise<boolean> {
  const decision = await policy.handle({ permission }, who);
  if (decision.result === AuthorizeResult.CONDITIONAL) {
    return authorize(decision, { teamRef });
  }
  return decision.result === AuthorizeResult.ALLOW;
}

const teamPermissions = [
  metricsGoalCreatePermission,
  metricsFollowUpCreatePermission,
  metricsReviewCreatePermission,
  metricsSensitiveReadPermission,
];
const mobility = 'group:default/mobility-squad';

describe('PortalPermissionPolicy', () => {
  it.each(teamPermissions.map(p => [p.name, p]))(
    '%s: members of the team may, others may not',
    async (_name, permission) => {
      const member = user('user:default/guest', [mobility]);
      const other = user('user:default/li.wei', [
        'group:default/checkout-squad',
      ]);
      await expect(allowed(permission, member, mobility)).resolves.toBe(true);
      await expect(allowed(permission, other, mobility)).resolves.toBe(false);
      await expect(
        allowed(permission, member, 'group:default/checkout-squad'),
      ).resolves.toBe(false);
    },
  );

  it('compares entity refs case-insensitively', async () => {
    const member = user('user:default/guest', ['group:default/Mobility-Squad']);
    await expect(
      allowed(metricsReviewCreatePermission, member, mobility),
    ).resolves.toBe(true);
  });

  it('lets admins act on every team, as users or through a group', async () => {
    const byUser = user('user:default/elena.novak', []);
    const byGroup = user('user:default/ops', ['group:default/platform-admins']);
    for (const who of [byUser, byGroup]) {
      const decision = await policy.handle(
        { permission: metricsGoalCreatePermission },
        who,
      );
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
  });

  it('denies team actions to callers without a user', async () => {
    await expect(
      allowed(metricsReviewCreatePermission, undefined, mobility),
    ).resolves.toBe(false);
  });

  it('allows permissions of other plugins', async () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    const decision = await policy.handle(
      { permission: catalogRead },
      user('user:default/li.wei', []),
    );
    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
