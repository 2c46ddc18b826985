import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readHistoryConfig } from '../../config/history';
import { scheduleCollector } from './scheduleCollector';

function history(collector: JsonObject) {
  return readHistoryConfig(
    new ConfigReader({ metrics: { history: { collector } } }),
  );
}

describe('scheduleCollector', () => {
  it('schedules one global task with the configured cadence', async () => {
    const scheduler = mockServices.scheduler.mock();
    const run = jest.fn(async () => ({ days: 1, rows: 2, failures: 0 }));
    await scheduleCollector({
      scheduler,
      config: {
        history: history({
          frequencyMinutes: 30,
          timeoutMinutes: 20,
          initialDelaySeconds: 45,
        }),
      },
      collector: { run },
      logger: mockServices.logger.mock(),
    });

    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    const [task] = scheduler.scheduleTask.mock.calls[0];
    expect(task).toMatchObject({
      id: 'metrics-snapshot-collector',
      scope: 'global',
      frequency: { minutes: 30 },
      timeout: { minutes: 20 },
      initialDelay: { seconds: 45 },
    });

    const signal = new AbortController().signal;
    await task.fn(signal);
    expect(run).toHaveBeenCalledWith({ signal });
  });

  it('says which run failed', async () => {
    const scheduler = mockServices.scheduler.mock();
    await scheduleCollector({
      scheduler,
      config: { history: history({}) },
      collector: { run: async () => Promise.reject(new Error('no catalog')) },
      logger: mockServices.logger.mock(),
    });
    const [task] = scheduler.scheduleTask.mock.calls[0];
    await expect(task.fn(new AbortController().signal)).rejects.toThrow(
      'Metrics snapshot collection failed; caused by Error: no catalog',
    );
  });

  it('schedules nothing when the collector is off', async () => {
    const scheduler = mockServices.scheduler.mock();
    const logger = mockServices.logger.mock();
    await scheduleCollector({
      scheduler,
      config: { history: history({ enabled: false }) },
      collector: { run: jest.fn() },
      logger,
    });
    expect(scheduler.scheduleTask).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('metrics.history.collector.enabled: false'),
    );
  });
});
