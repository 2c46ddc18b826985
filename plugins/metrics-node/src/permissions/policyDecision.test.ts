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
import { metricsTeamPolicyDecision } from './policyDecision';
import { isTeamMember } from './rules';

const authorize = createConditionAuthorizer([isTeamMember]);
const admins = ['user:default/elena.novak', 'group:default/Platform-Admins'];
const mobility = 'group:default/mobility-squad';

function user(userRef: string, groups: string[] = []): PolicyQueryUser {
  const ownershipEntityRefs = [userRef, ...groups];
  return {
    info: { userEntityRef: userRef, ownershipEntityRefs },
    token: 'token',
    credentials: {} as PolicyQueryUser['credentials'],
  } as PolicyQueryUser;
}

/** The decision resolved against one team, as the backend does with a conditional one. */
async function allowed(
  permission: typeof metricsGoalCreatePermission,
  who: PolicyQueryUser | undefined,
  teamRef: string,
): Promise<boolean> {
  const decision = metricsTeamPolicyDecision({ permission }, who, { admins });
  if (decision?.result === AuthorizeResult.CONDITIONAL) {
    return authorize(decision, { teamRef });
  }
  return decision?.result === AuthorizeResult.ALLOW;
}

describe('metricsTeamPolicyDecision', () => {
  it.each(
    [
      metricsGoalCreatePermission,
      metricsFollowUpCreatePermission,
      metricsReviewCreatePermission,
      metricsSensitiveReadPermission,
    ].map(p => [p.name, p]),
  )('%s: members of the team may, others may not', async (_, permission) => {
    const member = user('user:default/guest', [mobility]);
    const other = user('user:default/li.wei', ['group:default/checkout-squad']);
    await expect(allowed(permission, member, mobility)).resolves.toBe(true);
    await expect(allowed(permission, other, mobility)).resolves.toBe(false);
  });

  it('answers a conditional decision on the isTeamMember rule with the user’s claims', () => {
    expect(
      metricsTeamPolicyDecision(
        { permission: metricsReviewCreatePermission },
        user('user:default/guest', [mobility]),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'metrics',
      resourceType: 'metrics-team',
      conditions: {
        rule: 'IS_TEAM_MEMBER',
        resourceType: 'metrics-team',
        params: { claims: ['user:default/guest', mobility] },
      },
    });
  });

  it('allows admins, named as users or groups, case-insensitively', () => {
    for (const who of [
      user('user:default/Elena.Novak'),
      user('user:default/ops', ['group:default/platform-admins']),
    ]) {
      expect(
        metricsTeamPolicyDecision(
          { permission: metricsGoalCreatePermission },
          who,
          { admins },
        ),
      ).toEqual({ result: AuthorizeResult.ALLOW });
    }
  });

  it('denies callers without a user, even with admins configured', () => {
    expect(
      metricsTeamPolicyDecision(
        { permission: metricsGoalCreatePermission },
        undefined,
        { admins },
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it('answers undefined for permissions that are not the suite’s', () => {
    const catalogRead = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
      resourceType: 'catalog-entity',
    });
    const basic = createPermission({
      name: 'other.thing.create',
      attributes: { action: 'create' },
    });
    for (const permission of [catalogRead, basic]) {
      expect(
        metricsTeamPolicyDecision({ permission }, user('user:default/x'), {
          admins,
        }),
      ).toBeUndefined();
    }
  });
});
