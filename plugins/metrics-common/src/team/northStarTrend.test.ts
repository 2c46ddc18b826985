import { northStarTrendDays, weeklyTotals } from './northStarTrend';

// 2026-12-03 is a Thursday; its ISO week starts on Monday 2026-11-30.
const TODAY = '2026-12-03';

describe('northStarTrendDays', () => {
  it('spans the 12 whole weeks before the current one', () => {
    const days = northStarTrendDays(TODAY);
    expect(days.mondays).toHaveLength(12);
    expect(days.mondays[0]).toBe('2026-09-07');
    expect(days.mondays[11]).toBe('2026-11-23');
    expect(days.fromDay).toBe('2026-09-07');
    expect(days.toDay).toBe('2026-11-29');
  });

  it('on a Monday leaves out that day', () => {
    expect(northStarTrendDays('2026-11-30').toDay).toBe('2026-11-29');
  });
});

describe('weeklyTotals', () => {
  it('sums days per ISO week and marks weeks without a stored day as null', () => {
    const trend = weeklyTotals(
      [
        { day: '2026-11-23', numerator: 10 },
        { day: '2026-11-29', numerator: 5 },
        { day: '2026-11-22', numerator: 7 },
        { day: '2026-09-07', numerator: 0 },
      ],
      TODAY,
    );
    expect(trend).toHaveLength(12);
    expect(trend[0]).toEqual({ week: '2026-09-07', value: 0 });
    expect(trend[1]).toEqual({ week: '2026-09-14', value: null });
    expect(trend[10]).toEqual({ week: '2026-11-16', value: 7 });
    expect(trend[11]).toEqual({ week: '2026-11-23', value: 15 });
  });

  it('ignores days of the current week and before the trend', () => {
    const trend = weeklyTotals(
      [
        { day: '2026-11-30', numerator: 99 },
        { day: '2026-09-06', numerator: 99 },
      ],
      TODAY,
    );
    expect(trend.every(w => w.value === null)).toBe(true);
  });
});
