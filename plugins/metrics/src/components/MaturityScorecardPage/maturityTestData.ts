import {
  addDays,
  MATURITY_STAGE_NAMES,
  MaturityListQuery,
  MaturityListResponse,
  MaturityStage,
  stageTrend,
  TeamMaturity,
  TREND_DAYS,
} from '@metrics-suite/backstage-plugin-metrics-common';

// Test data shaped like the backend's `GET /v1/maturity` (plugins/metrics-common/src/team/types.ts).

export const ASSESSED_AT = '2025-03-10T05:00:00.000Z';
export const TODAY = '2025-03-10';

/** A daily history ending today at `stage`, `days` long, at `earlierStage` before `changedDaysAgo`. */
export function history(
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

export function teamMaturity(
  overrides: Partial<TeamMaturity> & { stage?: MaturityStage } = {},
): TeamMaturity {
  const stage = overrides.stage ?? 2;
  return {
    entityRef: 'group:default/identity-squad',
    title: 'Identity squad',
    parentRef: 'group:default/platform-tribe',
    stage,
    stageName: MATURITY_STAGE_NAMES[stage],
    checks: MATURITY_STAGE_NAMES.slice(1).map((name, i) => ({
      stage: (i + 1) as 1 | 2 | 3 | 4 | 5 | 6,
      name,
      met: i + 1 <= stage,
      detail: i + 1 <= stage ? 'met' : 'not met yet',
    })),
    nextStep:
      stage < 6
        ? `Reach stage ${stage + 1} (${MATURITY_STAGE_NAMES[stage + 1]}).`
        : undefined,
    evidence: {
      views: { count: 14, lastAt: '2025-03-09T10:00:00.000Z' },
      goals: { count: 2, open: 1, due: 1 },
      followUps: {
        count: 1,
        met: 1,
        missed: 0,
        lastAt: '2025-03-03T10:00:00.000Z',
      },
      weeks: ['2025-03-10', '2025-03-03', '2025-02-24', '2025-02-17'].map(
        (week, i) => ({
          week,
          reviewed: i === 1,
          viewDays: i === 3 ? 0 : 3,
          looked: i !== 3,
        }),
      ),
      definitionChanges: { count: 0 },
      decisions: { reviews: 1, actedWithMetric: 0 },
    },
    history: history(stage),
    assessedAt: ASSESSED_AT,
    ...overrides,
  };
}

/**
 * What the backend answers for `query` over `teams` (given lowest stage first): the same
 * filters, page and counts, so page tests exercise the requests the page sends.
 */
export function maturityPage(
  teams: TeamMaturity[],
  query: MaturityListQuery = {},
): MaturityListResponse {
  const { parent, stages, search, limit = 50, offset = 0 } = query;
  const shown = teams.filter(
    t =>
      (!parent || t.parentRef === parent) &&
      (!stages || stages.includes(t.stage)) &&
      (!search ||
        `${t.entityRef} ${t.title ?? ''}`
          .toLocaleLowerCase('en-US')
          .includes(search.toLocaleLowerCase('en-US'))),
  );
  // The backend counts over every filtered team, not only the page.
  const moved = (direction: 'up' | 'down') =>
    shown.filter(
      t => stageTrend(t.history, t.stage, t.assessedAt).direction === direction,
    ).length;
  const parents = new Map<string, number>();
  for (const t of teams) {
    if (t.parentRef)
      parents.set(t.parentRef, (parents.get(t.parentRef) ?? 0) + 1);
  }
  return {
    items: shown.slice(offset, offset + limit),
    totalItems: shown.length,
    offset,
    limit,
    stages: MATURITY_STAGE_NAMES.map((name, stage) => ({
      stage: stage as MaturityStage,
      name,
      teams: shown.filter(t => t.stage === stage).length,
    })),
    parents: [...parents].map(([parentRef, count]) => ({
      parentRef,
      teams: count,
    })),
    trend: { up: moved('up'), down: moved('down'), days: TREND_DAYS },
  };
}
