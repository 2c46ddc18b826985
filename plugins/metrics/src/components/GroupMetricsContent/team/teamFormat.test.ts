import {
  formatCalendarDay,
  formatDueIn,
  formatMetricValue,
  formatWeek,
  outcomeWindow,
  unitOfMetric,
} from './teamFormat';

describe('formatMetricValue', () => {
  it('shows ratios as percentages with 2 decimals and counts as integers', () => {
    expect(formatMetricValue(0.995, 'ratio')).toBe('99.50 %');
    expect(formatMetricValue(1, 'ratio')).toBe('100.00 %');
    expect(formatMetricValue(1234567, 'count')).toBe('1,234,567');
    expect(formatMetricValue(12.6, 'count')).toBe('13');
    expect(formatMetricValue(null, 'ratio')).toBe('no data');
    expect(formatMetricValue(undefined, 'count')).toBe('no data');
  });
});

describe('unitOfMetric', () => {
  it('reads SLOs and integrations as ratios, KPIs as counts', () => {
    expect(unitOfMetric({ kind: 'slo' })).toBe('ratio');
    expect(unitOfMetric({ kind: 'integration' })).toBe('ratio');
    expect(unitOfMetric({ kind: 'kpi' })).toBe('count');
  });
});

describe('calendar days', () => {
  it('formats UTC days whatever the viewer’s zone', () => {
    expect(formatCalendarDay('2025-03-03')).toBe('03 Mar 2025');
    expect(formatWeek('2025-03-03')).toBe('week of 03 Mar 2025');
    expect(formatCalendarDay('not a day')).toBe('not a day');
  });

  it('says how far a due date is', () => {
    expect(formatDueIn('2025-03-05', '2025-03-05')).toBe('today');
    expect(formatDueIn('2025-03-06', '2025-03-05')).toBe('tomorrow');
    expect(formatDueIn('2025-03-04', '2025-03-05')).toBe('yesterday');
    expect(formatDueIn('2025-03-19', '2025-03-05')).toBe('in 14 days');
    expect(formatDueIn('2025-03-01', '2025-03-05')).toBe('4 days ago');
  });

  it('measures an outcome over the 7 days up to the due date, or up to yesterday', () => {
    expect(outcomeWindow('2025-03-01', '2025-03-05')).toEqual({
      fromDay: '2025-02-23',
      toDay: '2025-03-01',
    });
    expect(outcomeWindow('2025-03-05', '2025-03-05')).toEqual({
      fromDay: '2025-02-26',
      toDay: '2025-03-04',
    });
  });
});
