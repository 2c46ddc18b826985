import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import type {
  GroupEntitySummary,
  GroupMetricsResponse,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { DatabaseNudgeStore } from '../../database/DatabaseNudgeStore';
import type { ViewRequest } from '../../http/parseViewRequest';
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

/** The group views as the nudges see them; each team's services can be changed between runs. */
class FakeGroupViews {
  readonly requests: Array<{ request: ViewRequest; principal: unknown }> = [];
  readonly services = new Map<string, GroupEntitySummary[]>();
  readonly failing = new Map<string, 'view' | 'source'>();

  set(teamRef: string, services: GroupEntitySummary[]) {
    this.services.set(teamRef, services);
  }

  async getGroupView(
    request: ViewRequest,
    credentials: BackstageCredentials,
  ): Promise<GroupMetricsResponse> {
    this.requests.push({ request, principal: credentials.principal });
    const ref = `group:${request.entityRef.namespace}/${request.entityRef.name}`;
    if (this.failing.get(ref) === 'view') {
      throw new NotFoundError(`No group ${ref} found`);
    }
    const sourceDown = this.failing.get(ref) === 'source';
    const items = (this.services.get(ref) ?? []).map(summary =>
      sourceDown ? { ...summary, slos: [] } : summary,
    );
    return {
      entityRef: ref,
      range: { window: request.range, start: '', end: '' },
      groups: [ref],
      entities: {
        status: sourceDown ? 'error' : 'ok',
        ...(sourceDown ? { error: 'Prometheus "main": down' } : {}),
        items,
      },
      integrations: { status: 'ok', items: [] },
      metrics: [],
      problems: [],
      hiddenSensitive: 0,
    };
  }
}

function service(
  entityRef: string,
  owner: string,
  slos: SloViewItem[],
): GroupEntitySummary {
  return {
    entityRef,
    owner,
    slos,
    worstState: slos[0]?.state ?? 'none',
    problems: [],
  };
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
  const groupViews = new FakeGroupViews();
  const alerts = new BurnRateAlerts({
    store,
    catalog,
    auth: mockServices.auth(),
    groupViews,
    notifications,
    logger: mockServices.logger.mock(),
    teamTypes: ['team', 'squad'],
    now: () => NOW,
  });
  return { store, sent, notifications, groupViews, alerts };
}

describe.each(databases.eachSupportedId())('BurnRateAlerts on %s', id => {
  it('sends each level once while an alert stays open, then the recovery', async () => {
    const { store, sent, groupViews, alerts } = await setUp(id);
    const runWith = async (alert: SloViewItem['alert']) => {
      groupViews.set(PAYMENTS, [service(API, PAYMENTS, [slo(alert)])]);
      return alerts.run();
    };

    expect(await runWith('ticket')).toEqual({
      teams: 2,
      slos: 1,
      alerts: 1,
      recoveries: 0,
      failures: 0,
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

  it('reads every team of the configured types over 1h with its own credentials', async () => {
    const { groupViews, alerts } = await setUp(id);
    await alerts.run();
    expect(
      groupViews.requests
        .map(r => [r.request.entityRef.name, r.request.range, r.principal])
        .sort(),
    ).toEqual([
      ['checkout', '1h', { type: 'service', subject: 'plugin:test' }],
      ['payments', '1h', { type: 'service', subject: 'plugin:test' }],
    ]);
  });

  it('reads each team with the credentials given for that team', async () => {
    const { store, groupViews, notifications } = await setUp(id);
    const alerts = new BurnRateAlerts({
      store,
      catalog,
      auth: mockServices.auth(),
      groupViews,
      notifications,
      logger: mockServices.logger.mock(),
      teamTypes: ['team', 'squad'],
      now: () => NOW,
      credentialsFor: async teamRef =>
        mockCredentials.service(`external:for-${teamRef}`),
    });
    await alerts.run();
    expect(
      groupViews.requests
        .map(r => [r.request.entityRef.name, r.principal])
        .sort(),
    ).toEqual([
      ['checkout', { type: 'service', subject: `external:for-${CHECKOUT}` }],
      ['payments', { type: 'service', subject: `external:for-${PAYMENTS}` }],
    ]);
  });

  it('notifies once for a service that two teams roll up, to the SLO owner when it has one', async () => {
    const { sent, groupViews, alerts } = await setUp(id);
    const latency = slo('page', {
      id: 'slo:latency',
      name: 'latency',
      owner: 'group:default/sre',
    });
    const summary = service(API, CHECKOUT, [slo('page'), latency]);
    groupViews.set(PAYMENTS, [summary]);
    groupViews.set(CHECKOUT, [summary]);

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
    const { store, sent, groupViews, alerts } = await setUp(id);
    groupViews.set(PAYMENTS, [service(API, PAYMENTS, [slo('page')])]);
    await alerts.run();
    expect(sent).toHaveLength(1);

    // Prometheus fails: the SLO is missing from the view, so nothing is known about it.
    groupViews.failing.set(PAYMENTS, 'source');
    await alerts.run();
    expect((await store.getAlertState(API, 'slo:availability'))?.level).toBe(
      'page',
    );
    groupViews.failing.delete(PAYMENTS);
    await alerts.run();
    expect(sent).toHaveLength(1);

    groupViews.set(PAYMENTS, [
      service(API, PAYMENTS, [
        slo('none', { state: 'no-data', sli: null, burnRates: {} }),
      ]),
    ]);
    await alerts.run();
    expect(sent).toHaveLength(1);
    expect(await store.getAlertState(API, 'slo:availability')).toBeUndefined();
  });

  it('retries a notification that could not be sent, and carries on with other teams', async () => {
    const { store, sent, notifications, groupViews, alerts } = await setUp(id);
    groupViews.set(PAYMENTS, [service(API, PAYMENTS, [slo('ticket')])]);
    groupViews.failing.set(CHECKOUT, 'view');
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
