import {
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type { SloViewItem } from '@metrics-suite/backstage-plugin-metrics-common';
import { setupServer } from 'msw/node';
import { readMetricsConfig } from '../../config/metricsConfig';
import { DatabaseNudgeStore } from '../../database/DatabaseNudgeStore';
import type { AlertStateRow } from '../../database/NudgeStore';
import type { PrometheusInstance } from '../../readers';
import { PrometheusClient } from '../../sources/prometheus';
import { OrgSweep } from '../../sweeps';
import {
  SWEEP_PROMETHEUS,
  sweepPrometheus,
} from '../../sweeps/__testUtils__/sweepPrometheus';
import type { SweepRequest, SweepResult, SweptService } from '../../sweeps';
import { BurnRateAlerts } from './burnRateAlerts';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NOW = new Date('2025-03-10T08:00:00Z');
const PAYMENTS = 'group:default/payments';
const CHECKOUT = 'group:default/checkout';
const API = 'component:default/checkout-api';

function group(name: string, type: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type, children: [] },
  };
}

const catalog = catalogServiceMock({
  entities: [
    group('payments', 'team'),
    group('checkout', 'squad'),
    group('payments-tribe', 'tribe'),
  ],
});

function slo(
  alert: SloViewItem['alert'],
  overrides: Partial<SloViewItem> = {},
): SloViewItem {
  const burnRates: Record<SloViewItem['alert'], SloViewItem['burnRates']> = {
    page: { '1h': 20, '5m': 22 },
    ticket: { '1d': 4, '2h': 5 },
    none: { '1h': 0.2, '5m': 0.1 },
  };
  return {
    id: 'slo:availability',
    name: 'availability',
    objective: 99.9,
    window: '28d',
    sli: 0.9991,
    budgetRemaining: 0.1,
    burnRates: burnRates[alert],
    alert,
    state: alert === 'none' ? 'healthy' : 'at-risk',
    counts: { good: 9991, valid: 10000 },
    ...overrides,
  };
}

/** The org-wide sweep as the nudges see it; each team's services can be changed between runs. */
class FakeSweep {
  readonly requests: Array<{ teamRef: string; principal: unknown }> = [];
  lastRequest?: SweepRequest;
  readonly services = new Map<string, SweptService[]>();
  readonly failing = new Map<string, 'view' | 'source'>();

  set(teamRef: string, services: SweptService[]) {
    this.services.set(teamRef, services);
  }

  async slos(request: SweepRequest): Promise<SweepResult<SweptService>> {
    this.lastRequest = request;
    const teams = await Promise.all(
      request.teamRefs.map(async teamRef => {
        const credentials = await request.credentialsFor(teamRef);
        this.requests.push({ teamRef, principal: credentials.principal });
        if (this.failing.get(teamRef) === 'view') {
          return { teamRef, error: `No group ${teamRef} found` };
        }
        const sourceDown = this.failing.get(teamRef) === 'source';
        const items = (this.services.get(teamRef) ?? []).map(summary =>
          sourceDown ? { ...summary, slos: [] } : summary,
        );
        return { teamRef, items };
      }),
    );
    const down = [...this.failing.values()].includes('source');
    return {
      teams,
      errors: down ? ['Prometheus "main": down'] : [],
      prometheusQueries: 2,
    };
  }
}

function service(
  entityRef: string,
  owner: string,
  slos: SloViewItem[],
): SweptService {
  return { entityRef, owner, slos };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseNudgeStore.create({
    database: { getClient: async () => knex },
  });
  const sent: NotificationSendOptions[] = [];
  const notifications = {
    send: jest.fn(async (options: NotificationSendOptions) => {
      sent.push(options);
    }),
  };
  const sweep = new FakeSweep();
  const alerts = new BurnRateAlerts({
    store,
    catalog,
    auth: mockServices.auth(),
    sweep,
    notifications,
    logger: mockServices.logger.mock(),
    teamTypes: ['team', 'squad'],
    now: () => NOW,
  });
  return { store, sent, notifications, sweep, alerts };
}

describe.each(databases.eachSupportedId())('BurnRateAlerts on %s', id => {
  it('sends each level once while an alert stays open, then the recovery', async () => {
    const { store, sent, sweep, alerts } = await setUp(id);
    const runWith = async (alert: SloViewItem['alert']) => {
      sweep.set(PAYMENTS, [service(API, PAYMENTS, [slo(alert)])]);
      return alerts.run();
    };

    expect(await runWith('ticket')).toEqual({
      teams: 2,
      slos: 1,
      alerts: 1,
      recoveries: 0,
      failures: 0,
      prometheusQueries: 2,
    });
    await runWith('ticket');
    await runWith('ticket');
    expect(await store.getAlertState(API, 'slo:availability')).toEqual({
      entityRef: API,
      sloId: 'slo:availability',
      level: 'ticket',
      since: NOW.toISOString(),
    });
    await runWith('page');
    await runWith('page');
    // Falling back to a ticket and burning fast again is the same episode: no second page.
    await runWith('ticket');
    await runWith('page');
    expect((await store.getAlertState(API, 'slo:availability'))?.level).toBe(
      'page',
    );
    await runWith('none');
    await runWith('none');
    expect(await store.getAlertState(API, 'slo:availability')).toBeUndefined();
    // A new episode alerts afresh.
    await runWith('ticket');

    expect(
      sent.map(s => [
        s.payload.severity,
        s.payload.title,
        s.recipients,
        s.payload.scope,
      ]),
    ).toEqual([
      [
        'high',
        'Ticket: availability of checkout-api burns its error budget',
        { type: 'entity', entityRef: PAYMENTS },
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
      ],
      [
        'critical',
        'Page: availability of checkout-api burns its error budget',
        { type: 'entity', entityRef: PAYMENTS },
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
      ],
      [
        'normal',
        'Recovered: availability of checkout-api',
        { type: 'entity', entityRef: PAYMENTS },
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
      ],
      [
        'high',
        'Ticket: availability of checkout-api burns its error budget',
        { type: 'entity', entityRef: PAYMENTS },
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
      ],
    ]);
    expect(sent[0].payload.link).toBe(
      '/catalog/default/component/checkout-api/metrics',
    );
    expect(sent[0].payload.topic).toBe('Metrics: burn-rate alerts');
    expect(sent[1].payload.description).toContain(
      '20.0× over 1h and 22.0× over 5m',
    );
  });

  it('reads every team of the configured types with its own credentials', async () => {
    const { sweep, alerts } = await setUp(id);
    await alerts.run();
    expect(sweep.requests.map(r => [r.teamRef, r.principal]).sort()).toEqual([
      [CHECKOUT, { type: 'service', subject: 'plugin:test' }],
      [PAYMENTS, { type: 'service', subject: 'plugin:test' }],
    ]);
  });

  it('leaves the instances whose rules alert to Alertmanager out of the sweep', async () => {
    const { store, sweep, notifications } = await setUp(id);
    const alerts = new BurnRateAlerts({
      store,
      catalog,
      auth: mockServices.auth(),
      sweep,
      notifications,
      logger: mockServices.logger.mock(),
      teamTypes: ['team', 'squad'],
      now: () => NOW,
      alertingInstances: new Set(['main']),
    });
    await alerts.run();
    expect(sweep.lastRequest?.skipInstances).toEqual(new Set(['main']));
  });

  it('reads each team with the credentials given for that team', async () => {
    const { store, sweep, notifications } = await setUp(id);
    const alerts = new BurnRateAlerts({
      store,
      catalog,
      auth: mockServices.auth(),
      sweep,
      notifications,
      logger: mockServices.logger.mock(),
      teamTypes: ['team', 'squad'],
      now: () => NOW,
      credentialsFor: async teamRef =>
        mockCredentials.service(`external:for-${teamRef}`),
    });
    await alerts.run();
    expect(sweep.requests.map(r => [r.teamRef, r.principal]).sort()).toEqual([
      [CHECKOUT, { type: 'service', subject: `external:for-${CHECKOUT}` }],
      [PAYMENTS, { type: 'service', subject: `external:for-${PAYMENTS}` }],
    ]);
  });

  it('notifies once for a service that two teams roll up, to the SLO owner when it has one', async () => {
    const { sent, sweep, alerts } = await setUp(id);
    const latency = slo('page', {
      id: 'slo:latency',
      name: 'latency',
      owner: 'group:default/sre',
    });
    const summary = service(API, CHECKOUT, [slo('page'), latency]);
    sweep.set(PAYMENTS, [summary]);
    sweep.set(CHECKOUT, [summary]);

    const result = await alerts.run();
    expect(result.slos).toBe(2);
    expect(result.alerts).toBe(2);
    expect(
      sent
        .map(s => [s.payload.scope, s.recipients])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    ).toEqual([
      [
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
        { type: 'entity', entityRef: CHECKOUT },
      ],
      [
        'metrics:burn-rate:component:default/checkout-api:slo:latency',
        { type: 'entity', entityRef: 'group:default/sre' },
      ],
    ]);
  });

  it('closes an alert without data silently, and keeps it while the source is down', async () => {
    const { store, sent, sweep, alerts } = await setUp(id);
    sweep.set(PAYMENTS, [service(API, PAYMENTS, [slo('page')])]);
    await alerts.run();
    expect(sent).toHaveLength(1);

    // Prometheus fails: the SLO is missing from the view, so nothing is known about it.
    sweep.failing.set(PAYMENTS, 'source');
    await alerts.run();
    expect((await store.getAlertState(API, 'slo:availability'))?.level).toBe(
      'page',
    );
    sweep.failing.delete(PAYMENTS);
    await alerts.run();
    expect(sent).toHaveLength(1);

    sweep.set(PAYMENTS, [
      service(API, PAYMENTS, [
        slo('none', { state: 'no-data', sli: null, burnRates: {} }),
      ]),
    ]);
    await alerts.run();
    expect(sent).toHaveLength(1);
    expect(await store.getAlertState(API, 'slo:availability')).toBeUndefined();
  });

  it('retries a notification that could not be sent, and carries on with other teams', async () => {
    const { store, sent, notifications, sweep, alerts } = await setUp(id);
    sweep.set(PAYMENTS, [service(API, PAYMENTS, [slo('ticket')])]);
    sweep.failing.set(CHECKOUT, 'view');
    notifications.send.mockRejectedValueOnce(new Error('notifications down'));

    expect(await alerts.run()).toMatchObject({ alerts: 0, failures: 2 });
    expect(await store.getAlertState(API, 'slo:availability')).toBeUndefined();

    expect(await alerts.run()).toMatchObject({ alerts: 1, failures: 1 });
    expect(sent).toHaveLength(1);
    expect((await store.getAlertState(API, 'slo:availability'))?.level).toBe(
      'ticket',
    );
  });
});

describe('BurnRateAlerts over a real sweep', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** `teams` teams with one annotated service each, read by the real sweep. */
  function org(teams: number) {
    const entities: Entity[] = Array.from({ length: teams }, (_, i) => [
      group(`t${1000 + i}`, 'team'),
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: {
          name: `t${1000 + i}-api`,
          namespace: 'default',
          annotations: {
            'metrics-suite/prometheus-service': `t${1000 + i}-api`,
          },
        },
        spec: {
          type: 'service',
          owner: `t${1000 + i}`,
          lifecycle: 'production',
        },
        relations: [
          { type: 'ownedBy', targetRef: `group:default/t${1000 + i}` },
        ],
      },
    ]).flat();
    const config = readMetricsConfig(
      new ConfigReader({
        metrics: {
          prometheus: {
            instances: [{ name: 'main', baseUrl: SWEEP_PROMETHEUS }],
          },
          defaultSlos: [
            { name: 'availability', objective: 99.9, window: '28d' },
          ],
        },
      }),
    );
    const [instance] = config.prometheus;
    const orgCatalog = catalogServiceMock({ entities });
    const states = new Map<string, AlertStateRow>();
    const sent: NotificationSendOptions[] = [];
    const alerts = new BurnRateAlerts({
      store: {
        getAlertState: async (entityRef, sloId) =>
          states.get(`${entityRef} ${sloId}`),
        setAlertState: async state => {
          states.set(`${state.entityRef} ${state.sloId}`, state);
        },
        clearAlertState: async (entityRef, sloId) => {
          states.delete(`${entityRef} ${sloId}`);
        },
      },
      catalog: orgCatalog,
      auth: mockServices.auth(),
      sweep: new OrgSweep({
        catalog: orgCatalog,
        logger: mockServices.logger.mock(),
        config,
        permissions: mockServices.permissions(),
        prometheus: new Map<string, PrometheusInstance>([
          [
            'main',
            {
              client: PrometheusClient.fromConfig(instance),
              convention: instance.convention,
            },
          ],
        ]),
      }),
      notifications: {
        send: async (options: NotificationSendOptions) => {
          sent.push(options);
        },
      },
      logger: mockServices.logger.mock(),
      teamTypes: ['team'],
      now: () => NOW,
    });
    return { alerts, sent };
  }

  it('costs the same Prometheus queries for 1,000 teams as for 10, and alerts every burning service', async () => {
    // Every service fails 5% of its requests in every window: far over a 99.9% objective.
    // One Prometheus holding the services of all 1,000 teams.
    const queries = sweepPrometheus(
      server,
      (_service, query) => (query.includes('code!~"5..') ? 950 : 1000),
      Array.from({ length: 1000 }, (_, i) => `t${1000 + i}-api`),
    );
    const small = org(10);
    const few = await small.alerts.run();
    const atTen = queries.length;
    const large = org(1000);
    const many = await large.alerts.run();

    expect(few).toMatchObject({ teams: 10, slos: 10, alerts: 10, failures: 0 });
    expect(many).toMatchObject({
      teams: 1000,
      slos: 1000,
      alerts: 1000,
      failures: 0,
    });
    expect(many.prometheusQueries).toBe(few.prometheusQueries);
    expect(queries.length - atTen).toBe(atTen);
    expect(few.prometheusQueries).toBe(atTen);
    // Each alert goes to the team owning the service.
    expect(large.sent[999].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/t1999',
    });
  });
});
