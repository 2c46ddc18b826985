import { evidenceSummary, weeksLooked } from './evidence';
import { history, teamMaturity } from './maturityTestData';
import { normalizeGroupRef, parentOptions, toRows } from './rows';

const teams = [
  teamMaturity({
    entityRef: 'group:default/payments-squad',
    title: 'Payments squad',
    parentRef: 'group:default/commerce-tribe',
    stage: 3,
  }),
  teamMaturity({
    entityRef: 'group:default/identity-squad',
    title: 'Identity squad',
    stage: 1,
    history: history(1),
  }),
  teamMaturity({
    entityRef: 'group:default/core-api-squad',
    title: 'Core API squad',
    stage: 1,
    // lost two stages: worse than Identity at the same stage
    history: history(1, { days: 40, earlierStage: 3, changedDaysAgo: 5 }),
  }),
  teamMaturity({
    entityRef: 'group:default/lone-team',
    title: undefined,
    parentRef: undefined,
    stage: 5,
  }),
];

describe('toRows', () => {
  it('keeps the order the backend answered', () => {
    expect(toRows(teams).map(r => r.id)).toEqual(teams.map(t => t.entityRef));
  });

  it('names a team by its title, or by its humanized ref', () => {
    const rows = toRows(teams);
    expect(rows.find(r => r.id.endsWith('payments-squad'))!.name).toBe(
      'Payments squad',
    );
    expect(rows.find(r => r.id.endsWith('lone-team'))!.name).toBe('lone-team');
  });

  it('adds the trend and the weeks looked', () => {
    const row = toRows(teams).find(r => r.id.endsWith('core-api-squad'))!;
    expect(row.trend.direction).toBe('down');
    expect(row.trend.change).toBe(-2);
    expect(row.weeksLooked).toBe(3);
  });
});

describe('parentOptions', () => {
  it('lists each parent once, normalized and humanized, by label', () => {
    expect(
      parentOptions([
        { parentRef: 'group:default/platform-tribe', teams: 2 },
        { parentRef: 'group:other/ops-tribe', teams: 1 },
        { parentRef: 'Group:default/Commerce-Tribe', teams: 1 },
      ]),
    ).toEqual([
      {
        value: 'group:default/commerce-tribe',
        label: 'commerce-tribe',
        teams: 1,
      },
      { value: 'group:other/ops-tribe', label: 'other/ops-tribe', teams: 1 },
      {
        value: 'group:default/platform-tribe',
        label: 'platform-tribe',
        teams: 2,
      },
    ]);
  });

  it('lowercases text that is no entity ref instead of failing', () => {
    expect(normalizeGroupRef(' Group:Tribe/ ')).toBe('group:tribe/');
  });
});

describe('evidenceSummary', () => {
  it('sums up weeks looked, goals and follow-ups', () => {
    const { evidence } = teamMaturity();
    expect(weeksLooked(evidence)).toBe(3);
    expect(evidenceSummary(evidence)).toBe(
      '3/4 weeks looked · 2 goals · 1 follow-up',
    );
  });

  it('adds definition changes and acted reviews when there are any', () => {
    const { evidence } = teamMaturity();
    expect(
      evidenceSummary({
        ...evidence,
        goals: { count: 1, open: 1, due: 0 },
        followUps: { count: 0, met: 0, missed: 0 },
        definitionChanges: { count: 2 },
        decisions: { reviews: 3, actedWithMetric: 1 },
      }),
    ).toBe(
      '3/4 weeks looked · 1 goal · 0 follow-ups · 2 definition changes · 1 acted review',
    );
  });
});
