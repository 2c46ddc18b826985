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
    },
  );
});
