import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type {
  MetricRef,
  MetricValue,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseTeamRecordStore } from '../database/DatabaseTeamRecordStore';
import {
  GoalService,
  MetricValueReader,
  isMet,
  outcomeWindow,
} from './GoalService';
import { TeamMetrics } from './TeamMetrics';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TODAY = '2026-11-22';
const TEAM = 'group:default/checkout';
const API = 'component:default/checkout-api';
const credentials = mockCredentials.user('user:default/ada');
const caller = { credentials, userRef: 'user:default/ada' };

function group(name: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'squad', children },
    relations: children.map(c => ({
      type: 'parentOf',
      targetRef: `group:default/${c}`,
    })),
  };
}

function component(name: string, owner: string, metrics?: JsonObject): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': name },
      ...(metrics ? { metrics } : {}),
    },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const sqlKpi = (name: string, extra: JsonObject = {}): JsonObject => ({
  name,
  bucket: 'business',
  source: 'sql',
  eventType: name,
  ...extra,
});

const entities = [
  group('checkout', ['checkout-payments']),
  group('checkout-payments'),
  group('search'),
  // Default SLO plus two KPIs, one sensitive.
  component('checkout-api', 'checkout', {
    kpis: [sqlKpi('orders'), sqlKpi('revenue', { sensitive: true })],
  }),
  // Owned by a sub-group of the team.
  component('payments-api', 'checkout-payments'),
  // Another team's service with one KPI assigned to the checkout team.
  component('search-api', 'search', {
    kpis: [sqlKpi('conversions', { owner: 'checkout' }), sqlKpi('queries')],
  }),
];

const config = readMetricsConfig(
  new ConfigReader({
    metrics: {
      defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
    },
  }),
);

/** Values by `entityRef metricId`; absent metrics throw NotFoundError like MetricValues. */
function fakeValues(values: Record<string, number | null>) {
  const calls: string[] = [];
  const read = (metric: MetricRef, fromDay: string, toDay: string) => {
    calls.push(`${metric.entityRef} ${metric.metricId} ${fromDay}..${toDay}`);
    const key = `${metric.entityRef} ${metric.metricId}`;
    if (!(key in values)) {
      return Promise.reject(new NotFoundError(`No metric ${key}`));
    }
    const value: MetricValue = {
      metric,
      name: metric.metricId,
      unit: 'ratio',
      value: values[key],
      numerator: 0,
      fromDay,
      toDay,
      source: 'snapshots',
    };
    return Promise.resolve(value);
  };
  const reader: MetricValueReader = {
    currentValue: (metric, today) => {
      // The 7 complete days up to yesterday, as MetricValues reads them.
      const { fromDay, toDay } = outcomeWindow(today, today);
      return read(metric, fromDay, toDay);
    },
    valueOver: read,
  };
  return { reader, calls };
}

async function setUp(
  options: {
    values?: Record<string, number | null>;
    permission?: AuthorizeResult.ALLOW | AuthorizeResult.DENY;
    today?: string;
  } = {},
) {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseTeamRecordStore.create({
    database: { getClient: async () => knex },
  });
  const catalog = catalogServiceMock({ entities });
  const permissions = mockServices.permissions({
    result: options.permission ?? AuthorizeResult.ALLOW,
  });
  const teamMetrics = new TeamMetrics({
    catalog,
    permissions,
    config,
    prometheus: new Map(),
  });
  const values = fakeValues(
    options.values ?? {
      [`${API} slo:availability`]: 0.995,
      [`${API} kpi:orders`]: 1200,
    },
  );
  let today = options.today ?? TODAY;
  const logger = mockServices.logger.mock();
  const goals = new GoalService({
    store,
    teamMetrics,
    values: values.reader,
    logger,
    now: () => new Date(`${today}T12:00:00Z`),
  });
  const team = (await catalog.getEntityByRef(TEAM, { credentials }))!;
  return {
    store,
    goals,
    team,
    teamMetrics,
    logger,
    calls: values.calls,
    setToday: (day: string) => {
      today = day;
    },
  };
}

const availability = { entityRef: API, metricId: 'slo:availability' };

describe('outcomeWindow and isMet', () => {
  it('ends on the due date, or yesterday when the due date is today or later', () => {
    expect(outcomeWindow('2026-11-10', TODAY)).toEqual({
      fromDay: '2026-11-04',
      toDay: '2026-11-10',
    });
    expect(outcomeWindow(TODAY, TODAY)).toEqual({
      fromDay: '2026-11-15',
      toDay: '2026-11-21',
    });
  });

  it('compares with the target in the goal direction', () => {
    expect(isMet({ direction: 'increase', target: 0.99 }, 0.99)).toBe(true);
    expect(isMet({ direction: 'increase', target: 0.99 }, 0.98)).toBe(false);
    expect(isMet({ direction: 'decrease', target: 10 }, 10)).toBe(true);
    expect(isMet({ direction: 'decrease', target: 10 }, 11)).toBe(false);
  });
});

describe('TeamMetrics', () => {
  it('accepts metrics of owned entities, sub-groups and metrics assigned to the team', async () => {
    const { teamMetrics, team } = await setUp();
    const resolved = await teamMetrics.resolve(
      team,
      [
        {
          entityRef: 'Component:default/checkout-api',
          metricId: 'kpi:orders',
        },
        {
          entityRef: 'component:default/payments-api',
          metricId: 'slo:availability',
        },
        {
          entityRef: 'component:default/search-api',
          metricId: 'kpi:conversions',
        },
        // Discovered from the integration label at query time.
        { entityRef: API, metricId: 'integration:stripe' },
      ],
      credentials,
    );
    // With the definition each check reads (a north star must be a KPI).
    expect(resolved.map(r => r.definition.kind)).toEqual([
      'kpi',
      'slo',
      'kpi',
      'integration',
    ]);
    expect(resolved.map(({ definition: _d, ...rest }) => rest)).toEqual([
      {
        metric: { entityRef: API, metricId: 'kpi:orders' },
        name: 'orders',
        unit: 'count',
      },
      {
        metric: {
          entityRef: 'component:default/payments-api',
          metricId: 'slo:availability',
        },
        name: 'availability',
        unit: 'ratio',
      },
      {
        metric: {
          entityRef: 'component:default/search-api',
          metricId: 'kpi:conversions',
        },
        name: 'conversions',
        unit: 'count',
      },
      {
        metric: { entityRef: API, metricId: 'integration:stripe' },
        name: 'stripe',
        unit: 'ratio',
      },
    ]);
  });

  it.each([
    [
      { entityRef: 'component:default/search-api', metricId: 'kpi:queries' },
      "'kpi:queries' of component:default/search-api is not a metric of group:default/checkout: the entity is owned by neither the team nor one of its sub-groups, and the metric names another owner",
    ],
    [
      { entityRef: API, metricId: 'kpi:nope' },
      "component:default/checkout-api has no metric 'kpi:nope'",
    ],
    [
      { entityRef: 'component:default/ghost', metricId: 'slo:availability' },
      'No entity component:default/ghost found',
    ],
  ])('rejects %j', async (ref, message) => {
    const { teamMetrics, team } = await setUp();
    const promise = teamMetrics.resolve(team, [ref], credentials);
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(message);
  });

  it('needs the sensitive read permission for sensitive metrics only', async () => {
    const { teamMetrics, team } = await setUp({
      permission: AuthorizeResult.DENY,
    });
    await expect(
      teamMetrics.resolve(
        team,
        [{ entityRef: API, metricId: 'kpi:orders' }],
        credentials,
      ),
    ).resolves.toHaveLength(1);
    await expect(
      teamMetrics.resolve(
        team,
        [{ entityRef: API, metricId: 'kpi:revenue' }],
        credentials,
      ),
    ).rejects.toThrow(
      new NotAllowedError(
        'Only members of group:default/checkout and admins can read its sensitive metrics',
      ),
    );
  });
});

describe('GoalService', () => {
  it('creates a goal with the current value as baseline', async () => {
    const { goals, team, calls } = await setUp();
    const goal = await goals.create(
      team,
      {
        metric: availability,
        target: 0.999,
        dueDate: '2026-12-31',
        notes: 'Fewer 5xx',
      },
      caller,
    );
    expect(goal).toEqual({
      id: expect.any(String),
      teamRef: TEAM,
      metric: availability,
      metricName: 'availability',
      unit: 'ratio',
      baseline: 0.995,
      target: 0.999,
      direction: 'increase',
      dueDate: '2026-12-31',
      notes: 'Fewer 5xx',
      author: 'user:default/ada',
      createdAt: expect.any(String),
      revision: 1,
      status: 'open',
    });
    expect(calls).toEqual([`${API} slo:availability 2026-11-15..2026-11-21`]);
  });

  it('takes a given baseline and derives a decreasing direction', async () => {
    const { goals, team, calls } = await setUp();
    const goal = await goals.create(
      team,
      {
        metric: { entityRef: API, metricId: 'kpi:orders' },
        target: 900,
        baseline: 1000,
        dueDate: TODAY,
      },
      caller,
    );
    expect(goal).toMatchObject({
      baseline: 1000,
      target: 900,
      direction: 'decrease',
      unit: 'count',
    });
    // Due today: already due, with the outcome measured so far.
    expect(goal.status).toBe('due');
    expect(goal.measuredOutcome).toBe(1200);
    expect(calls).toEqual([`${API} kpi:orders 2026-11-15..2026-11-21`]);
  });

  it('refuses a goal without a baseline when there is no data', async () => {
    const { goals, team } = await setUp({
      values: { [`${API} slo:availability`]: null },
    });
    await expect(
      goals.create(
        team,
        { metric: availability, target: 0.999, dueDate: '2026-12-31' },
        caller,
      ),
    ).rejects.toThrow(
      new InputError(
        "There is no data to set a baseline from: 'availability' has no value from 2026-11-15 to 2026-11-21; give the baseline",
      ),
    );
  });

  it('refuses ratio targets outside 0..1', async () => {
    const { goals, team } = await setUp();
    await expect(
      goals.create(
        team,
        { metric: availability, target: 99.9, dueDate: '2026-12-31' },
        caller,
      ),
    ).rejects.toThrow("'target' of 'availability' is a ratio between 0 and 1");
  });

  it('derives open, due, met and missed, and follows up once after the due date', async () => {
    const { goals, team, setToday, calls } = await setUp();
    const up = await goals.create(
      team,
      {
        metric: availability,
        target: 0.99,
        baseline: 0.98,
        dueDate: '2026-11-30',
      },
      caller,
    );
    const down = await goals.create(
      team,
      {
        metric: availability,
        target: 0.9,
        baseline: 0.98,
        dueDate: '2026-11-25',
      },
      caller,
    );

    await expect(goals.followUp(TEAM, up.id, {}, caller)).rejects.toThrow(
      new InputError(
        `Goal ${up.id} is due on 2026-11-30; it can be followed up from that day`,
      ),
    );

    setToday('2026-11-27');
    expect(
      (await goals.list(TEAM)).map(g => [g.id, g.status, g.measuredOutcome]),
    ).toEqual([
      [down.id, 'due', 0.995],
      [up.id, 'open', undefined],
    ]);

    calls.length = 0;
    const missed = await goals.followUp(
      TEAM,
      down.id,
      { notes: 'Traffic grew' },
      caller,
    );
    expect(calls).toEqual([`${API} slo:availability 2026-11-19..2026-11-25`]);
    expect(missed.status).toBe('missed');
    expect(missed.followUp).toEqual({
      goalId: down.id,
      measuredOutcome: 0.995,
      met: false,
      notes: 'Traffic grew',
      author: 'user:default/ada',
      createdAt: expect.any(String),
      revision: 1,
    });
    await expect(goals.followUp(TEAM, down.id, {}, caller)).rejects.toThrow(
      ConflictError,
    );

    setToday('2026-12-02');
    expect((await goals.followUp(TEAM, up.id, {}, caller)).status).toBe('met');
    expect((await goals.list(TEAM)).map(g => g.status)).toEqual([
      'missed',
      'met',
    ]);
  });

  it("lets the team say whether a goal was met when there is no data, and hides other teams' goals", async () => {
    const { goals, team, store, teamMetrics } = await setUp({
      today: '2026-11-01',
    });
    const goal = await goals.create(
      team,
      {
        metric: { entityRef: API, metricId: 'kpi:orders' },
        target: 2000,
        baseline: 1000,
        dueDate: '2026-11-10',
      },
      caller,
    );
    const other = await store.createGoal({
      teamRef: 'group:default/search',
      metric: {
        entityRef: 'component:default/search-api',
        metricId: 'kpi:queries',
      },
      metricName: 'queries',
      unit: 'count',
      baseline: 1,
      target: 2,
      direction: 'increase',
      dueDate: '2026-11-10',
      author: 'user:default/bob',
    });
    const noData = {
      goals: new GoalService({
        store,
        teamMetrics,
        values: fakeValues({ [`${API} kpi:orders`]: null }).reader,
        logger: mockServices.logger.mock(),
        now: () => new Date('2026-11-27T12:00:00Z'),
      }),
    };
    expect((await noData.goals.list(TEAM))[0]).toMatchObject({
      status: 'due',
      measuredOutcome: null,
    });
    await expect(
      noData.goals.followUp(TEAM, goal.id, {}, caller),
    ).rejects.toThrow(
      "There is no data on 'orders' from 2026-11-04 to 2026-11-10 to measure the outcome; say whether the goal was met",
    );
    const followed = await noData.goals.followUp(
      TEAM,
      goal.id,
      { met: true },
      caller,
    );
    expect(followed.followUp).toMatchObject({
      measuredOutcome: null,
      met: true,
    });

    await expect(goals.followUp(TEAM, other.id, {}, caller)).rejects.toThrow(
      new NotFoundError(`No goal ${other.id} of ${TEAM} found`),
    );
  });

  it('still lists goals when a source fails, without the outcome', async () => {
    const { goals, team, store, logger } = await setUp();
    await goals.create(
      team,
      { metric: availability, target: 0.999, dueDate: TODAY },
      caller,
    );
    const failing = new GoalService({
      store,
      teamMetrics: {} as TeamMetrics,
      values: {
        currentValue: () => Promise.reject(new Error('unused')),
        valueOver: () => Promise.reject(new Error('Prometheus timed out')),
      },
      logger,
      now: () => new Date(`${TODAY}T12:00:00Z`),
    });
    const [goal] = await failing.list(TEAM);
    expect(goal.status).toBe('due');
    expect(goal).not.toHaveProperty('measuredOutcome');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('Prometheus timed out'),
    );
    await expect(
      failing.followUp(TEAM, goal.id, { met: true }, caller),
    ).rejects.toThrow('Prometheus timed out');
  });

  it('reads the current value of a team metric only', async () => {
    const { goals, team } = await setUp();
    await expect(
      goals.metricValue(team, availability, credentials),
    ).resolves.toMatchObject({
      value: 0.995,
      fromDay: '2026-11-15',
      toDay: '2026-11-21',
    });
    await expect(
      goals.metricValue(
        team,
        { entityRef: 'component:default/search-api', metricId: 'kpi:queries' },
        credentials,
      ),
    ).rejects.toThrow(InputError);
  });

  describe('edits and withdrawals', () => {
    const bob = { credentials, userRef: 'user:default/bob' };

    it('corrects a goal with the rules of a new one; the direction follows', async () => {
      const { goals, team, setToday } = await setUp();
      const goal = await goals.create(
        team,
        {
          metric: availability,
          target: 0.99,
          baseline: 0.98,
          dueDate: '2026-11-25',
        },
        caller,
      );
      await expect(
        goals.update(TEAM, goal.id, { target: 1.5, revision: 1 }, bob),
      ).rejects.toThrow(
        "'target' of 'availability' is a ratio between 0 and 1 (e.g. 0.995 for 99.5%), got 1.5",
      );
      await expect(
        goals.update(
          TEAM,
          goal.id,
          { dueDate: '2026-11-01', revision: 1 },
          bob,
        ),
      ).rejects.toThrow("'dueDate' must be from 2026-11-22 to 2031-11-22");

      // Past its due date, the goal can still be corrected as long as the date stays.
      setToday('2026-11-27');
      const edited = await goals.update(
        TEAM,
        goal.id,
        {
          target: 0.97,
          dueDate: '2026-11-25',
          notes: 'Lower for now',
          revision: 1,
        },
        bob,
      );
      expect(edited).toMatchObject({
        target: 0.97,
        direction: 'decrease',
        notes: 'Lower for now',
        status: 'due',
        revision: 2,
        updatedBy: 'user:default/bob',
      });
      const [revision] = (await goals.history(TEAM, goal.id)).items;
      expect(revision.changes).toEqual({
        target: { from: 0.99, to: 0.97 },
        direction: { from: 'increase', to: 'decrease' },
        notes: { to: 'Lower for now' },
      });
    });

    it('withdraws a follow-up, which puts the goal back to due, and a goal', async () => {
      const { goals, team, setToday } = await setUp();
      const goal = await goals.create(
        team,
        {
          metric: availability,
          target: 0.99,
          baseline: 0.98,
          dueDate: '2026-11-25',
        },
        caller,
      );
      await expect(
        goals.updateFollowUp(TEAM, goal.id, { met: false, revision: 1 }, bob),
      ).rejects.toThrow(new NotFoundError(`Goal ${goal.id} has no follow-up`));
      setToday('2026-11-27');
      expect((await goals.followUp(TEAM, goal.id, {}, caller)).status).toBe(
        'met',
      );
      const corrected = await goals.updateFollowUp(
        TEAM,
        goal.id,
        { met: false, notes: 'Measured during the freeze', revision: 1 },
        bob,
      );
      expect(corrected.status).toBe('missed');
      expect(corrected.followUp?.revision).toBe(2);

      const reopened = await goals.withdrawFollowUp(
        TEAM,
        goal.id,
        { revision: 2, reason: 'Measured during the freeze' },
        bob,
      );
      expect(reopened.status).toBe('due');
      expect(reopened.measuredOutcome).toBe(0.995);
      expect(reopened).not.toHaveProperty('followUp');

      await expect(
        goals.withdraw('group:default/search', goal.id, { revision: 1 }, bob),
      ).rejects.toThrow(NotFoundError);
      const withdrawn = await goals.withdraw(
        TEAM,
        goal.id,
        { revision: 1 },
        bob,
      );
      expect(withdrawn.withdrawn?.by).toBe('user:default/bob');
      expect(await goals.list(TEAM)).toEqual([]);
      expect(
        (await goals.list(TEAM, { includeWithdrawn: true })).map(g => g.id),
      ).toEqual([goal.id]);
      await expect(goals.followUp(TEAM, goal.id, {}, caller)).rejects.toThrow(
        new ConflictError(`Goal ${goal.id} was withdrawn`),
      );
      expect(
        (await goals.history(TEAM, goal.id)).items.map(r => [
          r.kind,
          r.revision,
          r.change,
        ]),
      ).toEqual([
        ['goal', 2, 'withdrawn'],
        ['follow-up', 3, 'withdrawn'],
        ['follow-up', 2, 'edited'],
        ['follow-up', 1, 'created'],
        ['goal', 1, 'created'],
      ]);
    });
  });
});
