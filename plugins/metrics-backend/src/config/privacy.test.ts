import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  addDays,
  maturityEvidenceWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  minimumViewRecordRetentionDays,
  readPrivacyConfig,
  viewRecordsKeptFrom,
} from './privacy';

const T = DEFAULT_MATURITY_THRESHOLDS;
const read = (privacy: object, thresholds = T) =>
  readPrivacyConfig(new ConfigReader({ metrics: { privacy } }), thresholds);

describe('readPrivacyConfig', () => {
  it('keeps view records 180 days by default, purged on the default schedule', () => {
    expect(readPrivacyConfig(new ConfigReader({}), T)).toEqual({
      viewRecordRetentionDays: 180,
    });
  });

  it('reads the retention and the purge schedule', () => {
    const config = read({
      viewRecordRetentionDays: 120,
      purgeSchedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } },
    });
    expect(config.viewRecordRetentionDays).toBe(120);
    expect(config.purgeSchedule).toEqual({
      frequency: { hours: 6 },
      timeout: { minutes: 5 },
    });
  });

  it('refuses a retention shorter than the maturity evidence reads, saying why', () => {
    expect(() => read({ viewRecordRetentionDays: 89 })).toThrow(
      'metrics.privacy.viewRecordRetentionDays must be at least 90: the maturity evidence reads views of the last 90 days (metrics.maturity.thresholds.exploration.lookbackDays, or 7 × looking.weeksConsidered), got 89',
    );
    expect(read({ viewRecordRetentionDays: 90 }).viewRecordRetentionDays).toBe(
      90,
    );
  });

  it('follows configured thresholds: the looking weeks can reach further than exploration', () => {
    const thresholds = {
      ...T,
      exploration: { minViews: 1, lookbackDays: 30 },
      looking: { ...T.looking, weeksConsidered: 10 },
    };
    expect(() => read({ viewRecordRetentionDays: 60 }, thresholds)).toThrow(
      'must be at least 70',
    );
    expect(
      read({ viewRecordRetentionDays: 70 }, thresholds).viewRecordRetentionDays,
    ).toBe(70);
  });

  it.each([0, -1, 1.5])('refuses %p days', days => {
    expect(() => read({ viewRecordRetentionDays: days })).toThrow(
      'metrics.privacy.viewRecordRetentionDays must be a positive whole number',
    );
  });

  it('names the key of a bad schedule', () => {
    expect(() => read({ purgeSchedule: { frequency: 'often' } })).toThrow(
      'metrics.privacy.purgeSchedule is not a valid task schedule',
    );
  });
});

describe('minimumViewRecordRetentionDays', () => {
  // Every weekday, since the looking weeks reach furthest back on Sundays.
  const days = Array.from({ length: 7 }, (_, i) => addDays('2026-11-23', i));
  const thresholdSets = [
    T,
    { ...T, exploration: { minViews: 1, lookbackDays: 7 } },
    {
      ...T,
      exploration: { minViews: 1, lookbackDays: 14 },
      looking: { ...T.looking, weeksConsidered: 6 },
    },
  ];

  it.each(thresholdSets.map((t, i) => [i, t]))(
    'keeps every view the evidence reads (thresholds %p)',
    (_, thresholds) => {
      const retention = minimumViewRecordRetentionDays(thresholds);
      for (const today of days) {
        const window = maturityEvidenceWindow(
          thresholds,
          new Date(`${today}T23:59:59Z`),
        );
        expect(
          viewRecordsKeptFrom(today, retention) <= window.viewsSinceDay,
        ).toBe(true);
      }
    },
  );

  it('is not longer than needed by more than a day', () => {
    for (const thresholds of thresholdSets) {
      const shorter = minimumViewRecordRetentionDays(thresholds) - 2;
      const lost = days.some(
        today =>
          viewRecordsKeptFrom(today, shorter) >
          maturityEvidenceWindow(thresholds, new Date(`${today}T12:00:00Z`))
            .viewsSinceDay,
      );
      expect(lost).toBe(true);
    }
  });
});
