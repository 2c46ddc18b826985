import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type { MaturityEvidence } from '@metrics-suite/backstage-plugin-metrics-common';
import type { Knex } from 'knex';
import { DatabaseMetricsStore } from './DatabaseMetricsStore';
import type { NewGoal, SnapshotRow } from './MetricsStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TEAM = 'group:default/payments';
const OTHER_TEAM = 'group:default/search';
const API = 'component:default/checkout-api';
const WORKER = 'component:default/checkout-worker';

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const store = await DatabaseMetricsStore.create({
    database: { getClient: async () => knex },
  });
  return { knex, store };
}

function snapshot(
  entityRef: string,
  metricId: string,
  day: string,
  numerator: number,
  denominator: number | null = null,
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

function newGoal(overrides: Partial<NewGoal> = {}): NewGoal {
  return {
    teamRef: TEAM,
    metric: { entityRef: API, metricId: 'slo:availability' },
    metricName: 'Availability',
    unit: 'ratio',
    baseline: 0.991,
    target: 0.999,
    direction: 'increase',
    dueDate: '2025-02-01',
    author: 'user:default/alice',
    ...overrides,
  };
}

function evidence(views: number): MaturityEvidence {
  return {
    views: { count: views, lastAt: '2025-01-07T09:00:00.000Z' },
    goals: { count: 1, open: 1, due: 0 },
    followUps: { count: 0, met: 0, missed: 0 },
    weeks: [
      { week: '2025-01-06', reviewed: true, viewDays: 2, looked: true },
      { week: '2024-12-30', reviewed: false, viewDays: 0, looked: false },
    ],
    definitionChanges: { count: 0 },
    decisions: { reviews: 1, actedWithMetric: 0 },
  };
}

describe('DatabaseMetricsStore', () => {
  // Guards against the PostgreSQL cases being skipped silently where PostgreSQL is set up.
  const requiredIds: TestDatabaseId[] = process.env
    .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
    ? ['SQLITE_3', 'POSTGRES_15']
    : ['SQLITE_3'];
  it(`runs every case on ${requiredIds.join(' and ')}`, () => {
    expect(databases.eachSupportedId()).toEqual(
      expect.arrayContaining(requiredIds.map(id => [id])),
    );
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseMetricsStore;

    beforeEach(async () => {
      ({ knex, store } = await setUp(databaseId));
    });

    describe('migrations', () => {
      it('can run again on a migrated database', async () => {
        const again = await DatabaseMetricsStore.create({
          database: { getClient: async () => knex },
        });
        await again.markDaysCollected(['2025-01-01']);
        expect(
          await store.listCollectedDays({
            fromDay: '2025-01-01',
            toDay: '2025-01-01',
          }),
        ).toEqual(['2025-01-01']);
      });

      it('skips migrations when told to', async () => {
        const fresh = await databases.init(databaseId);
        await DatabaseMetricsStore.create({
          database: {
            getClient: async () => fresh,
            migrations: { skip: true },
          },
        });
        await DatabaseMetricsStore.create({
          database: { getClient: async () => fresh },
          skipMigrations: true,
        });
        expect(await fresh.schema.hasTable('metrics_snapshots')).toBe(false);
      });

      it('rolls back and migrates up again', async () => {
        const directory = resolvePackagePath(
          '@metrics-suite/backstage-plugin-metrics-backend',
          'migrations',
        );
        await knex.migrate.rollback({ directory }, true);
        expect(await knex.schema.hasTable('metrics_goals')).toBe(false);
        await DatabaseMetricsStore.create({
          database: { getClient: async () => knex },
        });
        expect(await knex.schema.hasTable('metrics_goals')).toBe(true);
      });
    });

    describe('snapshots', () => {
      it('upserts rows and filters by day range, entity and metric', async () => {
        await store.upsertSnapshots([
          snapshot(API, 'slo:availability', '2025-01-01', 990, 1000),
          snapshot(API, 'slo:availability', '2025-01-02', 995, 1000),
          snapshot(API, 'kpi:orders', '2025-01-02', 42),
          snapshot(WORKER, 'slo:availability', '2025-01-02', 10, 10),
          snapshot(API, 'slo:availability', '2025-01-03', 1000, 1000),
        ]);
        // A re-collected day replaces its values.
        await store.upsertSnapshots([
          {
            ...snapshot(API, 'slo:availability', '2025-01-02', 998, 1001),
            source: 'prometheus:other',
          },
        ]);

        expect(
          await store.listSnapshots({
            fromDay: '2025-01-02',
            toDay: '2025-01-03',
            entityRefs: [API],
            metricIds: ['slo:availability'],
          }),
        ).toEqual([
          {
            ...snapshot(API, 'slo:availability', '2025-01-02', 998, 1001),
            source: 'prometheus:other',
          },
          snapshot(API, 'slo:availability', '2025-01-03', 1000, 1000),
        ]);

        const day2 = await store.listSnapshots({
          fromDay: '2025-01-02',
          toDay: '2025-01-02',
        });
        expect(day2).toHaveLength(3);
        expect(day2).toContainEqual(
          snapshot(API, 'kpi:orders', '2025-01-02', 42),
        );

        expect(
          await store.listSnapshots({
            fromDay: '2025-01-01',
            toDay: '2025-01-03',
            metricIds: ['slo:availability'],
            entityRefs: [WORKER],
          }),
        ).toEqual([snapshot(WORKER, 'slo:availability', '2025-01-02', 10, 10)]);

        expect(
          await store.listSnapshots({
            fromDay: '2025-01-01',
            toDay: '2025-01-03',
            entityRefs: [],
          }),
        ).toEqual([]);
      });

      it('keeps the last of duplicate rows and inserts large batches', async () => {
        const rows = Array.from({ length: 450 }, (_, i) =>
          snapshot(`component:default/svc-${i}`, 'kpi:orders', '2025-01-01', i),
        );
        await store.upsertSnapshots([
          ...rows,
          snapshot('component:default/svc-7', 'kpi:orders', '2025-01-01', 700),
        ]);
        const stored = await store.listSnapshots({
          fromDay: '2025-01-01',
          toDay: '2025-01-01',
          // More refs than fit in one IN list.
          entityRefs: [
            ...rows.map(r => r.entityRef),
            ...Array.from(
              { length: 300 },
              (_, i) => `component:default/x-${i}`,
            ),
          ],
        });
        expect(stored).toHaveLength(450);
        expect(
          stored.find(r => r.entityRef === 'component:default/svc-7')
            ?.numerator,
        ).toBe(700);
      });

      it('deletes snapshots before a day', async () => {
        await store.upsertSnapshots([
          snapshot(API, 'kpi:orders', '2024-12-30', 1),
          snapshot(API, 'kpi:orders', '2024-12-31', 2),
          snapshot(API, 'kpi:orders', '2025-01-01', 3),
        ]);
        expect(await store.deleteSnapshotsBefore('2025-01-01')).toBe(2);
        expect(
          await store.listSnapshots({
            fromDay: '2024-01-01',
            toDay: '2025-12-31',
          }),
        ).toEqual([snapshot(API, 'kpi:orders', '2025-01-01', 3)]);
      });

      it('records collected days', async () => {
        await store.markDaysCollected(
          ['2025-01-03', '2025-01-01', '2025-01-01'],
          '2025-01-04T01:00:00.000Z',
        );
        await store.markDaysCollected(['2025-01-03', '2025-01-05']);
        expect(
          await store.listCollectedDays({
            fromDay: '2025-01-01',
            toDay: '2025-01-04',
          }),
        ).toEqual(['2025-01-01', '2025-01-03']);
      });
    });

    describe('definitions', () => {
      it('tells added, changed and unchanged definitions apart', async () => {
        const record = (
          entityRef: string,
          fingerprint: string,
          baseline: boolean,
          seenAt: string,
        ) =>
          store.recordDefinitionFingerprint({
            entityRef,
            teamRef: TEAM,
            fingerprint,
            baseline,
            seenAt,
          });

        // Seen at install time: not a change by the team.
        expect(await record(API, 'a1', true, '2025-01-01T00:00:00.000Z')).toBe(
          'unchanged',
        );
        expect(await record(API, 'a1', false, '2025-01-02T00:00:00.000Z')).toBe(
          'unchanged',
        );
        expect(await record(API, 'a2', false, '2025-01-03T00:00:00.000Z')).toBe(
          'changed',
        );
        // Baseline only matters for the first sighting.
        expect(await record(API, 'a3', true, '2025-01-04T00:00:00.000Z')).toBe(
          'changed',
        );
        expect(
          await record(WORKER, 'w1', false, '2025-01-05T00:00:00.000Z'),
        ).toBe('added');

        expect(
          await store.listDefinitionChanges({
            teamRefs: [TEAM],
            since: '2025-01-01',
          }),
        ).toEqual([
          {
            entityRef: API,
            teamRef: TEAM,
            change: 'changed',
            fingerprint: 'a2',
            seenAt: '2025-01-03T00:00:00.000Z',
          },
          {
            entityRef: API,
            teamRef: TEAM,
            change: 'changed',
            fingerprint: 'a3',
            seenAt: '2025-01-04T00:00:00.000Z',
          },
          {
            entityRef: WORKER,
            teamRef: TEAM,
            change: 'added',
            fingerprint: 'w1',
            seenAt: '2025-01-05T00:00:00.000Z',
          },
        ]);
      });

      it('attributes later changes to a new owner', async () => {
        await store.recordDefinitionFingerprint({
          entityRef: API,
          teamRef: TEAM,
          fingerprint: 'a1',
          baseline: true,
        });
        await store.recordDefinitionFingerprint({
          entityRef: API,
          teamRef: OTHER_TEAM,
          fingerprint: 'a1',
          baseline: false,
        });
        expect(
          await store.recordDefinitionFingerprint({
            entityRef: API,
            teamRef: OTHER_TEAM,
            fingerprint: 'a2',
            baseline: false,
          }),
        ).toBe('changed');
        expect(
          await store.listDefinitionChanges({
            teamRefs: [TEAM],
            since: '2000-01-01',
          }),
        ).toEqual([]);
        expect(
          await store.listDefinitionChanges({
            teamRefs: [OTHER_TEAM],
            since: '2000-01-01',
          }),
        ).toHaveLength(1);
      });

      it('filters changes by team and time', async () => {
        await store.addDefinitionChange({
          entityRef: API,
          teamRef: TEAM,
          change: 'removed',
          fingerprint: '',
          seenAt: '2024-12-31T23:59:59.000Z',
        });
        await store.addDefinitionChange({
          entityRef: API,
          teamRef: TEAM,
          change: 'added',
          fingerprint: 'x',
          seenAt: '2025-01-01T10:00:00.000Z',
        });
        await store.addDefinitionChange({
          entityRef: WORKER,
          teamRef: OTHER_TEAM,
          change: 'added',
          fingerprint: 'y',
          seenAt: '2025-01-02T00:00:00.000Z',
        });

        const since = (value: string, teamRefs?: string[]) =>
          store
            .listDefinitionChanges({ since: value, teamRefs })
            .then(rows => rows.map(r => r.fingerprint));
        expect(await since('2025-01-01')).toEqual(['x', 'y']);
        expect(await since('2025-01-01T10:00:00.001Z')).toEqual(['y']);
        expect(await since('2024-01-01', [TEAM])).toEqual(['', 'x']);
        expect(await since('2024-01-01', [])).toEqual([]);
      });
    });

    describe('goals', () => {
      it('stores goals and lists them newest first per team', async () => {
        const first = await store.createGoal(
          newGoal({ createdAt: '2025-01-01T10:00:00.000Z' }),
        );
        const second = await store.createGoal(
          newGoal({
            metric: { entityRef: API, metricId: 'kpi:orders' },
            metricName: 'Orders',
            unit: 'count',
            baseline: 120,
            target: 100,
            direction: 'decrease',
            notes: 'Fewer, bigger orders',
            createdAt: '2025-01-02T10:00:00.000Z',
          }),
        );
        await store.createGoal(
          newGoal({
            teamRef: OTHER_TEAM,
            createdAt: '2025-01-03T10:00:00.000Z',
          }),
        );

        expect(first).toEqual({
          ...newGoal(),
          id: expect.any(String),
          createdAt: '2025-01-01T10:00:00.000Z',
        });
        expect(first).not.toHaveProperty('notes');
        expect(first).not.toHaveProperty('followUp');
        expect(await store.getGoal(first.id)).toEqual(first);
        expect(await store.getGoal(second.id)).toEqual(second);
        expect(second.notes).toBe('Fewer, bigger orders');
        expect(await store.getGoal('no-such-goal')).toBeUndefined();

        expect(await store.listGoals({ teamRefs: [TEAM] })).toEqual([
          second,
          first,
        ]);
        expect(await store.listGoals({})).toHaveLength(3);
        expect(await store.listGoals({ teamRefs: [] })).toEqual([]);
      });

      it('adds one follow-up per goal', async () => {
        const goal = await store.createGoal(newGoal());
        const followUp = await store.addFollowUp({
          goalId: goal.id,
          measuredOutcome: 0.9993,
          met: true,
          notes: 'Retries fixed it',
          author: 'user:default/bob',
          createdAt: '2025-02-01T12:00:00.000Z',
        });
        expect(followUp).toEqual({
          goalId: goal.id,
          measuredOutcome: 0.9993,
          met: true,
          notes: 'Retries fixed it',
          author: 'user:default/bob',
          createdAt: '2025-02-01T12:00:00.000Z',
        });
        expect((await store.getGoal(goal.id))?.followUp).toEqual(followUp);
        expect(
          (await store.listGoals({ teamRefs: [TEAM] }))[0].followUp,
        ).toEqual(followUp);

        await expect(
          store.addFollowUp({
            goalId: goal.id,
            measuredOutcome: 0.5,
            met: false,
            author: 'user:default/carol',
          }),
        ).rejects.toThrow(ConflictError);
        expect((await store.getGoal(goal.id))?.followUp).toEqual(followUp);
      });

      it('lets only one of concurrent follow-ups succeed', async () => {
        const goal = await store.createGoal(newGoal());
        const results = await Promise.allSettled(
          ['user:default/a', 'user:default/b', 'user:default/c'].map(author =>
            store.addFollowUp({
              goalId: goal.id,
              measuredOutcome: null,
              met: false,
              author,
            }),
          ),
        );
        expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
        expect(
          results.flatMap(r => (r.status === 'rejected' ? [r.reason] : [])),
        ).toEqual([expect.any(ConflictError), expect.any(ConflictError)]);
        const stored = await store.getGoal(goal.id);
        expect(stored?.followUp).toEqual({
          goalId: goal.id,
          measuredOutcome: null,
          met: false,
          author: expect.any(String),
          createdAt: expect.any(String),
        });
      });

      it('refuses a follow-up of an unknown goal', async () => {
        await expect(
          store.addFollowUp({
            goalId: 'no-such-goal',
            measuredOutcome: 1,
            met: true,
            author: 'user:default/bob',
          }),
        ).rejects.toThrow(NotFoundError);
      });
    });

    describe('reviews', () => {
      it('lists newest week first, then newest record, and keeps JSON fields', async () => {
        const looked = [
          { entityRef: API, metricId: 'slo:availability' },
          { entityRef: WORKER, metricId: 'kpi:orders' },
        ];
        const older = await store.createReview({
          teamRef: TEAM,
          week: '2025-01-06',
          metricsLookedAt: looked,
          decision: 'act',
          actionText: 'Add retries to the payment call',
          linkedMetric: { entityRef: API, metricId: 'slo:availability' },
          author: 'user:default/alice',
          createdAt: '2025-01-07T10:00:00.000Z',
        });
        const newest = await store.createReview({
          teamRef: TEAM,
          week: '2025-01-13',
          metricsLookedAt: [],
          decision: 'no-action',
          author: 'user:default/alice',
          createdAt: '2025-01-13T10:00:00.000Z',
        });
        const laterSameWeek = await store.createReview({
          teamRef: TEAM,
          week: '2025-01-06',
          metricsLookedAt: [looked[0]],
          decision: 'no-action',
          author: 'user:default/bob',
          createdAt: '2025-01-09T10:00:00.000Z',
        });
        await store.createReview({
          teamRef: OTHER_TEAM,
          week: '2025-01-13',
          metricsLookedAt: [],
          decision: 'no-action',
          author: 'user:default/dan',
        });

        expect(older).toEqual({
          id: expect.any(String),
          teamRef: TEAM,
          week: '2025-01-06',
          metricsLookedAt: looked,
          decision: 'act',
          actionText: 'Add retries to the payment call',
          linkedMetric: { entityRef: API, metricId: 'slo:availability' },
          author: 'user:default/alice',
          createdAt: '2025-01-07T10:00:00.000Z',
        });
        expect(newest).not.toHaveProperty('linkedMetric');
        expect(newest).not.toHaveProperty('actionText');

        expect(await store.listReviews({ teamRefs: [TEAM] })).toEqual([
          newest,
          laterSameWeek,
          older,
        ]);
        expect(
          await store.listReviews({
            teamRefs: [TEAM],
            sinceWeek: '2025-01-13',
          }),
        ).toEqual([newest]);
        expect(await store.listReviews({})).toHaveLength(4);
      });
    });

    describe('views', () => {
      it('keeps one row per user, team, target, action and day', async () => {
        const view = {
          userRef: 'user:default/alice',
          teamRefs: [TEAM, OTHER_TEAM],
          targetRef: TEAM,
          action: 'view' as const,
        };
        await store.recordView({ ...view, at: '2025-01-06T09:00:00.000Z' });
        await store.recordView({ ...view, at: '2025-01-06T17:00:00.000Z' });
        await store.recordView({
          ...view,
          action: 'explore',
          at: '2025-01-06T17:05:00.000Z',
        });
        await store.recordView({ ...view, at: '2025-01-07T08:00:00.000Z' });
        await store.recordView({
          ...view,
          teamRefs: [TEAM],
          targetRef: API,
          at: '2025-01-07T08:30:00.000Z',
        });

        expect(
          await store.listViews({ teamRefs: [TEAM], since: '2025-01-01' }),
        ).toEqual([
          {
            userRef: 'user:default/alice',
            teamRef: TEAM,
            targetRef: TEAM,
            action: 'view',
            day: '2025-01-06',
            at: '2025-01-06T09:00:00.000Z',
          },
          {
            userRef: 'user:default/alice',
            teamRef: TEAM,
            targetRef: TEAM,
            action: 'explore',
            day: '2025-01-06',
            at: '2025-01-06T17:05:00.000Z',
          },
          {
            userRef: 'user:default/alice',
            teamRef: TEAM,
            targetRef: TEAM,
            action: 'view',
            day: '2025-01-07',
            at: '2025-01-07T08:00:00.000Z',
          },
          {
            userRef: 'user:default/alice',
            teamRef: TEAM,
            targetRef: API,
            action: 'view',
            day: '2025-01-07',
            at: '2025-01-07T08:30:00.000Z',
          },
        ]);
        // One row per viewer team.
        expect(
          await store.listViews({
            teamRefs: [OTHER_TEAM],
            since: '2025-01-01',
          }),
        ).toHaveLength(3);
        expect(await store.listViews({ since: '2025-01-01' })).toHaveLength(7);
        expect(
          await store.listViews({
            teamRefs: [TEAM],
            since: '2025-01-07T08:15:00.000Z',
          }),
        ).toEqual([expect.objectContaining({ targetRef: API })]);
      });
    });

    describe('maturity assessments', () => {
      it('keeps the latest assessment of a day and lists oldest first', async () => {
        await store.saveAssessment({
          teamRef: TEAM,
          day: '2025-01-07',
          stage: 1,
          evidence: evidence(1),
          assessedAt: '2025-01-07T01:00:00.000Z',
        });
        await store.saveAssessment({
          teamRef: TEAM,
          day: '2025-01-06',
          stage: 0,
          evidence: evidence(0),
          assessedAt: '2025-01-06T01:00:00.000Z',
        });
        await store.saveAssessment({
          teamRef: TEAM,
          day: '2025-01-07',
          stage: 2,
          evidence: evidence(5),
          assessedAt: '2025-01-07T13:00:00.000Z',
        });
        await store.saveAssessment({
          teamRef: OTHER_TEAM,
          day: '2025-01-07',
          stage: 4,
          evidence: evidence(9),
          assessedAt: '2025-01-07T13:00:00.000Z',
        });

        expect(await store.listAssessments({ teamRefs: [TEAM] })).toEqual([
          {
            teamRef: TEAM,
            day: '2025-01-06',
            stage: 0,
            evidence: evidence(0),
            assessedAt: '2025-01-06T01:00:00.000Z',
          },
          {
            teamRef: TEAM,
            day: '2025-01-07',
            stage: 2,
            evidence: evidence(5),
            assessedAt: '2025-01-07T13:00:00.000Z',
          },
        ]);
        expect(
          (await store.listAssessments({ sinceDay: '2025-01-07' })).map(a => [
            a.teamRef,
            a.stage,
          ]),
        ).toEqual([
          [TEAM, 2],
          [OTHER_TEAM, 4],
        ]);
      });
    });

    describe('nudges', () => {
      it('sets, replaces and clears alert states', async () => {
        expect(await store.getAlertState(API, 'availability')).toBeUndefined();
        await store.setAlertState({
          entityRef: API,
          sloId: 'availability',
          level: 'ticket',
          since: '2025-01-06T10:00:00.000Z',
        });
        await store.setAlertState({
          entityRef: API,
          sloId: 'latency',
          level: 'page',
          since: '2025-01-06T10:00:00.000Z',
        });
        await store.setAlertState({
          entityRef: API,
          sloId: 'availability',
          level: 'page',
          since: '2025-01-06T11:00:00.000Z',
        });
        expect(await store.getAlertState(API, 'availability')).toEqual({
          entityRef: API,
          sloId: 'availability',
          level: 'page',
          since: '2025-01-06T11:00:00.000Z',
        });

        await store.clearAlertState(API, 'availability');
        expect(await store.getAlertState(API, 'availability')).toBeUndefined();
        expect(await store.getAlertState(API, 'latency')).toMatchObject({
          level: 'page',
        });
      });

      it('claims a digest once per team and week', async () => {
        expect(await store.claimDigest(TEAM, '2025-01-06')).toBe(true);
        expect(await store.claimDigest(TEAM, '2025-01-06')).toBe(false);
        expect(await store.claimDigest(TEAM, '2025-01-13')).toBe(true);
        expect(await store.claimDigest(OTHER_TEAM, '2025-01-06')).toBe(true);
      });
    });
  });
});
