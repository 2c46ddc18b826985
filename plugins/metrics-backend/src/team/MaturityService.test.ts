import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  MetricRef,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ActivityStore } from '../database/ActivityStore';
import { createMetricsStores } from '../database/createMetricsStores';
import type { NewGoal, TeamRecordStore } from '../database/TeamRecordStore';
import { MaturityService, collapseHistory } from './MaturityService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const SQUAD = 'group:default/checkout-squad';
const TEAM = 'group:default/payments';
// Catalog refs keep the name's case; ownership refs of viewers are lower case.
const SEARCH = 'group:default/search';
const TRIBE = 'group:default/commerce-tribe';
const API = 'component:default/checkout-api';
const PAYMENTS_API = 'component:default/payments-api';
const METRIC: MetricRef = { entityRef: API, metricId: 'slo:availability' };

function group(
  name: string,
  type: string,
  relations: Entity['relations'] = [],
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: { type, children: [] },
    relations,
  };
}

const entities: Entity[] = [
  group(
    'checkout-squad',
    'squad',
    [
      { type: 'childOf', targetRef: TRIBE },
      { type: 'ownerOf', targetRef: API },
    ],
    'Checkout squad',
  ),
  group('payments', 'team', [{ type: 'ownerOf', targetRef: PAYMENTS_API }]),
  group('search', 'team'),
  group('commerce-tribe', 'tribe', [{ type: 'parentOf', targetRef: SQUAD }]),
];

function goal(teamRef: string, dueDate: string, createdAt: string): NewGoal {
  return {
    teamRef,
    metric: METRIC,
    metricName: 'Checkout availability',
    unit: 'ratio',
    baseline: 0.99,
    target: 0.995,
    direction: 'increase',
    dueDate,
    author: 'user:default/ada',
    createdAt,
  };
}

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const stores = await createMetricsStores({
    database: { getClient: async () => knex },
  });
  const clock = { now: new Date('2026-11-04T12:00:00Z') };
  const service = new MaturityService({
    stores,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    config: {
      teamTypes: ['team', 'squad'],
      thresholds: DEFAULT_MATURITY_THRESHOLDS,
    },
    now: () => clock.now,
  });
  const at = (instant: string) => {
    clock.now = new Date(instant);
  };
  return { stores, service, at };
}

function view(
  store: ActivityStore,
  teamRef: string,
  targetRef: string,
  at: string,
) {
  return store.recordView({
    userRef: 'user:default/ada',
    teamRefs: [teamRef],
    targetRef,
    action: 'view',
    at,
  });
}

function review(store: TeamRecordStore, teamRef: string, week: string) {
  return store.createReview({
    teamRef,
    week,
    metricsLookedAt: [METRIC],
    decision: 'no-action',
    author: 'user:default/ada',
    createdAt: `${week}T15:00:00.000Z`,
  });
}

describe('collapseHistory', () => {
  it('keeps the days the stage changed, then today', () => {
    expect(
      collapseHistory(
        [
          { day: '2026-11-01', stage: 1 },
          { day: '2026-11-02', stage: 1 },
          { day: '2026-11-03', stage: 2 },
          { day: '2026-11-04', stage: 1 },
          { day: '2026-11-05', stage: 1 },
          { day: '2026-11-06', stage: 3 }, // today's stored row is superseded
        ],
        { day: '2026-11-06', stage: 2 },
      ),
    ).toEqual([
      { day: '2026-11-01', stage: 1 },
      { day: '2026-11-03', stage: 2 },
      { day: '2026-11-04', stage: 1 },
      { day: '2026-11-06', stage: 2 },
    ]);
    expect(collapseHistory([], { day: '2026-11-06', stage: 0 })).toEqual([
      { day: '2026-11-06', stage: 0 },
    ]);
  });
});

describe('MaturityService', () => {
  it.each(databases.eachSupportedId())(
    'follows a team climbing from stage 0 to 4, keeping one assessment per day, %p',
    async id => {
      const { stores, service, at } = await setUp(id);

      // Looking at another team's service, or another team looking at ours, is no evidence.
      await view(stores.activity, SQUAD, PAYMENTS_API, '2026-11-04T09:00:00Z');
      await view(stores.activity, TEAM, API, '2026-11-04T09:00:00Z');
      const start = await service.getTeam(SQUAD);
      expect(start).toMatchObject({
        entityRef: SQUAD,
        title: 'Checkout squad',
        parentRef: TRIBE,
        stage: 0,
        stageName: 'not started',
        nextStep:
          "Open the Metrics tab of a service you own and look at last week's numbers",
        history: [{ day: '2026-11-04', stage: 0 }],
        assessedAt: '2026-11-04T12:00:00.000Z',
      });
      expect(start.checks).toHaveLength(6);

      await view(stores.activity, SQUAD, API, '2026-11-04T10:00:00Z');
      const looked = await service.getTeam(SQUAD);
      expect(looked.stage).toBe(1);
      expect(looked.evidence.views).toEqual({
        count: 1,
        lastAt: '2026-11-04T10:00:00.000Z',
      });
      // Same day: today's assessment is replaced, not added.
      expect(looked.history).toEqual([{ day: '2026-11-04', stage: 1 }]);

      at('2026-11-05T12:00:00Z');
      const created = await stores.teamRecords.createGoal(
        goal(SQUAD, '2026-11-10', '2026-11-05T11:00:00Z'),
      );
      expect((await service.getTeam(SQUAD)).stage).toBe(2);

      at('2026-11-10T12:00:00Z');
      const due = await service.getTeam(SQUAD);
      expect(due.stage).toBe(2);
      expect(due.nextStep).toMatch(
        /^Record the follow-up of goal 'Checkout availability' \(due 2026-11-10\)/,
      );
      await stores.teamRecords.addFollowUp({
        goalId: created.id,
        measuredOutcome: 0.996,
        met: true,
        author: 'user:default/ada',
        createdAt: '2026-11-10T12:00:00Z',
      });
      expect((await service.getTeam(SQUAD)).stage).toBe(3);

      at('2026-11-12T12:00:00Z');
      await review(stores.teamRecords, SQUAD, '2026-11-09');
      expect((await service.getTeam(SQUAD)).stage).toBe(3);

      at('2026-11-18T12:00:00Z');
      await review(stores.teamRecords, SQUAD, '2026-11-16');
      const twoWeeks = await service.getTeam(SQUAD);
      expect(twoWeeks.stage).toBe(3);
      expect(twoWeeks.checks[3].detail).toBe(
        '2 of the last 4 weeks looked at (needs 3)',
      );
      // A second view day in the week of 2 Nov makes it a looked week.
      await view(stores.activity, SQUAD, SQUAD, '2026-11-06T08:00:00Z');
      const regular = await service.getTeam(SQUAD);
      expect(regular.stage).toBe(4);
      expect(regular.stageName).toBe('regularly looking');
      expect(regular.evidence.weeks.map(w => w.looked)).toEqual([
        true,
        true,
        true,
        false,
      ]);
      expect(regular.nextStep).toMatch(/^Change or add a metric definition/);
      expect(regular.history).toEqual([
        { day: '2026-11-04', stage: 1 },
        { day: '2026-11-05', stage: 2 },
        { day: '2026-11-10', stage: 3 },
        { day: '2026-11-18', stage: 4 },
      ]);

      const stored = await stores.activity.listAssessments({
        teamRefs: [SQUAD],
      });
      expect(stored.map(a => [a.day, a.stage])).toEqual([
        ['2026-11-04', 1],
        ['2026-11-05', 2],
        ['2026-11-10', 3],
        ['2026-11-12', 3],
        ['2026-11-18', 4],
      ]);
      expect(stored[4].evidence).toEqual(regular.evidence);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts the current version of records and leaves withdrawn ones out, %p',
    async id => {
      const { stores, service, at } = await setUp(id);
      const records = stores.teamRecords;
      const ada = 'user:default/ada';
      at('2026-11-18T12:00:00Z');
      const acted = await records.createReview({
        teamRef: SQUAD,
        week: '2026-11-16',
        metricsLookedAt: [METRIC],
        decision: 'act',
        actionText: 'Add retries to the payment call',
        linkedMetric: METRIC,
        author: ada,
      });
      const other = await review(records, SQUAD, '2026-11-09');
      expect((await service.getTeam(SQUAD)).evidence.decisions).toEqual({
        reviews: 2,
        actedWithMetric: 1,
      });

      // Editing the other review's decision makes its week acting too.
      await records.updateReview({
        id: other.id,
        revision: 1,
        changes: {
          decision: 'act',
          actionText: 'Alert on the queue depth',
          linkedMetric: METRIC,
        },
        author: ada,
      });
      expect((await service.getTeam(SQUAD)).evidence.decisions).toEqual({
        reviews: 2,
        actedWithMetric: 2,
      });

      // Withdrawing the review that made a week acting lowers the evidence, and its week is
      // no longer reviewed.
      await records.withdrawReview({ id: acted.id, revision: 1, author: ada });
      const withdrawn = await service.getTeam(SQUAD);
      expect(withdrawn.evidence.decisions).toEqual({
        reviews: 1,
        actedWithMetric: 1,
      });
      expect(
        withdrawn.evidence.weeks.find(w => w.week === '2026-11-16')?.reviewed,
      ).toBe(false);

      // Goals and follow-ups alike.
      const set = await records.createGoal(
        goal(SQUAD, '2026-11-17', '2026-11-10T11:00:00Z'),
      );
      await records.addFollowUp({
        goalId: set.id,
        measuredOutcome: 0.996,
        met: true,
        author: ada,
      });
      expect((await service.getTeam(SQUAD)).evidence.followUps.count).toBe(1);
      await records.withdrawFollowUp({ id: set.id, revision: 1, author: ada });
      const reopened = await service.getTeam(SQUAD);
      expect(reopened.evidence.followUps.count).toBe(0);
      expect(reopened.evidence.goals).toMatchObject({ count: 1, due: 1 });
      await records.withdrawGoal({ id: set.id, revision: 1, author: ada });
      expect((await service.getTeam(SQUAD)).evidence.goals.count).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects groups that are not teams, %p',
    async id => {
      const { stores, service } = await setUp(id);
      await expect(service.getTeam(TRIBE)).rejects.toBeInstanceOf(
        NotFoundError,
      );
      await expect(
        service.getTeam('group:default/nobody'),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(service.getTeam(API)).rejects.toBeInstanceOf(NotFoundError);
      expect(await stores.activity.listAssessments({})).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'assesses every team with a constant number of store reads, %p',
    async id => {
      const { stores, service, at } = await setUp(id);
      at('2026-11-25T12:00:00Z');
      await view(stores.activity, SQUAD, API, '2026-11-24T09:00:00Z');
      await view(stores.activity, TEAM, PAYMENTS_API, '2026-11-20T09:00:00Z');
      await stores.teamRecords.createGoal(
        goal(TEAM, '2026-12-31', '2026-11-20T10:00:00Z'),
      );
      await review(stores.teamRecords, TEAM, '2026-11-23');
      // A look at the team's own tab counts as much as one at its services.
      await view(stores.activity, SEARCH, SEARCH, '2026-11-25T08:00:00Z');

      const reads = [
        jest.spyOn(stores.activity, 'listViews'),
        jest.spyOn(stores.teamRecords, 'listGoals'),
        jest.spyOn(stores.teamRecords, 'listReviews'),
        jest.spyOn(stores.snapshots, 'listDefinitionChanges'),
        jest.spyOn(stores.activity, 'listAssessments'),
      ];
      const save = jest.spyOn(stores.activity, 'saveAssessments');
      const saved = () => save.mock.calls.flatMap(([rows]) => rows).length;

      const all = await service.assessAll();
      expect(
        all.map(t => [t.entityRef, t.stage, t.parentRef, t.history.length]),
      ).toEqual([
        [SQUAD, 1, TRIBE, 1],
        [TEAM, 2, undefined, 1],
        [SEARCH, 1, undefined, 1],
      ]);
      expect(all[1].evidence.weeks[0]).toMatchObject({
        week: '2026-11-23',
        reviewed: true,
      });
      for (const read of reads) {
        expect(read).toHaveBeenCalledTimes(1);
      }
      expect(save).toHaveBeenCalledTimes(1);
      expect(saved()).toBe(3);

      // Nothing changed: the scorecard loads again without writing.
      at('2026-11-25T13:00:00Z');
      await service.assessAll();
      expect(save).toHaveBeenCalledTimes(1);

      // The next day every team gets its own point.
      at('2026-11-26T08:00:00Z');
      const next = await service.assessAll();
      expect(save).toHaveBeenCalledTimes(2);
      expect(saved()).toBe(6);
      expect(next.map(t => t.history)).toEqual([
        [
          { day: '2026-11-25', stage: 1 },
          { day: '2026-11-26', stage: 1 },
        ],
        [
          { day: '2026-11-25', stage: 2 },
          { day: '2026-11-26', stage: 2 },
        ],
        [
          { day: '2026-11-25', stage: 1 },
          { day: '2026-11-26', stage: 1 },
        ],
      ]);
    },
  );
});
