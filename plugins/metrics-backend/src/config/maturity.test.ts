import { ConfigReader } from '@backstage/config';
import { DEFAULT_MATURITY_THRESHOLDS } from '@metrics-suite/backstage-plugin-metrics-common';
import { readMaturityConfig } from './maturity';

const read = (metrics: object) => new ConfigReader({ metrics });

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
