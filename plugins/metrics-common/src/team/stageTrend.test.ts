import { addDays } from './dates';
import type { MaturityStage } from './types';
import { stageTrend, trendDays } from './stageTrend';

const ASSESSED_AT = '2025-03-10T05:00:00.000Z';
const TODAY = '2025-03-10';

/** A daily history ending today at `stage`, `days` long, at `earlierStage` before `changedDaysAgo`. */
function history(
  stage: MaturityStage,
  options: {
    days?: number;
    earlierStage?: MaturityStage;
    changedDaysAgo?: number;
  } = {},
) {
  const { days = 35, earlierStage = stage, changedDaysAgo = 10 } = options;
  return Array.from({ length: days }, (_, i) => {
    const daysAgo = days - 1 - i;
    return {
      day: addDays(TODAY, -daysAgo),
      stage: daysAgo >= changedDaysAgo ? earlierStage : stage,
    };
  });
}

describe('trendDays', () => {
  it('names the assessment day and the comparison day 28 days before it', () => {
    expect(trendDays(ASSESSED_AT)).toEqual({
      today: '2025-03-10',
      reference: '2025-02-10',
    });
    expect(trendDays(ASSESSED_AT, 7).reference).toBe('2025-03-03');
  });
});

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

  it('compares the same way from only the points a store reads for it', () => {
    // The last point on or before the comparison day, and the oldest before today.
    const full = history(3, { days: 90, earlierStage: 1, changedDaysAgo: 20 });
    const read = [full[0], full.find(p => p.day === '2025-02-10')!];
    expect(stageTrend(read, 3, ASSESSED_AT)).toEqual(
      stageTrend(full, 3, ASSESSED_AT),
    );
  });
});
