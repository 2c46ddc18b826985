import { DatabaseSnapshotStore } from './DatabaseSnapshotStore';
import type { SnapshotRow } from './SnapshotStore';
import {
  API,
  OTHER_TEAM,
  TEAM,
  WORKER,
  onEveryStoreDatabase,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

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

describe('DatabaseSnapshotStore', () => {
  let store: DatabaseSnapshotStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseSnapshotStore.create({ database });
    },
    () => {
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
          ).toEqual([
            snapshot(WORKER, 'slo:availability', '2025-01-02', 10, 10),
          ]);

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
            snapshot(
              `component:default/svc-${i}`,
              'kpi:orders',
              '2025-01-01',
              i,
            ),
          );
          await store.upsertSnapshots([
            ...rows,
            snapshot(
              'component:default/svc-7',
              'kpi:orders',
              '2025-01-01',
              700,
            ),
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
          expect(
            await record(API, 'a1', true, '2025-01-01T00:00:00.000Z'),
          ).toBe('unchanged');
          expect(
            await record(API, 'a1', false, '2025-01-02T00:00:00.000Z'),
          ).toBe('unchanged');
          expect(
            await record(API, 'a2', false, '2025-01-03T00:00:00.000Z'),
          ).toBe('changed');
          // Baseline only matters for the first sighting.
          expect(
            await record(API, 'a3', true, '2025-01-04T00:00:00.000Z'),
          ).toBe('changed');
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
    },
  );
});
