import { ConflictError, NotFoundError } from '@backstage/errors';
import { DatabaseTeamRecordStore } from './DatabaseTeamRecordStore';
import type { NewGoal } from './TeamRecordStore';
import {
  API,
  OTHER_TEAM,
  TEAM,
  WORKER,
  onEveryStoreDatabase,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

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

describe('DatabaseTeamRecordStore', () => {
  let store: DatabaseTeamRecordStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseTeamRecordStore.create({ database });
    },
    () => {
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
            revision: 1,
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
            revision: 1,
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
            revision: 1,
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
        it('keeps the policy step a review answers, and none for the others', async () => {
          const policyStep = {
            metric: { entityRef: API, metricId: 'slo:availability' },
            step: 'freeze',
            action: 'Freeze risky releases',
            budgetRemaining: -0.25,
          };
          const answering = await store.createReview({
            teamRef: TEAM,
            week: '2025-01-06',
            metricsLookedAt: [policyStep.metric],
            decision: 'act',
            actionText: policyStep.action,
            linkedMetric: policyStep.metric,
            policyStep,
            author: 'user:default/alice',
          });
          const plain = await store.createReview({
            teamRef: TEAM,
            week: '2025-01-13',
            metricsLookedAt: [],
            decision: 'no-action',
            author: 'user:default/alice',
          });
          expect(answering.policyStep).toEqual(policyStep);
          expect(plain).not.toHaveProperty('policyStep');
          expect(await store.listReviews({ teamRefs: [TEAM] })).toEqual([
            plain,
            answering,
          ]);
        });

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
            revision: 1,
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

      describe('edits and withdrawals', () => {
        const ALICE = 'user:default/alice';
        const BOB = 'user:default/bob';

        it('edits a goal on its revision and keeps who changed what', async () => {
          const goal = await store.createGoal(
            newGoal({
              notes: 'First try',
              createdAt: '2025-01-01T10:00:00.000Z',
            }),
          );
          const edited = await store.updateGoal({
            id: goal.id,
            revision: 1,
            changes: { target: 0.9995, notes: null, dueDate: goal.dueDate },
            author: BOB,
            reason: 'Typo in the target',
            at: '2025-01-02T10:00:00.000Z',
          });
          expect(edited).toEqual({
            ...goal,
            target: 0.9995,
            notes: undefined,
            revision: 2,
            updatedAt: '2025-01-02T10:00:00.000Z',
            updatedBy: BOB,
          });
          expect(edited).not.toHaveProperty('notes');
          expect(await store.getGoal(goal.id)).toEqual(edited);

          // Nothing changed: no new revision.
          expect(
            await store.updateGoal({
              id: goal.id,
              revision: 2,
              changes: { target: 0.9995 },
              author: ALICE,
            }),
          ).toEqual(edited);

          expect(await store.listRevisions(['goal'], goal.id)).toEqual([
            {
              kind: 'goal',
              recordId: goal.id,
              revision: 2,
              change: 'edited',
              author: BOB,
              at: '2025-01-02T10:00:00.000Z',
              changes: {
                target: { from: 0.999, to: 0.9995 },
                notes: { from: 'First try' },
              },
              reason: 'Typo in the target',
            },
            {
              kind: 'goal',
              recordId: goal.id,
              revision: 1,
              change: 'created',
              author: ALICE,
              at: '2025-01-01T10:00:00.000Z',
              changes: {},
            },
          ]);
        });

        it('refuses an edit or withdrawal on a stale revision, changing nothing', async () => {
          const goal = await store.createGoal(newGoal());
          await store.updateGoal({
            id: goal.id,
            revision: 1,
            changes: { target: 0.9991 },
            author: BOB,
          });
          const stale = store.updateGoal({
            id: goal.id,
            revision: 1,
            changes: { target: 0.5 },
            author: ALICE,
          });
          await expect(stale).rejects.toThrow(ConflictError);
          await expect(stale).rejects.toThrow(
            /changed by someone else .*revision 1, it is now at revision 2/,
          );
          await expect(
            store.withdrawGoal({ id: goal.id, revision: 1, author: ALICE }),
          ).rejects.toThrow(ConflictError);
          expect((await store.getGoal(goal.id))?.target).toBe(0.9991);
          expect(await store.listRevisions(['goal'], goal.id)).toHaveLength(2);
          await expect(
            store.updateGoal({
              id: 'no-such-goal',
              revision: 1,
              changes: {},
              author: ALICE,
            }),
          ).rejects.toThrow(NotFoundError);
        });

        it('lets only one of concurrent edits on a revision succeed', async () => {
          const review = await store.createReview({
            teamRef: TEAM,
            week: '2025-01-06',
            metricsLookedAt: [],
            decision: 'no-action',
            author: ALICE,
          });
          const results = await Promise.allSettled(
            ['one', 'two', 'three'].map(actionText =>
              store.updateReview({
                id: review.id,
                revision: 1,
                changes: { decision: 'act', actionText },
                author: BOB,
              }),
            ),
          );
          expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(1);
          expect(
            results.flatMap(r => (r.status === 'rejected' ? [r.reason] : [])),
          ).toEqual([expect.any(ConflictError), expect.any(ConflictError)]);
          expect((await store.getReview(review.id))?.revision).toBe(2);
          expect(await store.listRevisions(['review'], review.id)).toHaveLength(
            2,
          );
        });

        it('keeps withdrawn goals out of lists unless asked for', async () => {
          const kept = await store.createGoal(
            newGoal({ createdAt: '2025-01-01T10:00:00.000Z' }),
          );
          // Later, so the lists' newest-first order is certain.
          const goal = await store.createGoal(
            newGoal({ createdAt: '2025-01-01T11:00:00.000Z' }),
          );
          const withdrawn = await store.withdrawGoal({
            id: goal.id,
            revision: 1,
            author: BOB,
            reason: 'Set on the wrong metric',
            at: '2025-01-05T10:00:00.000Z',
          });
          expect(withdrawn).toEqual({
            ...goal,
            revision: 2,
            withdrawn: {
              at: '2025-01-05T10:00:00.000Z',
              by: BOB,
              reason: 'Set on the wrong metric',
            },
          });
          expect(await store.listGoals({ teamRefs: [TEAM] })).toEqual([kept]);
          expect(
            await store.listGoals({ teamRefs: [TEAM], includeWithdrawn: true }),
          ).toEqual([withdrawn, kept]);
          await expect(
            store.updateGoal({
              id: goal.id,
              revision: 2,
              changes: { target: 0.5 },
              author: ALICE,
            }),
          ).rejects.toThrow(/was withdrawn by user:default\/bob on 2025-01-05/);
          expect(
            (await store.listRevisions(['goal'], goal.id)).map(r => [
              r.revision,
              r.change,
              r.reason,
            ]),
          ).toEqual([
            [2, 'withdrawn', 'Set on the wrong metric'],
            [1, 'created', undefined],
          ]);
        });

        it('edits and withdraws a follow-up; the goal can be followed up again', async () => {
          const goal = await store.createGoal(
            newGoal({ createdAt: '2025-01-01T10:00:00.000Z' }),
          );
          await store.addFollowUp({
            goalId: goal.id,
            measuredOutcome: 0.995,
            met: false,
            author: ALICE,
            createdAt: '2025-02-01T10:00:00.000Z',
          });
          const edited = await store.updateFollowUp({
            id: goal.id,
            revision: 1,
            changes: { met: true, notes: 'Measured on the wrong days' },
            author: BOB,
            at: '2025-02-02T10:00:00.000Z',
          });
          expect(edited.followUp).toEqual({
            goalId: goal.id,
            measuredOutcome: 0.995,
            met: true,
            notes: 'Measured on the wrong days',
            author: ALICE,
            createdAt: '2025-02-01T10:00:00.000Z',
            revision: 2,
            updatedAt: '2025-02-02T10:00:00.000Z',
            updatedBy: BOB,
          });
          // The goal's own revision is untouched.
          expect(edited.revision).toBe(1);

          const reopened = await store.withdrawFollowUp({
            id: goal.id,
            revision: 2,
            author: BOB,
            at: '2025-02-03T10:00:00.000Z',
          });
          expect(reopened).not.toHaveProperty('followUp');
          expect((await store.listGoals({ teamRefs: [TEAM] }))[0]).toEqual(
            reopened,
          );

          const again = await store.addFollowUp({
            goalId: goal.id,
            measuredOutcome: 0.9991,
            met: true,
            author: BOB,
            createdAt: '2025-02-04T10:00:00.000Z',
          });
          expect(again).toEqual({
            goalId: goal.id,
            measuredOutcome: 0.9991,
            met: true,
            author: BOB,
            createdAt: '2025-02-04T10:00:00.000Z',
            revision: 4,
          });
          expect((await store.getGoal(goal.id))?.followUp).toEqual(again);
          await expect(
            store.addFollowUp({
              goalId: goal.id,
              measuredOutcome: 1,
              met: true,
              author: ALICE,
            }),
          ).rejects.toThrow(ConflictError);

          expect(
            (await store.listRevisions(['goal', 'follow-up'], goal.id)).map(
              r => [r.kind, r.revision, r.change, r.author, r.at],
            ),
          ).toEqual([
            ['follow-up', 4, 'created', BOB, '2025-02-04T10:00:00.000Z'],
            ['follow-up', 3, 'withdrawn', BOB, '2025-02-03T10:00:00.000Z'],
            ['follow-up', 2, 'edited', BOB, '2025-02-02T10:00:00.000Z'],
            ['follow-up', 1, 'created', ALICE, '2025-02-01T10:00:00.000Z'],
            ['goal', 1, 'created', ALICE, goal.createdAt],
          ]);
        });

        it('edits and withdraws reviews, keeping JSON fields', async () => {
          const looked = [{ entityRef: API, metricId: 'slo:availability' }];
          const review = await store.createReview({
            teamRef: TEAM,
            week: '2025-01-06',
            metricsLookedAt: looked,
            decision: 'act',
            actionText: 'Add retries',
            linkedMetric: looked[0],
            author: ALICE,
          });
          const other = { entityRef: WORKER, metricId: 'kpi:orders' };
          const edited = await store.updateReview({
            id: review.id,
            revision: 1,
            changes: {
              metricsLookedAt: [...looked, other],
              decision: 'no-action',
              actionText: null,
              linkedMetric: null,
            },
            author: BOB,
          });
          expect(edited).toEqual({
            id: review.id,
            teamRef: TEAM,
            week: '2025-01-06',
            metricsLookedAt: [...looked, other],
            decision: 'no-action',
            author: ALICE,
            createdAt: review.createdAt,
            revision: 2,
            updatedAt: expect.any(String),
            updatedBy: BOB,
          });
          const [revision] = await store.listRevisions(['review'], review.id);
          expect(revision.changes).toEqual({
            metricsLookedAt: { from: looked, to: [...looked, other] },
            decision: { from: 'act', to: 'no-action' },
            actionText: { from: 'Add retries' },
            linkedMetric: { from: looked[0] },
          });

          await store.withdrawReview({
            id: review.id,
            revision: 2,
            author: BOB,
          });
          expect(await store.listReviews({ teamRefs: [TEAM] })).toEqual([]);
          expect(
            await store.listReviews({
              teamRefs: [TEAM],
              includeWithdrawn: true,
            }),
          ).toEqual([
            {
              ...edited,
              revision: 3,
              withdrawn: { at: expect.any(String), by: BOB },
            },
          ]);
        });
      });
    },
  );
});
