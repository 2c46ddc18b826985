import { history, ASSESSED_AT } from './maturityTestData';
import { stageTrend } from '@metrics-suite/backstage-plugin-metrics-common';
import { movementText, trendDescription, trendText } from './trend';

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

describe('movementText', () => {
  it('says how many teams moved, in weeks when the period is whole weeks', () => {
    expect(movementText(12, { up: 3, down: 1, days: 28 })).toBe(
      '12 teams · 3 moved up · 1 moved down in 4 weeks',
    );
    expect(movementText(1, { up: 0, down: 0, days: 10 })).toBe(
      '1 team · 0 moved up · 0 moved down in 10 days',
    );
  });
});
