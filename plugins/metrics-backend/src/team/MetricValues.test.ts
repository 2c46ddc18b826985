import {
  TestDatabases,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { dayBounds } from '@metrics-suite/backstage-plugin-metrics-common';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  VectorItem,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseSnapshotStore } from '../database/DatabaseSnapshotStore';
import type { SnapshotRow } from '../database/SnapshotStore';
import { PrometheusClient } from '../sources/prometheus';
import { SqlEventsSource, readSqlEventsConfig } from '../sources/sql';
import type { PrometheusInstance } from '../readers';
import { MetricValues } from './MetricValues';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);
const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

/** A week of complete days, oldest first; "today" is 2025-03-10. */
const WEEK = [
  '2025-03-03',
  '2025-03-04',
  '2025-03-05',
  '2025-03-06',
  '2025-03-07',
  '2025-03-08',
  '2025-03-09',
];
const SVC = 'component:default/svc-0';
const APP = 'component:default/app';
const AVAILABILITY = { entityRef: SVC, metricId: 'slo:availability' };

const rootConfig = {
  metrics: {
    prometheus: {
      instances: [
        {
          name: 'main',
          baseUrl: FAKE_PROMETHEUS_BASE,
          // The app's KPI reads its squad's series by a label of their own.
          catalogQueries: {
            grants: [
              { owner: 'group:default/squad-a', matchers: { team: 'squad-a' } },
            ],
          },
        },
      ],
    },
    defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
    sqlEvents: {},
  },
};

function component(name: string, metrics?: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      ...(metrics
        ? { metrics }
        : {
            annotations: { 'metrics-suite/prometheus-service': name },
          }),
    },
    spec: { type: 'service', owner: 'squad-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/squad-a' }],
  };
}

const app = component('app', {
  integrations: [
    { name: 'crm-sync', source: 'sql', eventType: 'sync', partner: 'crm' },
  ],
  kpis: [
    {
      name: 'signups',
      bucket: 'business',
      source: 'prometheus',
      query: 'sum(increase(signups_total{team="squad-a"}[{{window}}]))',
    },
    {
      name: 'active-users',
      bucket: 'usage',
      source: 'sql',
      eventType: 'login',
      metric: 'uniques',
    },
  ],
});

function row(
  entityRef: string,
  metricId: string,
  day: string,
  numerator: number,
  denominator: number | null,
): SnapshotRow {
  return {
    entityRef,
    metricId,
    day,
    numerator,
    denominator,
    source: 'prometheus:main',
  };
}

/** svc-0 over seven days: 6930 good of 7000 requests; 400 calls to stripe, 380 fine. */
function liveWeek(query: string): VectorItem[] | undefined {
  if (!query.includes('[7d]')) return undefined;
  const value = (v: number) => [{ metric: {}, value: String(v) }];
  if (query.includes('integration="stripe"')) {
    return value(query.includes('outcome="success"') ? 380 : 400);
  }
  if (query.includes('http_server_requests_total')) {
    return value(query.includes('code!~') ? 6930 : 7000);
  }
  if (query.startsWith('sum(increase(signups_total')) return value(70);
  return undefined;
}

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseSnapshotStore.create({
    database: { getClient: async () => knex },
  });
  const config = readMetricsConfig(new ConfigReader(rootConfig));
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
    [
      'main',
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ],
  ]);
  // The SQL events table lives in the same test database.
  await knex.schema.createTable('analytics_events', table => {
    table.timestamp('occurred_at');
    table.string('event_type');
    table.string('partner').nullable();
    table.string('outcome').nullable();
    table.string('error_class').nullable();
    table.string('user_id');
  });
  const event = (
    day: string,
    type: string,
    user: string,
    extra: { partner?: string; outcome?: string } = {},
  ) => ({
    occurred_at: new Date(`${day}T12:00:00Z`),
    event_type: type,
    partner: extra.partner ?? null,
    outcome: extra.outcome ?? null,
    error_class: null,
    user_id: user,
  });
  await knex('analytics_events').insert([
    // u1 logs in every day, u2 once: 2 users over the week, 8 user-days.
    ...WEEK.map(day => event(day, 'login', 'u1')),
    event(WEEK[3], 'login', 'u2'),
    event(WEEK[0], 'sync', 'u1', { partner: 'crm', outcome: 'success' }),
    event(WEEK[2], 'sync', 'u1', { partner: 'crm', outcome: 'success' }),
    event(WEEK[5], 'sync', 'u1', { partner: 'crm', outcome: 'failure' }),
    event(WEEK[6], 'sync', 'u1', { partner: 'crm' }),
    // The day after the week is not counted.
    event('2025-03-10', 'sync', 'u1', { partner: 'crm', outcome: 'failure' }),
  ]);
  const sql = new SqlEventsSource({
    knex,
    config: readSqlEventsConfig(new ConfigReader(rootConfig)),
  });
  const fake = fakePrometheus(server, { instant: liveWeek });
  const values = new MetricValues({
    catalog: catalogServiceMock({ entities: [component('svc-0'), app] }),
    auth: mockServices.auth(),
    config,
    store,
    prometheus,
    sql,
  });
  return { store, fake, values };
}

describe('MetricValues', () => {
  it('adds up stored snapshots when every day of the range is stored', async () => {
    const { store, fake, values } = await setUp();
    await store.upsertSnapshots([
      ...WEEK.slice(0, 6).map(day =>
        row(SVC, 'slo:availability', day, 990, 1000),
      ),
      // A day without traffic weighs nothing.
      row(SVC, 'slo:availability', WEEK[6], 0, 0),
    ]);

    await expect(
      values.currentValue(AVAILABILITY, '2025-03-10'),
    ).resolves.toEqual({
      metric: AVAILABILITY,
      name: 'availability',
      unit: 'ratio',
      value: 0.99,
      numerator: 5940,
      denominator: 6000,
      fromDay: WEEK[0],
      toDay: WEEK[6],
      source: 'snapshots',
    });
    expect(fake.seen).toEqual([]);
  });

  it('reads the source live over the same days when a day is not stored', async () => {
    const { store, fake, values } = await setUp();
    await store.upsertSnapshots(
      WEEK.slice(1).map(day => row(SVC, 'slo:availability', day, 1, 1)),
    );

    const value = await values.valueOver(
      { entityRef: 'component:default/svc-0', metricId: 'slo:availability' },
      WEEK[0],
      WEEK[6],
    );

    expect(value).toMatchObject({
      value: 0.99,
      numerator: 6930,
      denominator: 7000,
      source: 'live',
    });
    // Seven days up to the end of the last one.
    expect(fake.seen.map(s => s.form.get('time'))).toEqual([
      String(dayBounds(WEEK[6]).end),
      String(dayBounds(WEEK[6]).end),
    ]);
    expect(fake.unmatched).toEqual([]);
  });

  it('says "no data" rather than 100 % without any valid event', async () => {
    const { store, values } = await setUp();
    await store.upsertSnapshots(
      WEEK.map(day => row(SVC, 'slo:availability', day, 0, 0)),
    );
    await expect(
      values.valueOver(AVAILABILITY, WEEK[0], WEEK[6]),
    ).resolves.toMatchObject({ value: null, numerator: 0, denominator: 0 });

    // Live, Prometheus knows nothing of these days either.
    await expect(
      values.valueOver(AVAILABILITY, '2025-01-01', '2025-01-02'),
    ).resolves.toMatchObject({
      value: null,
      numerator: 0,
      denominator: 0,
      source: 'live',
    });
  });

  it('sums counts, and counts distinct users over the whole range live', async () => {
    const { store, values } = await setUp();
    await store.upsertSnapshots(
      WEEK.flatMap(day => [
        row(APP, 'kpi:signups', day, 10, null),
        row(APP, 'kpi:active-users', day, day === WEEK[3] ? 2 : 1, null),
      ]),
    );

    const signups = await values.valueOver(
      { entityRef: APP, metricId: 'kpi:signups' },
      WEEK[0],
      WEEK[6],
    );
    expect(signups).toEqual({
      metric: { entityRef: APP, metricId: 'kpi:signups' },
      name: 'signups',
      unit: 'count',
      value: 70,
      numerator: 70,
      fromDay: WEEK[0],
      toDay: WEEK[6],
      source: 'snapshots',
    });

    const users = { entityRef: APP, metricId: 'kpi:active-users' };
    await expect(
      values.valueOver(users, WEEK[0], WEEK[6]),
    ).resolves.toMatchObject({ value: 2, source: 'live' });
    // One day's distinct users is what the day's snapshot holds.
    await expect(
      values.valueOver(users, WEEK[3], WEEK[3]),
    ).resolves.toMatchObject({ value: 2, source: 'snapshots' });
  });

  it('counts integrations of other sources over the same whole days', async () => {
    const { values } = await setUp();
    // Events without an outcome say nothing; the day after the range is left out.
    await expect(
      values.valueOver(
        { entityRef: APP, metricId: 'integration:crm-sync' },
        WEEK[0],
        WEEK[6],
      ),
    ).resolves.toMatchObject({
      value: 2 / 3,
      numerator: 2,
      denominator: 3,
      source: 'live',
    });
  });

  it('knows discovered integrations by their calls', async () => {
    const { store, values } = await setUp();
    const stripe = { entityRef: SVC, metricId: 'integration:stripe' };
    await expect(
      values.valueOver(stripe, WEEK[0], WEEK[6]),
    ).resolves.toMatchObject({ value: 0.95, source: 'live' });

    const old = { entityRef: SVC, metricId: 'integration:legacy' };
    await expect(values.valueOver(old, WEEK[0], WEEK[6])).rejects.toThrow(
      NotFoundError,
    );
    // Called once, long ago: it exists, without calls this week.
    await store.upsertSnapshots([
      row(SVC, 'integration:legacy', '2025-01-15', 5, 5),
    ]);
    await expect(
      values.valueOver(old, WEEK[0], WEEK[6]),
    ).resolves.toMatchObject({ value: null, denominator: 0 });
  });

  it('describes a metric and rejects unknown ones and bad ranges', async () => {
    const { values } = await setUp();
    await expect(
      values.describe({ entityRef: APP, metricId: 'kpi:signups' }),
    ).resolves.toEqual({
      metric: { entityRef: APP, metricId: 'kpi:signups' },
      name: 'signups',
      unit: 'count',
      kind: 'kpi',
      owner: 'group:default/squad-a',
      sensitive: false,
    });
    await expect(
      values.describe({ entityRef: 'component:default/nope', metricId: 'x' }),
    ).rejects.toThrow(NotFoundError);
    await expect(
      values.describe({ entityRef: APP, metricId: 'kpi:nope' }),
    ).rejects.toThrow('component:default/app has no metric "kpi:nope"');
    await expect(
      values.describe({ entityRef: 'not a ref', metricId: 'kpi:signups' }),
    ).rejects.toThrow(InputError);
    await expect(
      values.valueOver(AVAILABILITY, WEEK[6], WEEK[0]),
    ).rejects.toThrow(InputError);
    await expect(
      values.valueOver(AVAILABILITY, '2025-02-30', WEEK[0]),
    ).rejects.toThrow(InputError);
  });
});
