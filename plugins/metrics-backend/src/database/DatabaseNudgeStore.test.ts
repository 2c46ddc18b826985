import { DatabaseNudgeStore } from './DatabaseNudgeStore';
import {
  API,
  OTHER_TEAM,
  TEAM,
  onEveryStoreDatabase,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

describe('DatabaseNudgeStore', () => {
  let store: DatabaseNudgeStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseNudgeStore.create({ database });
    },
    () => {
      describe('nudges', () => {
        it('sets, replaces and clears alert states', async () => {
          expect(
            await store.getAlertState(API, 'availability'),
          ).toBeUndefined();
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
          expect(
            await store.getAlertState(API, 'availability'),
          ).toBeUndefined();
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
    },
  );
});
