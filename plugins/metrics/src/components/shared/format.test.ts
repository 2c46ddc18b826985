import {
  formatBudget,
  formatBurnRate,
  formatClock,
  formatCompactCount,
  formatCount,
  formatDateTime,
  formatDay,
  formatLatency,
  formatObjective,
  formatPercent,
  formatPreviousRange,
  formatRange,
  formatRate,
  formatRequestRate,
  formatSli,
  formatTimeTick,
  plural,
  pointsDelta,
  relativeDelta,
} from './format';

describe('formatSli', () => {
  it('shows an SLI with 3 decimals', () => {
    expect(formatSli(0.9995)).toBe('99.950 %');
    expect(formatSli(1)).toBe('100.000 %');
    expect(formatSli(0.98765)).toBe('98.765 %');
  });

  it('shows "no data" for null, undefined and non-finite values, never NaN', () => {
    expect(formatSli(null)).toBe('no data');
    expect(formatSli(undefined)).toBe('no data');
    expect(formatSli(NaN)).toBe('no data');
    expect(formatSli(Infinity)).toBe('no data');
  });
});

describe('formatBudget', () => {
  it('shows the budget left as a percentage with one decimal', () => {
    expect(formatBudget(0.5)).toBe('50.0 %');
    expect(formatBudget(1)).toBe('100.0 %');
    expect(formatBudget(0)).toBe('0.0 %');
  });

  it('marks an overspent budget with a minus sign', () => {
    expect(formatBudget(-0.35)).toBe('−35.0 % (overspent)');
    expect(formatBudget(-2)).toBe('−200.0 % (overspent)');
  });

  it('never shows a minus zero but still says overspent', () => {
    expect(formatBudget(-0.00001)).toBe('0.0 % (overspent)');
  });

  it('shows "no data" without data', () => {
    expect(formatBudget(null)).toBe('no data');
  });
});

describe('percentages and counts', () => {
  it('formats ratios', () => {
    expect(formatPercent(0.123)).toBe('12.3 %');
    expect(formatPercent(0.123, 0)).toBe('12 %');
    expect(formatRate(0.9712)).toBe('97.12 %');
    expect(formatRate(null)).toBe('no data');
  });

  it('formats objectives as declared', () => {
    expect(formatObjective(99.9)).toBe('99.9 %');
    expect(formatObjective(95)).toBe('95 %');
    expect(formatObjective(99.95)).toBe('99.95 %');
  });

  it('formats counts', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(0)).toBe('0');
    expect(formatCount(undefined)).toBe('no data');
    expect(formatCompactCount(1234567)).toBe('1.2M');
  });
});

describe('formatRequestRate', () => {
  it('shows req/s at 1 request per second and above', () => {
    expect(formatRequestRate(36_000, '1h')).toBe('10.0 req/s');
    expect(formatRequestRate(3_600, '1h')).toBe('1.00 req/s');
    expect(formatRequestRate(604_800 * 250, '7d')).toBe('250 req/s');
  });

  it('shows req/min below 1 request per second', () => {
    expect(formatRequestRate(60, '1h')).toBe('1.00 req/min');
    expect(formatRequestRate(43_200, '1d')).toBe('30.0 req/min');
    expect(formatRequestRate(7, '1h')).toBe('0.12 req/min');
  });

  it('handles zero and no data', () => {
    expect(formatRequestRate(0, '7d')).toBe('0 req/s');
    expect(formatRequestRate(null, '7d')).toBe('no data');
  });
});

describe('formatLatency and formatBurnRate', () => {
  it('shows latency in milliseconds', () => {
    expect(formatLatency(0.2345)).toBe('235 ms');
    expect(formatLatency(0.0042)).toBe('4.2 ms');
    expect(formatLatency(1.5)).toBe('1,500 ms');
    expect(formatLatency(undefined)).toBe('no data');
  });

  it('shows burn rates as multiples', () => {
    expect(formatBurnRate(0.5)).toBe('0.50×');
    expect(formatBurnRate(14.4)).toBe('14.4×');
    expect(formatBurnRate(120)).toBe('120×');
    expect(formatBurnRate(undefined)).toBe('—');
  });
});

describe('ranges and time', () => {
  it('names ranges', () => {
    expect(formatRange('1h')).toBe('last hour');
    expect(formatRange('1d')).toBe('last 24 hours');
    expect(formatRange('28d')).toBe('last 28 days');
    expect(formatPreviousRange('7d')).toBe('previous 7 days');
  });

  it('formats ticks as HH:mm up to a day and dd MMM beyond, in local time', () => {
    const t = new Date(2025, 2, 5, 14, 7).getTime() / 1000;
    expect(formatTimeTick(t, '1h')).toBe('14:07');
    expect(formatTimeTick(t, '1d')).toBe('14:07');
    expect(formatTimeTick(t, '7d')).toBe('05 Mar');
    expect(formatTimeTick(t, '28d')).toBe('05 Mar');
  });

  it('formats points in time', () => {
    const d = new Date(2025, 11, 24, 9, 5);
    expect(formatClock(d)).toBe('09:05');
    expect(formatDay(d)).toBe('24 Dec');
    expect(formatDateTime(d)).toBe('24 Dec 09:05');
    expect(formatDateTime(d.getTime() / 1000)).toBe('24 Dec 09:05');
    expect(formatDateTime(d.toISOString())).toBe('24 Dec 09:05');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('deltas', () => {
  it('gives percentage-point changes with an arrow and a meaning', () => {
    expect(pointsDelta(0.9995, 0.999, 'up', 3)).toEqual({
      text: '▲ 0.050 pp',
      direction: 'up',
      meaning: 'good',
    });
    expect(pointsDelta(0.4, 0.5, 'up')).toEqual({
      text: '▼ 10.0 pp',
      direction: 'down',
      meaning: 'bad',
    });
    expect(pointsDelta(0.02, 0.01, 'down', 2)).toEqual({
      text: '▲ 1.00 pp',
      direction: 'up',
      meaning: 'bad',
    });
  });

  it('is flat and neutral below the shown precision', () => {
    expect(pointsDelta(0.999501, 0.9995, 'up', 3)).toEqual({
      text: '0.000 pp',
      direction: 'flat',
      meaning: 'neutral',
    });
  });

  it('is "—" when either side has no data', () => {
    for (const [a, b] of [
      [null, 0.5],
      [0.5, null],
      [undefined, undefined],
      [NaN, 0.5],
    ]) {
      expect(pointsDelta(a, b, 'up')).toEqual({
        text: '—',
        direction: 'none',
        meaning: 'neutral',
      });
    }
  });

  it('gives relative changes of counts', () => {
    expect(relativeDelta(1200, 1000, 'neither')).toEqual({
      text: '▲ 20 %',
      direction: 'up',
      meaning: 'neutral',
    });
    expect(relativeDelta(500, 1000, 'up').text).toBe('▼ 50 %');
    expect(relativeDelta(500, 1000, 'up').meaning).toBe('bad');
    expect(relativeDelta(100, 0, 'up').text).toBe('—');
    expect(relativeDelta(100_000, 1, 'neither').text).toBe('▲ 9,999,900 %');
  });
});

describe('plural', () => {
  it('pluralises', () => {
    expect(plural(1, 'problem')).toBe('1 problem');
    expect(plural(0, 'problem')).toBe('0 problems');
    expect(plural(2, 'sub-team')).toBe('2 sub-teams');
  });
});
