import type { MaturityEvidence } from '@metrics-suite/backstage-plugin-metrics-common';
import { DatabaseActivityStore } from './DatabaseActivityStore';
import {
  API,
  OTHER_TEAM,
  TEAM,
  onEveryStoreDatabase,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

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

describe('DatabaseActivityStore', () => {
  let store: DatabaseActivityStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseActivityStore.create({ database });
    },
    () => {
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
          expect(await store.listViews({ since: '2025-01-01' })).toHaveLength(
            7,
          );
          expect(
            await store.listViews({
              teamRefs: [TEAM],
              since: '2025-01-07T08:15:00.000Z',
            }),
          ).toEqual([expect.objectContaining({ targetRef: API })]);
        });
      });

      describe('purging views', () => {
        it('deletes the views of days before the given day, of every team, and counts them', async () => {
          const view = (userRef: string, at: string) =>
            store.recordView({
              userRef,
              teamRefs: [TEAM, OTHER_TEAM],
              targetRef: TEAM,
              action: 'view',
              at,
            });
          await view('user:default/alice', '2025-01-05T23:59:59.999Z');
          await view('user:default/bob', '2025-01-05T08:00:00.000Z');
          await view('user:default/alice', '2025-01-06T00:00:00.000Z');
          await view('user:default/alice', '2025-01-07T12:00:00.000Z');

          expect(await store.deleteViewsBefore('2025-01-06')).toBe(4);
          expect(
            (await store.listViews({ since: '2020-01-01' }))
              .map(v => `${v.day} ${v.teamRef}`)
              .sort(),
          ).toEqual([
            `2025-01-06 ${TEAM}`,
            `2025-01-06 ${OTHER_TEAM}`,
            `2025-01-07 ${TEAM}`,
            `2025-01-07 ${OTHER_TEAM}`,
          ]);
          // Nothing left to delete: a second run changes nothing.
          expect(await store.deleteViewsBefore('2025-01-06')).toBe(0);
          // The records of a purged day can be written again (the once-a-day key is gone too).
          await view('user:default/alice', '2025-01-05T10:00:00.000Z');
          expect(
            await store.listViews({ since: '2025-01-05T00:00:00.000Z' }),
          ).toHaveLength(6);
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

        it('reads per team only the points a stage trend compares with', async () => {
          const THIRD_TEAM = 'group:default/third-squad';
          const row = (teamRef: string, day: string, stage: 0 | 1 | 2 | 3) => ({
            teamRef,
            day,
            stage,
            evidence: evidence(stage),
            assessedAt: `${day}T01:00:00.000Z`,
          });
          await store.saveAssessments([
            // Before the window: never read.
            row(TEAM, '2024-09-01', 3),
            row(TEAM, '2025-01-02', 0),
            row(TEAM, '2025-01-20', 1),
            row(TEAM, '2025-02-05', 2),
            row(TEAM, '2025-02-20', 3),
            row(TEAM, '2025-03-10', 3),
            // Younger than the comparison day: only its oldest day before today.
            row(OTHER_TEAM, '2025-03-01', 1),
            row(OTHER_TEAM, '2025-03-05', 2),
            row(OTHER_TEAM, '2025-03-10', 2),
            // Only today: nothing to compare with.
            row(THIRD_TEAM, '2025-03-10', 1),
          ]);
          const query = {
            sinceDay: '2024-12-01',
            referenceDay: '2025-02-10',
            beforeDay: '2025-03-10',
          };

          expect(
            await store.listTrendPoints({
              ...query,
              teamRefs: [TEAM, OTHER_TEAM, THIRD_TEAM],
            }),
          ).toEqual([
            { teamRef: TEAM, day: '2025-01-02', stage: 0 },
            { teamRef: TEAM, day: '2025-02-05', stage: 2 },
            { teamRef: OTHER_TEAM, day: '2025-03-01', stage: 1 },
          ]);
          expect(
            await store.listTrendPoints({ ...query, teamRefs: [OTHER_TEAM] }),
          ).toEqual([{ teamRef: OTHER_TEAM, day: '2025-03-01', stage: 1 }]);
          expect(
            await store.listTrendPoints({ ...query, teamRefs: [] }),
          ).toEqual([]);
        });
      });
    },
  );
});
