import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import permissionBackend from '@backstage/plugin-permission-backend';
import metricsBackend from '@metrics-suite/backstage-plugin-metrics-backend';
import request from 'supertest';
import permissionPolicyModule from './permissionPolicy';

// The whole chain as the portal runs it: the metrics plugin asks the permission backend,
// which runs the portal's policy and, for the conditional decision, the metrics plugin's
// isTeamMember rule through its apply-conditions endpoint.

const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/guest': ['group:default/mobility-squad'],
  'user:default/olivia.brown': ['group:default/checkout-squad'],
  'user:default/elena.novak': ['group:default/platform-tribe'],
};

const userInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const principal = credentials.principal as { userEntityRef?: string };
      const userEntityRef = principal.userEntityRef ?? 'user:default/nobody';
      return {
        userEntityRef,
        ownershipEntityRefs: [
          userEntityRef,
          ...(MEMBERSHIPS[userEntityRef] ?? []),
        ],
      };
    },
  }),
});

// The mock auth service drops the actor of on-behalf-of tokens, which the apply-conditions
// endpoint needs to tell a plugin asking for a user from the user; real auth keeps it.
const authFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return Object.assign(Object.create(auth), {
      async getPluginRequestToken(options: {
        onBehalfOf: BackstageCredentials;
        targetPluginId: string;
      }) {
        if (auth.isPrincipal(options.onBehalfOf, 'user')) {
          const { userEntityRef } = options.onBehalfOf
            .principal as BackstageUserPrincipal;
          return {
            token: mockCredentials.user.token(userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    });
  },
});

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'mobility-squad', namespace: 'default' },
    spec: { type: 'squad', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'trip-planner',
      namespace: 'default',
      annotations: {
        'metrics-suite/prometheus-service': 'trip-planner',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'mobility-squad' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/mobility-squad' }],
  },
];

const REVIEW = {
  metricsLookedAt: [
    {
      entityRef: 'component:default/trip-planner',
      metricId: 'slo:availability',
    },
  ],
  decision: 'no-action',
};

describe('the portal policy with the metrics plugin', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        permissionBackend,
        permissionPolicyModule,
        metricsBackend,
        permissionsServiceFactory,
        authFactory,
        userInfoFactory,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            permissionPolicy: {
              metricsAdmins: ['group:default/platform-tribe'],
            },
            metrics: {
              defaultSlos: [
                { name: 'availability', objective: 99.9, window: '28d' },
              ],
              history: { collector: { enabled: false } },
              notifications: {
                digest: { enabled: false },
                burnRateAlerts: { enabled: false },
              },
            },
          },
        }),
      ],
    });
  });

  afterAll(async () => {
    await backend?.stop();
  });

  const record = (user: string) =>
    request(backend.server)
      .post('/api/metrics/v1/teams/default/mobility-squad/reviews')
      .set('Authorization', mockCredentials.user.header(user))
      .send(REVIEW);

  it('lets a member of the team record its review', async () => {
    const response = await record('user:default/guest');
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      teamRef: 'group:default/mobility-squad',
      decision: 'no-action',
      author: 'user:default/guest',
    });
  });

  it('refuses a member of another team', async () => {
    const response = await record('user:default/olivia.brown');
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain(
      'group:default/mobility-squad',
    );
  });

  it('lets an admin record it', async () => {
    const response = await record('user:default/elena.novak');
    expect(response.status).toBe(201);
    expect(response.body.author).toBe('user:default/elena.novak');
  });

  it('keeps what the allowed users recorded', async () => {
    const response = await request(backend.server)
      .get('/api/metrics/v1/teams/default/mobility-squad/reviews')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/olivia.brown'),
      );
    expect(response.status).toBe(200);
    expect(
      response.body.items.map((r: { author: string }) => r.author).sort(),
    ).toEqual(['user:default/elena.novak', 'user:default/guest']);
  });
});
