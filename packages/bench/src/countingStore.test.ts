import type {
  ActivityStore,
  TeamRecordStore,
} from '@metrics-suite/backstage-plugin-metrics-backend';
import { StoreCalls, countingStore, countingStores } from './countingStore';

describe('countingStore', () => {
  it('counts calls by method and still answers with the store', async () => {
    class Store {
      #goals = ['g1'];
      async listGoals() {
        return this.#goals;
      }
      async saveAssessment() {}
    }
    const calls = new StoreCalls();
    const store = countingStore(
      new Store() as unknown as TeamRecordStore & ActivityStore,
      calls,
    );
    expect(await store.listGoals({})).toEqual(['g1']);
    await store.listGoals({});
    await store.saveAssessment({} as never);
    expect(calls.reads).toBe(2);
    expect(calls.writes).toBe(1);
    expect(Object.fromEntries(calls.byMethod)).toEqual({
      listGoals: 2,
      saveAssessment: 1,
    });
    calls.reset();
    expect(calls.reads + calls.writes).toBe(0);
  });

  it('counts the calls of several stores together', async () => {
    class Goals {
      async listGoals() {
        return [];
      }
    }
    class Activity {
      async listViews() {
        return [];
      }
      async saveAssessment() {}
    }
    const calls = new StoreCalls();
    const stores = countingStores(
      {
        teamRecords: new Goals() as unknown as TeamRecordStore,
        activity: new Activity() as unknown as ActivityStore,
      },
      calls,
    );
    await stores.teamRecords.listGoals({});
    await stores.activity.listViews({ since: '2025-01-01' });
    await stores.activity.saveAssessment({} as never);
    expect(calls.reads).toBe(2);
    expect(calls.writes).toBe(1);
    expect(Object.fromEntries(calls.byMethod)).toEqual({
      listGoals: 1,
      listViews: 1,
      saveAssessment: 1,
    });
  });

  it('tells reads from writes by name', () => {
    expect(StoreCalls.isRead('listViews')).toBe(true);
    expect(StoreCalls.isRead('getAlertState')).toBe(true);
    expect(StoreCalls.isRead('claimDigest')).toBe(false);
    expect(StoreCalls.isRead('recordView')).toBe(false);
    expect(StoreCalls.isRead('listen')).toBe(false);
  });
});
