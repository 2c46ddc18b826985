import { ConfigReader } from '@backstage/config';
import { readHistoryConfig } from './history';

const read = (metrics: object) => new ConfigReader({ metrics });

describe('readHistoryConfig', () => {
  it('has defaults', () => {
    expect(readHistoryConfig(new ConfigReader({}))).toEqual({
      collector: {
        enabled: true,
        frequencyMinutes: 60,
        initialDelaySeconds: 10,
        timeoutMinutes: 15,
      },
      retentionDays: 400,
      backfillDays: 28,
    });
  });

  it('reads every key', () => {
    expect(
      readHistoryConfig(
        read({
          history: {
            collector: {
              enabled: false,
              frequencyMinutes: 30,
              initialDelaySeconds: 0,
              timeoutMinutes: 5,
            },
            retentionDays: 90,
            backfillDays: 7,
          },
        }),
      ),
    ).toEqual({
      collector: {
        enabled: false,
        frequencyMinutes: 30,
        initialDelaySeconds: 0,
        timeoutMinutes: 5,
      },
      retentionDays: 90,
      backfillDays: 7,
    });
  });

  it.each([
    [{ retentionDays: 0 }, 'metrics.history.retentionDays'],
    [{ retentionDays: 1.5 }, 'whole number'],
    [{ retentionDays: 10, backfillDays: 11 }, 'up to 10'],
    [{ collector: { frequencyMinutes: -1 } }, 'collector.frequencyMinutes'],
  ])('rejects %j naming the key', (history, message) => {
    expect(() => readHistoryConfig(read({ history }))).toThrow(message);
  });
});

describe('metrics.history.collector.schedule', () => {
  it('is read with the scheduler reader', () => {
    const { collector } = readHistoryConfig(
      read({
        history: {
          collector: {
            schedule: { frequency: { minutes: 30 }, timeout: 'PT20M' },
          },
        },
      }),
    );
    expect(collector.schedule).toMatchObject({
      frequency: { minutes: 30 },
      timeout: { minutes: 20 },
    });
  });

  it('refuses the deprecated keys beside it', () => {
    expect(() =>
      readHistoryConfig(
        read({
          history: {
            collector: {
              frequencyMinutes: 30,
              schedule: { frequency: { minutes: 30 }, timeout: 'PT20M' },
            },
          },
        }),
      ),
    ).toThrow(
      'metrics.history.collector.schedule replaces the deprecated frequencyMinutes',
    );
  });
});
