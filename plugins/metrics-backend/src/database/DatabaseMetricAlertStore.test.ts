import { DatabaseMetricAlertStore } from './DatabaseMetricAlertStore';
import { API, onEveryStoreDatabase } from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

const KEY = {
  entityRef: API,
  metricId: 'integration:stripe',
  condition: 'below-target' as const,
};

describe('DatabaseMetricAlertStore', () => {
  let store: DatabaseMetricAlertStore;

  onEveryStoreDatabase(
    async database => {
      store = await DatabaseMetricAlertStore.create({ database });
    },
    () => {
      it('opens an alert once and closes it once', async () => {
        expect(await store.getMetricAlert(KEY)).toBeUndefined();
        const row = {
          ...KEY,
          since: '2025-01-06T10:00:00Z',
          detail: 'success rate 96.90% over 1h, target 99%',
        };
        expect(await store.openMetricAlert(row)).toBe(true);
        // A second run (another replica, a restart) finds it open: no second claim.
        expect(
          await store.openMetricAlert({
            ...row,
            since: '2025-01-06T11:00:00Z',
          }),
        ).toBe(false);
        expect(await store.getMetricAlert(KEY)).toEqual({
          ...row,
          since: '2025-01-06T10:00:00.000Z',
        });

        expect(await store.closeMetricAlert(KEY)).toBe(true);
        expect(await store.closeMetricAlert(KEY)).toBe(false);
        expect(await store.getMetricAlert(KEY)).toBeUndefined();
      });

      it('keeps the conditions of one metric apart', async () => {
        const since = '2025-01-06T10:00:00.000Z';
        await store.openMetricAlert({ ...KEY, since, detail: 'a' });
        await store.openMetricAlert({
          ...KEY,
          condition: 'unclassified-share',
          since,
          detail: 'b',
        });
        await store.closeMetricAlert(KEY);
        expect(
          await store.getMetricAlert({
            ...KEY,
            condition: 'unclassified-share',
          }),
        ).toMatchObject({ detail: 'b' });
        expect(
          await store.getMetricAlert({ ...KEY, metricId: 'integration:adyen' }),
        ).toBeUndefined();
      });
    },
  );
});
