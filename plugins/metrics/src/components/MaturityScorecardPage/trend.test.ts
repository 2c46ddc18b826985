import { history, ASSESSED_AT } from './maturityTestData';
import { stageTrend, trendDescription, trendText } from './trend';

describe('stageTrend', () => {
  it('compares with the last assessment at least 28 days before today', () => {
    const trend = stageTrend(
      history(3, { days: 60, earlierStage: 1, changedDaysAgo: 10 }),
      3,
      ASSESSED_AT,
    );
    expect(trend).toEqual({
      direction: 'up',
      change: 2,
      earlier: { day: '2025-02-10', stage: 1 },
      partial: false,
    });
  });

  it('ignores changes that are older than the comparison day', () => {
    // Stage 2 → 4 happened 40 days ago: flat over the last 4 weeks.
    const trend = stageTrend(
      history(4, { days: 60, earlierStage: 2, changedDaysAgo: 40 }),
      4,
      ASSESSED_AT,
    );
    expect(trend.direction).toBe('flat');
    expect(trend.change).toBe(0);
    expect(trend.earlier).toEqual({ day: '2025-02-10', stage: 4 });
  });

  it('reports lost stages as down', () => {
    const trend = stageTrend(
      history(1, { earlierStage: 4, changedDaysAgo: 3 }),
      1,
      ASSESSED_AT,
    );
    expect(trend.direction).toBe('down');
    expect(trend.change).toBe(-3);
  });

  it('uses the nearest earlier day when the history has gaps around the comparison day', () => {
    const trend = stageTrend(
      [
        { day: '2025-01-20', stage: 0 },
        { day: '2025-02-05', stage: 1 },
        // no assessments from 2025-02-06 to 2025-03-09
        { day: '2025-03-10', stage: 2 },
      ],
      2,
      ASSESSED_AT,
    );
    expect(trend.earlier).toEqual({ day: '2025-02-05', stage: 1 });
    expect(trend.change).toBe(1);
    expect(trend.partial).toBe(false);
  });

  it('falls back to the first day of a history younger than 28 days', () => {
    const trend = stageTrend(
      history(2, { days: 8, earlierStage: 1, changedDaysAgo: 2 }),
      2,
      ASSESSED_AT,
    );
    expect(trend).toEqual({
      direction: 'up',
      change: 1,
      earlier: { day: '2025-03-03', stage: 1 },
      partial: true,
    });
  });

  it('does not depend on the order of the history', () => {
    const points = history(3, { days: 40, earlierStage: 0, changedDaysAgo: 5 });
    expect(stageTrend([...points].reverse(), 3, ASSESSED_AT)).toEqual(
      stageTrend(points, 3, ASSESSED_AT),
    );
  });

  it('has no trend when only today is stored', () => {
    expect(
      stageTrend([{ day: '2025-03-10', stage: 2 }], 2, ASSESSED_AT),
    ).toEqual({ direction: 'none', change: 0, partial: false });
    expect(stageTrend([], 0, ASSESSED_AT).direction).toBe('none');
  });
});

describe('trendText and trendDescription', () => {
  it('show the change and what it compares with', () => {
    const up = stageTrend(
      history(3, { days: 60, earlierStage: 1 }),
      3,
      ASSESSED_AT,
    );
    expect(trendText(up)).toBe('+2');
    expect(trendDescription(up)).toBe(
      'Up from stage 1 (one-off queries) on 2025-02-10',
    );

    const down = stageTrend(
      history(0, { days: 60, earlierStage: 2 }),
      0,
      ASSESSED_AT,
    );
    expect(trendText(down)).toBe('\u22122');
    expect(trendDescription(down)).toBe(
      'Down from stage 2 (project preplanning) on 2025-02-10',
    );

    const flat = stageTrend(history(4, { days: 60 }), 4, ASSESSED_AT);
    expect(trendText(flat)).toBe('±0');
    expect(trendDescription(flat)).toBe(
      'Unchanged since 2025-02-10: stage 4 (regularly looking)',
    );
  });

  it('say when the comparison starts at the first day of the history', () => {
    const partial = stageTrend(
      history(2, { days: 5, earlierStage: 1, changedDaysAgo: 2 }),
      2,
      ASSESSED_AT,
    );
    expect(trendDescription(partial)).toBe(
      'Up from stage 1 (one-off queries) on 2025-03-06 (the first day of its history)',
    );
  });

  it('say that there is no history yet', () => {
    const none = stageTrend([], 1, ASSESSED_AT);
    expect(trendText(none)).toBe('—');
    expect(trendDescription(none)).toBe('No earlier assessment stored yet');
  });
});
