import type { MetricsStore } from '@metrics-suite/backstage-plugin-metrics-backend';
import { StoreCalls, countingStore } from './countingStore';

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
    const store = countingStore(new Store() as unknown as MetricsStore, calls);
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

  it('tells reads from writes by name', () => {
    expect(StoreCalls.isRead('listViews')).toBe(true);
    expect(StoreCalls.isRead('getAlertState')).toBe(true);
    expect(StoreCalls.isRead('claimDigest')).toBe(false);
    expect(StoreCalls.isRead('recordView')).toBe(false);
    expect(StoreCalls.isRead('listen')).toBe(false);
  });
});
