import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  IntegrationDefinition,
  KpiDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { readNotificationsConfig } from '../../config/notifications';
import { DatabaseMetricAlertStore } from '../../database/DatabaseMetricAlertStore';
import type {
  MetricAlertKey,
  MetricAlertRow,
  MetricAlertStore,
} from '../../database/MetricAlertStore';
import type {
  IntegrationHealth,
  KpiHealth,
  SweepRequest,
  SweepResult,
  SweptHealth,
} from '../../sweeps';
import { MetricAlerts } from './metricAlerts';

jest.setTimeout(60_000);

const NOW = new Date('2025-03-10T08:00:00Z');
const PAYMENTS = 'group:default/payments';
const TRIBE = 'group:default/payments-tribe';
const API = 'component:default/payment-gateway';

function group(name: string, type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [] },
  };
}

const catalog = catalogServiceMock({
  entities: [group('payments', 'team'), group('payments-tribe', 'team')],
});

const stripe = {
  id: 'integration:stripe',
  kind: 'integration',
  name: 'stripe',
  entityRef: API,
  origin: 'declared',
  source: 'prometheus',
  conventional: { service: 'payment-gateway', label: 'stripe' },
  queries: { success: '', total: '' },
  target: 99,
  owner: 'group:default/payments-oncall',
} as unknown as IntegrationDefinition;

const logins = {
  id: 'kpi:logins',
  kind: 'kpi',
  name: 'logins',
  entityRef: API,
  origin: 'declared',
  source: 'sql',
  bucket: 'usage',
  unit: 'count',
  target: { value: 1500, direction: 'above' },
} as unknown as KpiDefinition;

function calls(requests: number, successRate: number, unknownShare = 0) {
  return {
    requests,
    failures: Math.round(requests * (1 - successRate)),
    successRate,
    unknownShare,
  };
}

/** The sweep as the alerts see it: each run reads what the test set last. */
class FakeSweep {
  integrations: IntegrationHealth[] = [];
  kpis: KpiHealth[] = [];
  down = false;
  readonly principals: unknown[] = [];

  async #read<T>(request: SweepRequest, items: T[]) {
    const teams = await Promise.all(
      request.teamRefs.map(async teamRef => {
        this.principals.push((await request.credentialsFor(teamRef)).principal);
        return {
          teamRef,
          // Source down: the failing query's items are absent.
          items: [
            {
              entityRef: API,
              owner: PAYMENTS,
              items: this.down ? [] : items,
            },
          ],
        };
      }),
    );
    return {
      teams,
      errors: this.down ? ['Prometheus "main" integration counter: down'] : [],
      prometheusQueries: 1,
    };
  }

  integrationHealth(
    request: SweepRequest,
  ): Promise<SweepResult<SweptHealth<IntegrationHealth>>> {
    return this.#read(request, this.integrations);
  }

  kpiHealth(
    request: SweepRequest,
  ): Promise<SweepResult<SweptHealth<KpiHealth>>> {
    return this.#read(request, this.kpis);
  }
}

/** Open alerts in memory, with the claims of the database store. */
class FakeStore implements MetricAlertStore {
  readonly rows = new Map<string, MetricAlertRow>();
  static key = (k: MetricAlertKey) =>
    `${k.entityRef}|${k.metricId}|${k.condition}`;
  async getMetricAlert(key: MetricAlertKey) {
    return this.rows.get(FakeStore.key(key));
  }
  async openMetricAlert(row: MetricAlertRow) {
    if (this.rows.has(FakeStore.key(row))) return false;
    this.rows.set(FakeStore.key(row), row);
    return true;
  }
  async closeMetricAlert(key: MetricAlertKey) {
    return this.rows.delete(FakeStore.key(key));
  }
}

function setUp(
  store: MetricAlertStore = new FakeStore(),
  sweep = new FakeSweep(),
) {
  const sent: NotificationSendOptions[] = [];
  const notifications = {
    send: jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    }),
  };
  const config = readNotificationsConfig(new ConfigReader({}));
  const logger = mockServices.logger.mock();
  const alerts = new MetricAlerts({
    store,
    catalog,
    auth: mockServices.auth(),
    sweep,
    notifications,
    logger,
    teamTypes: ['team'],
    integrationAlerts: config.integrationAlerts,
    kpiAlerts: config.kpiAlerts,
    now: () => NOW,
    credentialsFor: async teamRef =>
      mockCredentials.service(`plugin:metrics:acting-for:${teamRef}`),
  });
  return { alerts, sweep, sent, notifications, logger, store };
}

const health = (
  current: IntegrationHealth['current'],
  weeks?: IntegrationHealth['weeks'],
): IntegrationHealth => ({
  entityRef: API,
  definition: stripe,
  current,
  ...(weeks ? { weeks } : {}),
});

describe('MetricAlerts', () => {
  it('sends one alert to the metric’s owner, none on the next run, one recovery', async () => {
    const { alerts, sweep, sent } = setUp();
    sweep.integrations = [health(calls(5000, 0.969, 0.1))];

    const first = await alerts.integrations();
    expect(first).toMatchObject({
      teams: 2,
      metrics: 1,
      alerts: 1,
      recoveries: 0,
      failures: 0,
    });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toEqual({
      recipients: {
        type: 'entity',
        entityRef: 'group:default/payments-oncall',
      },
      payload: {
        title:
          'Integration stripe of payment-gateway is below its success-rate target',
        description:
          'Integration stripe of payment-gateway (component:default/payment-gateway): success rate 96.90% over 1h (5,000 calls), 2.1 points below its target of 99%.\nCalls to this partner fail more often than the team agreed to.',
        link: '/catalog/default/component/payment-gateway/metrics',
        severity: 'high',
        topic: 'Metrics: integration alerts',
        scope:
          'metrics:metric-alert:component:default/payment-gateway:integration:stripe:below-target',
      },
    });

    // Still below: stays open, nothing sent.
    expect(await alerts.integrations()).toMatchObject({ alerts: 0 });
    expect(sent).toHaveLength(1);

    // Back at the target but within its recovery margin (99.1%): still open, nothing sent.
    sweep.integrations = [health(calls(5000, 0.99, 0.1))];
    expect(await alerts.integrations()).toMatchObject({
      alerts: 0,
      recoveries: 0,
    });
    expect(sent).toHaveLength(1);

    sweep.integrations = [health(calls(5000, 0.995, 0.1))];
    expect(await alerts.integrations()).toMatchObject({ recoveries: 1 });
    expect(sent).toHaveLength(2);
    expect(sent[1].payload).toMatchObject({
      title:
        'Recovered: Integration stripe of payment-gateway is back on its success-rate target',
      severity: 'normal',
      scope: sent[0].payload.scope,
    });
    expect(sent[1].payload.description).toContain(
      'Alerting since 2025-03-10T08:00:00.000Z: success rate 96.90%',
    );
    expect(await alerts.integrations()).toMatchObject({ recoveries: 0 });
    expect(sent).toHaveLength(2);
  });

  it('sends each further condition once as it starts to hold (an escalation)', async () => {
    const { alerts, sweep, sent } = setUp();
    sweep.integrations = [health(calls(5000, 0.969, 0.1))];
    await alerts.integrations();
    sweep.integrations = [
      health(calls(5000, 0.969, 0.35), {
        last: calls(30000, 0.97, 0.3),
        before: calls(30000, 0.97, 0.1),
      }),
    ];
    expect(await alerts.integrations()).toMatchObject({ alerts: 2 });
    expect(
      sent.map(s => [s.payload.scope?.split(':').pop(), s.payload.severity]),
    ).toEqual([
      ['below-target', 'high'],
      ['unclassified-share', 'normal'],
      ['unclassified-growth', 'normal'],
    ]);
    await alerts.integrations();
    expect(sent).toHaveLength(3);
  });

  it('keeps the state when the source is down or there are too few calls', async () => {
    const { alerts, sweep, sent, store, logger } = setUp();
    sweep.integrations = [health(calls(5000, 0.969))];
    await alerts.integrations();

    sweep.down = true;
    expect(await alerts.integrations()).toMatchObject({
      metrics: 0,
      recoveries: 0,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Integration alerts are partial'),
    );
    sweep.down = false;
    sweep.integrations = [health(calls(3, 1))];
    expect(await alerts.integrations()).toMatchObject({
      recoveries: 0,
      unjudged: 2,
    });
    expect(sent).toHaveLength(1);
    expect(
      await store.getMetricAlert({
        entityRef: API,
        metricId: stripe.id,
        condition: 'below-target',
      }),
    ).toMatchObject({ since: NOW.toISOString() });
  });

  it('retries a failed send on the next run, and sends it once', async () => {
    const { alerts, sweep, sent, notifications, logger } = setUp();
    sweep.integrations = [health(calls(5000, 0.969))];
    notifications.send.mockRejectedValueOnce(new Error('notifications down'));
    expect(await alerts.integrations()).toMatchObject({
      alerts: 0,
      failures: 1,
    });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('failed, retried next run: notifications down'),
    );
    expect(await alerts.integrations()).toMatchObject({ alerts: 1 });
    await alerts.integrations();
    expect(sent).toHaveLength(1);

    // A failed recovery notice stays owed too.
    sweep.integrations = [health(calls(5000, 0.999))];
    notifications.send.mockRejectedValueOnce(new Error('notifications down'));
    expect(await alerts.integrations()).toMatchObject({ recoveries: 0 });
    expect(await alerts.integrations()).toMatchObject({ recoveries: 1 });
    expect(sent).toHaveLength(2);
  });

  it('reads each team with its own credentials', async () => {
    const { alerts, sweep } = setUp();
    await alerts.integrations();
    expect(sweep.principals).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          subject: `plugin:metrics:acting-for:${PAYMENTS}`,
        }),
        expect.objectContaining({
          subject: `plugin:metrics:acting-for:${TRIBE}`,
        }),
      ]),
    );
  });

  it('alerts a KPI missing its target to the entity’s owner, once', async () => {
    const { alerts, sweep, sent } = setUp();
    sweep.kpis = [{ entityRef: API, definition: logins, value: 1008 }];
    expect(await alerts.kpis()).toMatchObject({ metrics: 1, alerts: 1 });
    await alerts.kpis();
    expect(sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: PAYMENTS },
        payload: expect.objectContaining({
          title: 'KPI logins of payment-gateway misses its target',
          severity: 'high',
          topic: 'Metrics: KPI alerts',
        }),
      },
    ]);
    expect(sent[0].payload.description).toContain(
      '1,008 over 7d, 492 below its target (above 1,500)',
    );
    // No value: the alert stays open; a value on target closes it.
    sweep.kpis = [{ entityRef: API, definition: logins, value: null }];
    expect(await alerts.kpis()).toMatchObject({ recoveries: 0, unjudged: 1 });
    sweep.kpis = [{ entityRef: API, definition: logins, value: 1600 }];
    expect(await alerts.kpis()).toMatchObject({ recoveries: 1 });
  });

  describe('on a shared database', () => {
    const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

    it('two replicas running at once send one alert and one recovery', async () => {
      const knex = await databases.init('SQLITE_3');
      const database = { getClient: async () => knex };
      const sweep = new FakeSweep();
      const one = setUp(
        await DatabaseMetricAlertStore.create({ database }),
        sweep,
      );
      const two = setUp(
        await DatabaseMetricAlertStore.create({ database }),
        sweep,
      );
      sweep.integrations = [health(calls(5000, 0.969))];
      await Promise.all([one.alerts.integrations(), two.alerts.integrations()]);
      expect(one.sent.length + two.sent.length).toBe(1);
      sweep.integrations = [health(calls(5000, 0.999))];
      await Promise.all([one.alerts.integrations(), two.alerts.integrations()]);
      expect(one.sent.length + two.sent.length).toBe(2);
    });
  });
});
