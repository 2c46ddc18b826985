import type { MetricsStores } from '@metrics-suite/backstage-plugin-metrics-backend';
import {
  MaturityEvidence,
  MaturityStage,
  MetricRef,
  addDays,
  dayOf,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { syntheticTeamName } from './world';

/**
 * Habits of a team, from nothing to weekly reviews that end in actions. Teams cycle through
 * them, so 600 teams hold exactly 100 times the rows of 6 and should land on 100 times each
 * stage.
 */
export const TEAM_PROFILES = [
  'silent',
  'explored',
  'planned',
  'followed-up',
  'looking',
  'acting',
] as const;
export type TeamProfile = (typeof TEAM_PROFILES)[number];

const RANK: Record<TeamProfile, number> = {
  silent: 0,
  explored: 1,
  planned: 2,
  'followed-up': 3,
  looking: 4,
  acting: 5,
};

export const profileOf = (teamIndex: number): TeamProfile =>
  TEAM_PROFILES[teamIndex % TEAM_PROFILES.length];

const STAGES: MaturityStage[] = [0, 1, 2, 3, 4, 5, 6];

const EMPTY_EVIDENCE: MaturityEvidence = {
  views: { count: 0 },
  goals: { count: 0, open: 0, due: 0 },
  followUps: { count: 0, met: 0, missed: 0 },
  weeks: [],
  definitionChanges: { count: 0 },
  decisions: { reviews: 0, actedWithMetric: 0 },
};

export interface SeededRows {
  views: number;
  goals: number;
  followUps: number;
  reviews: number;
  definitionChanges: number;
  assessments: number;
}

/** The stores the habits are written to. */
export type SeedStores = Pick<
  MetricsStores,
  'activity' | 'teamRecords' | 'snapshots'
>;

const at = (day: string, hour: number) =>
  `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;

/** Writes the rows of one team through the stores, as the portal would have over weeks. */
async function seedTeam(
  stores: SeedStores,
  index: number,
  now: Date,
  counts: SeededRows,
): Promise<void> {
  const name = syntheticTeamName(index);
  const teamRef = `group:default/${name}`;
  const component = `component:default/${name}-api`;
  const members = [1, 2].map(m => `user:default/${name}-member-${m}`);
  const metric: MetricRef = {
    entityRef: component,
    metricId: 'slo:availability',
  };
  const rank = RANK[profileOf(index)];
  const today = dayOf(now);
  const weekAgo = (n: number) => addDays(weekOf(now), -7 * n);

  if (rank >= 1) {
    // Looking teams open their tab on two days a week, the others once, a while ago.
    const weeks = rank >= 4 ? [1, 2, 3, 4, 5, 6] : [2];
    for (const week of weeks) {
      for (const [offset, member] of [
        [1, members[0]],
        [3, members[1]],
      ] as const) {
        if (rank < 4 && offset === 3) continue;
        const day = addDays(weekAgo(week), offset);
        await stores.activity.recordView({
          userRef: member,
          teamRefs: [teamRef],
          targetRef: teamRef,
          action: 'view',
          at: at(day, 9),
        });
        await stores.activity.recordView({
          userRef: member,
          teamRefs: [teamRef],
          targetRef: component,
          action: 'explore',
          at: at(day, 10),
        });
        counts.views += 2;
      }
    }
  }
  if (rank >= 2) {
    const created = addDays(weekAgo(6), 1);
    // Planned goals are still open; later habits include one followed up after its due date.
    const dueDate = rank >= 3 ? addDays(today, -14) : addDays(today, 21);
    const goal = await stores.teamRecords.createGoal({
      teamRef,
      metric,
      metricName: 'availability',
      unit: 'ratio',
      baseline: 0.9978,
      target: 0.999,
      direction: 'increase',
      dueDate,
      author: members[0],
      createdAt: at(created, 14),
    });
    counts.goals += 1;
    if (rank >= 3) {
      await stores.teamRecords.addFollowUp({
        goalId: goal.id,
        measuredOutcome: 0.9992,
        met: true,
        author: members[1],
        createdAt: at(addDays(dueDate, 1), 15),
      });
      counts.followUps += 1;
    }
  }
  if (rank >= 4) {
    // Weekly reviews; acting teams end most of them with an action tied to a metric.
    const acting = rank >= 5;
    for (const week of acting ? [1, 2, 3, 4, 5, 6, 7] : [1, 2, 3]) {
      const act = acting && week % 2 === 1;
      await stores.teamRecords.createReview({
        teamRef,
        week: weekAgo(week),
        metricsLookedAt: [metric],
        decision: act ? 'act' : 'no-action',
        ...(act
          ? { actionText: 'Fix the top error class', linkedMetric: metric }
          : {}),
        author: members[0],
        createdAt: at(addDays(weekAgo(week), 1), 11),
      });
      counts.reviews += 1;
    }
    if (acting) {
      await stores.snapshots.addDefinitionChange({
        entityRef: component,
        teamRef,
        change: 'changed',
        fingerprint: `bench-${index}`,
        seenAt: at(addDays(today, -20), 8),
      });
      counts.definitionChanges += 1;
    }
  }
  // Stage history: one assessment a week for twelve weeks, as the daily collector leaves.
  for (let week = 1; week <= 12; week++) {
    await stores.activity.saveAssessment({
      teamRef,
      day: weekAgo(week),
      stage: STAGES[Math.max(0, Math.min(rank, 6 - Math.ceil(week / 2)))],
      evidence: EMPTY_EVIDENCE,
      assessedAt: at(weekAgo(week), 6),
    });
    counts.assessments += 1;
  }
}

/** Seeds `teams` synthetic teams (see {@link syntheticTeams}) relative to `now`. */
export async function seedTeams(
  stores: SeedStores,
  teams: number,
  now: Date,
): Promise<SeededRows> {
  const counts: SeededRows = {
    views: 0,
    goals: 0,
    followUps: 0,
    reviews: 0,
    definitionChanges: 0,
    assessments: 0,
  };
  for (let i = 0; i < teams; i++) {
    await seedTeam(stores, i, now, counts);
  }
  return counts;
}
