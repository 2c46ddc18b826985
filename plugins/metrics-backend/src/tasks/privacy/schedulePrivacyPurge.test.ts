import { mockServices } from '@backstage/backend-test-utils';
import { schedulePrivacyPurge } from './schedulePrivacyPurge';

describe('schedulePrivacyPurge', () => {
  it('schedules one global task, daily by default', async () => {
    const scheduler = mockServices.scheduler.mock();
    const run = jest.fn(async () => ({ keptFrom: '2026-01-01', deleted: 3 }));
    await schedulePrivacyPurge({ scheduler, config: {}, purge: { run } });

    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const [task] = scheduler.scheduleTask.mock.calls[0];
    expect(task).toMatchObject({
      id: 'metrics-privacy-purge',
      scope: 'global',
      frequency: { hours: 24 },
      timeout: { minutes: 10 },
    });
    await task.fn(new AbortController().signal);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('uses metrics.privacy.purgeSchedule when given', async () => {
    const scheduler = mockServices.scheduler.mock();
    await schedulePrivacyPurge({
      scheduler,
      config: {
        purgeSchedule: {
          frequency: { cron: '30 3 * * *' },
          timeout: { minutes: 30 },
        },
      },
      purge: { run: jest.fn() },
    });
    const [task] = scheduler.scheduleTask.mock.calls[0];
    expect(task.frequency).toEqual({ cron: '30 3 * * *' });
    expect(task.timeout).toEqual({ minutes: 30 });
    expect(task.initialDelay).toBeUndefined();
    expect(task.scope).toBe('global');
  });

  it('says which run failed', async () => {
    const scheduler = mockServices.scheduler.mock();
    await schedulePrivacyPurge({
      scheduler,
      config: {},
      purge: { run: async () => Promise.reject(new Error('database gone')) },
    });
    const [task] = scheduler.scheduleTask.mock.calls[0];
    await expect(task.fn(new AbortController().signal)).rejects.toThrow(
      'Metrics privacy purge failed; caused by Error: database gone',
    );
  });
});
