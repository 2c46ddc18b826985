import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  METRICS_TEAM_RESOURCE_TYPE,
  metricsFollowUpCreatePermission,
  metricsGoalCreatePermission,
  metricsReviewCreatePermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import request from 'supertest';
import { authorizeTeamAction, registerMetricsPermissions } from './permissions';

describe('registerMetricsPermissions', () => {
  // The permission backend evaluates conditional decisions through this endpoint, so it
  // proves that `metricsTeamConditions.isTeamMember(…)` in a policy works end to end.
  async function applyConditions(resourceRef: string, claims: string[]) {
    const plugin = createBackendPlugin({
      pluginId: 'metrics',
      register(env) {
        env.registerInit({
          deps: { permissionsRegistry: coreServices.permissionsRegistry },
          async init({ permissionsRegistry }) {
            registerMetricsPermissions(permissionsRegistry);
          },
        });
      },
    });
    const { server } = await startTestBackend({ features: [plugin] });
    try {
      return await request(server)
        .post('/api/metrics/.well-known/backstage/permissions/apply-conditions')
        .set('Authorization', mockCredentials.service.header())
        .send({
          items: [
            {
              id: '1',
              resourceRef,
              resourceType: METRICS_TEAM_RESOURCE_TYPE,
              conditions: {
                rule: 'IS_TEAM_MEMBER',
                resourceType: METRICS_TEAM_RESOURCE_TYPE,
                params: { claims },
              },
            },
          ],
        });
    } finally {
      server.close();
    }
  }

  it('allows members of the team, whatever the case of the refs', async () => {
    const response = await applyConditions('group:default/Checkout', [
      'user:default/ada',
      'group:default/checkout',
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ items: [{ id: '1', result: 'ALLOW' }] });
  });

  it('denies everybody else', async () => {
    const response = await applyConditions('group:default/checkout', [
      'user:default/ada',
      'group:default/payments',
    ]);
    expect(response.body).toEqual({ items: [{ id: '1', result: 'DENY' }] });
  });

  it('registers every metrics permission', () => {
    const registry = mockServices.permissionsRegistry.mock();
    registerMetricsPermissions(registry);
    const [options] = registry.addResourceType.mock.calls[0];
    expect(options.permissions?.map(p => p.name)).toEqual([
      'metrics.goal.create',
      'metrics.follow-up.create',
      'metrics.review.create',
      'metrics.sensitive.read',
    ]);
    expect(options.rules.map(r => r.name)).toEqual(['IS_TEAM_MEMBER']);
  });
});

describe('authorizeTeamAction', () => {
  const credentials = mockCredentials.user('user:default/ada');

  it('asks for the permission on the team and passes when allowed', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    await expect(
      authorizeTeamAction(
        permissions,
        metricsGoalCreatePermission,
        'group:default/checkout',
        credentials,
      ),
    ).resolves.toBeUndefined();
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: metricsGoalCreatePermission,
          resourceRef: 'group:default/checkout',
        },
      ],
      { credentials },
    );
  });

  it.each([
    ['goal.create', metricsGoalCreatePermission, 'set its goals'],
    [
      'follow-up.create',
      metricsFollowUpCreatePermission,
      'follow up its goals',
    ],
    ['review.create', metricsReviewCreatePermission, 'record its reviews'],
  ])(
    'throws NotAllowedError naming the team for %s',
    async (_name, permission, what) => {
      const promise = authorizeTeamAction(
        mockServices.permissions({ result: AuthorizeResult.DENY }),
        permission,
        'group:default/checkout',
        credentials,
      );
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        `Only members of group:default/checkout and admins can ${what}`,
      );
    },
  );
});
