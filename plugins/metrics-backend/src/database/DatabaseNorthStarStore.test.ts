import { DatabaseNorthStarStore } from './DatabaseNorthStarStore';
import {
  API,
  OTHER_TEAM,
  TEAM,
  WORKER,
  onEveryStoreDatabase,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

const logins = { entityRef: API, metricId: 'kpi:logins' };
const orders = { entityRef: WORKER, metricId: 'kpi:orders' };

describe('DatabaseNorthStarStore', () => {
  let store: DatabaseNorthStarStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseNorthStarStore.create({ database });
    },
    () => {
      it('keeps one north star per team, the last one marked', async () => {
        expect(await store.getNorthStar(TEAM)).toBeUndefined();
        const first = await store.setNorthStar({
          teamRef: TEAM,
          metric: logins,
          setBy: 'user:default/alice',
          setAt: '2026-11-01T10:00:00Z',
        });
        expect(first).toEqual({
          teamRef: TEAM,
          metric: logins,
          setBy: 'user:default/alice',
          setAt: '2026-11-01T10:00:00.000Z',
        });
        await store.setNorthStar({
          teamRef: TEAM,
          metric: orders,
          setBy: 'user:default/bob',
          setAt: '2026-11-02T10:00:00Z',
        });
        expect(await store.getNorthStar(TEAM)).toEqual({
          teamRef: TEAM,
          metric: orders,
          setBy: 'user:default/bob',
          setAt: '2026-11-02T10:00:00.000Z',
        });
      });

      it('lists the given teams in team order, and clears one team only', async () => {
        await store.setNorthStar({
          teamRef: TEAM,
          metric: logins,
          setBy: 'user:default/alice',
        });
        await store.setNorthStar({
          teamRef: OTHER_TEAM,
          metric: orders,
          setBy: 'user:default/bob',
        });
        expect(
          (await store.listNorthStars({})).map(row => row.teamRef),
        ).toEqual([TEAM, OTHER_TEAM]);
        expect(await store.listNorthStars({ teamRefs: [OTHER_TEAM] })).toEqual([
          expect.objectContaining({ metric: orders }),
        ]);
        expect(await store.listNorthStars({ teamRefs: [] })).toEqual([]);

        expect(await store.clearNorthStar(TEAM)).toBe(true);
        expect(await store.clearNorthStar(TEAM)).toBe(false);
        expect(await store.getNorthStar(TEAM)).toBeUndefined();
        expect(await store.getNorthStar(OTHER_TEAM)).toBeDefined();
      });
    },
  );
});
