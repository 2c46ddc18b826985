import { ConfigReader } from '@backstage/config';
import { DEFAULT_MATURITY_THRESHOLDS } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  readHistoryConfig,
  readMaturityConfig,
  readNotificationsConfig,
} from './historyConfig';

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

describe('readMaturityConfig', () => {
  it('defaults to squads and teams with the documented thresholds', () => {
    expect(readMaturityConfig(new ConfigReader({}))).toEqual({
      teamTypes: ['team', 'squad'],
      thresholds: DEFAULT_MATURITY_THRESHOLDS,
    });
  });

  it('overrides single thresholds and keeps the rest', () => {
    const { thresholds, teamTypes } = readMaturityConfig(
      read({
        maturity: {
          teamTypes: ['pod'],
          thresholds: {
            looking: { weeksRequired: 2 },
            acting: { minActedShare: 0.75 },
          },
        },
      }),
    );
    expect(teamTypes).toEqual(['pod']);
    expect(thresholds.looking).toEqual({
      ...DEFAULT_MATURITY_THRESHOLDS.looking,
      weeksRequired: 2,
    });
    expect(thresholds.acting.minActedShare).toBe(0.75);
    expect(thresholds.preplanning).toEqual(
      DEFAULT_MATURITY_THRESHOLDS.preplanning,
    );
    // the defaults object is not shared
    expect(DEFAULT_MATURITY_THRESHOLDS.looking.weeksRequired).toBe(3);
  });

  it.each([
    [{ looking: { weeksRequired: 5 } }, 'must not exceed weeksConsidered'],
    [{ acting: { minActedShare: 1.5 } }, 'up to 1'],
    [{ preplanning: { minGoals: 0.5 } }, 'preplanning.minGoals'],
  ])('rejects %j', (thresholds, message) => {
    expect(() =>
      readMaturityConfig(read({ maturity: { thresholds } })),
    ).toThrow(message);
  });
});

describe('readNotificationsConfig', () => {
  it('has defaults', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual({
      digest: { enabled: true, cron: '0 8 * * 1' },
      burnRateAlerts: { enabled: true, frequencyMinutes: 5 },
    });
  });

  it('rejects a cron without five fields', () => {
    expect(() =>
      readNotificationsConfig(
        read({ notifications: { digest: { cron: '0 8 * *' } } }),
      ),
    ).toThrow('metrics.notifications.digest.cron');
  });
});
