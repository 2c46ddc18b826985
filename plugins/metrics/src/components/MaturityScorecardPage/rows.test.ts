import { evidenceSummary, weeksLooked } from './evidence';
import { history, teamMaturity } from './maturityTestData';
import {
  filterByParent,
  normalizeGroupRef,
  parentOptions,
  stageDistribution,
  toRows,
} from './rows';

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
  it('sorts worst first: lowest stage, then lost stages, then name', () => {
    expect(toRows(teams).map(r => r.id)).toEqual([
      'group:default/core-api-squad',
      'group:default/identity-squad',
      'group:default/payments-squad',
      'group:default/lone-team',
    ]);
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

describe('parentOptions and filterByParent', () => {
  const rows = toRows([
    ...teams,
    teamMaturity({
      entityRef: 'group:other/ops-team',
      parentRef: 'group:other/ops-tribe',
    }),
  ]);

  it('lists each parent once, humanized, with its number of teams', () => {
    expect(parentOptions(rows)).toEqual([
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

  it('keeps the teams of one parent, whichever way its ref is spelled', () => {
    for (const spelling of [
      'group:default/platform-tribe',
      'platform-tribe',
      'Group:Default/Platform-Tribe',
      ' group:platform-tribe ',
    ]) {
      expect(
        filterByParent(rows, spelling)
          .map(r => r.id)
          .sort(),
      ).toEqual([
        'group:default/core-api-squad',
        'group:default/identity-squad',
      ]);
    }
    expect(filterByParent(rows, 'group:other/ops-tribe')).toHaveLength(1);
  });

  it('keeps every team without a parent filter and none for an unknown parent', () => {
    expect(filterByParent(rows, undefined)).toBe(rows);
    expect(filterByParent(rows, 'group:default/nobody')).toEqual([]);
  });

  it('lowercases text that is no entity ref instead of failing', () => {
    expect(normalizeGroupRef(' Group:Tribe/ ')).toBe('group:tribe/');
    expect(filterByParent(rows, 'Group:Tribe/')).toEqual([]);
  });
});

describe('stageDistribution', () => {
  it('counts the teams of every stage from 0 to 6', () => {
    expect(stageDistribution(toRows(teams))).toEqual([
      { stage: 0, name: 'not started', teams: 0 },
      { stage: 1, name: 'one-off queries', teams: 2 },
      { stage: 2, name: 'project preplanning', teams: 0 },
      { stage: 3, name: 'project follow-up', teams: 1 },
      { stage: 4, name: 'regularly looking', teams: 0 },
      { stage: 5, name: 'regularly adjusting', teams: 1 },
      { stage: 6, name: 'regularly acting', teams: 0 },
    ]);
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
