import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { createMetricsServices } from '../../createMetricsServices';

jest.setTimeout(60_000);

// The digest as createMetricsServices wires it (real group views, the sensitive-read rule)
// under the allow-all policy, which allows every service principal everything.
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});
const kpi = (name: string, extra: JsonObject = {}) => ({
  name,
  bucket: 'business',
  query: 'sum(increase(x_total[{{window}}]))',
  ...extra,
});
const checkoutApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-api',
    namespace: 'default',
    metrics: {
      kpis: [
        kpi('revenue', { sensitive: true }),
        // Sensitive, on a payments service, but search's metric.
        kpi('search-spend', { sensitive: true, owner: SEARCH }),
        kpi('signups'),
      ],
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments' },
  relations: [{ type: 'ownedBy', targetRef: PAYMENTS }],
};

async function digestOfPayments(metrics: JsonObject = {}) {
  const knex = await databases.init('SQLITE_3');
  const sent: NotificationSendOptions[] = [];
  const services = await createMetricsServices({
    config: new ConfigReader({ metrics: { ...metrics } }),
    logger: mockServices.logger.mock(),
    database: { getClient: async () => knex },
    catalog: catalogServiceMock({
      entities: [group('payments'), group('search'), checkoutApi],
    }),
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    auth: mockServices.auth({ pluginId: 'metrics' }),
    notifications: {
      send: async options => {
        sent.push(options);
      },
    },
    now: () => new Date('2025-03-10T08:00:00Z'),
  });
  const summary = await services.nudges!.weeklyDigest.run();
  expect(summary.failures).toBe(0);
  const payments = sent.find(
    s => s.recipients.type === 'entity' && s.recipients.entityRef === PAYMENTS,
  );
  return payments!.payload.description;
}

describe('the weekly digest and sensitive metrics', () => {
  it("counts the team's own sensitive metric and leaves out another team's", async () => {
    // revenue and signups; search-spend is search's, not for payments' members.
    expect(await digestOfPayments()).toContain(
      "None of the team's 2 metrics has stored data",
    );
  });

  it('keeps another team’s sensitive metric out even when plugin:metrics is listed', async () => {
    expect(
      await digestOfPayments({
        permissions: { sensitiveReadServices: ['plugin:metrics'] },
      }),
    ).toContain("None of the team's 2 metrics has stored data");
  });
});
