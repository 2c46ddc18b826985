import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import {
  startTestReceiver,
  type TestReceiver,
} from './__testUtils__/webhookReceiver';
import notificationsModuleMetricsWebhooks from './index';

jest.setTimeout(60_000);

// The real notifications backend with the module: a notification to a group reaches the
// group's members in Backstage and the group's channel once.

const entities = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments' },
    spec: { type: 'team', children: [] },
    relations: [
      { type: 'hasMember', targetRef: 'user:default/ada' },
      { type: 'hasMember', targetRef: 'user:default/bo' },
    ],
  },
  ...['ada', 'bo'].map(name => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: { memberOf: ['payments'] },
    relations: [{ type: 'memberOf', targetRef: 'group:default/payments' }],
  })),
];

describe('notifications module metrics-webhooks', () => {
  let receiver: TestReceiver;

  beforeAll(async () => {
    receiver = await startTestReceiver();
  });
  afterAll(async () => {
    await receiver.stop();
  });

  it('posts a team notification to the team channel once, beside the members\u2019 notifications', async () => {
    const { server } = await startTestBackend({
      features: [
        notificationsBackend,
        notificationsModuleMetricsWebhooks,
        catalogServiceMock.factory({ entities }),
        actionsRegistryServiceMock.factory(),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            metrics: {
              notifications: {
                webhooks: {
                  destinations: [
                    {
                      name: 'payments-discord',
                      url: `${receiver.url}/hooks/payments`,
                      format: 'discord',
                      teams: ['payments'],
                    },
                  ],
                },
              },
            },
          },
        }),
      ],
    });

    const notify = (topic: string) =>
      request(server)
        .post('/api/notifications/notifications')
        .set('Authorization', mockCredentials.service.header())
        .send({
          recipients: { type: 'entity', entityRef: 'group:default/payments' },
          payload: {
            title: 'Weekly digest of payments',
            description: 'Two SLOs met, one at risk.',
            link: '/catalog/default/group/payments/metrics',
            severity: 'normal',
            topic,
          },
        });

    const sent = await notify('Metrics: weekly digest');
    expect(sent.status).toBe(200);
    // Each member got the Backstage notification.
    expect(sent.body.map((n: { user: string }) => n.user).sort()).toEqual([
      'user:default/ada',
      'user:default/bo',
    ]);
    expect((await notify('Catalog: something else')).status).toBe(200);

    // Delivered in the background, right away.
    let received = await receiver.received();
    for (let i = 0; i < 50 && received.length === 0; i += 1) {
      await new Promise(resolve => setTimeout(resolve, 100));
      received = await receiver.received();
    }
    await new Promise(resolve => setTimeout(resolve, 300));
    received = await receiver.received();
    expect(received).toHaveLength(1);
    expect(received[0].path).toBe('/hooks/payments');
    expect(received[0].body.embeds[0]).toMatchObject({
      title: 'Weekly digest of payments',
      description: 'Two SLOs met, one at risk.',
      url: 'http://localhost:3000/catalog/default/group/payments/metrics',
    });
  });
});
