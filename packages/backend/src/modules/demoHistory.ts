import type { MetricsStores } from '@metrics-suite/backstage-plugin-metrics-backend';
import {
  MaturityStage,
  MetricRef,
  addDays,
  dayOf,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';

const squad = (name: string) => `group:default/${name}`;
const component = (name: string) => `component:default/${name}`;
const user = (name: string) => `user:default/${name}`;
const availability = (service: string): MetricRef => ({
  entityRef: component(service),
  metricId: 'slo:availability',
});

/** Squads of the example org, their members and the story each tells on the scorecard. */
const STORIES: Array<{
  team: string;
  members: string[];
  services: string[];
  /** Weeks ago (1 = last week) in which members looked at the metrics on two days. */
  viewWeeks: number[];
  /** Weeks ago with a recorded review; `act` ends in an action tied to a metric. */
  reviews: Array<{ weeksAgo: number; act: boolean }>;
  goal?: { weeksAgo: number; dueInWeeks: number; followUp?: 'met' | 'missed' };
  definitionChangeDaysAgo?: number;
  /** Past stages, as [weeks ago, stage]. */
  stages: Array<[number, MaturityStage]>;
}> = [
  {
    team: 'checkout-squad',
    members: ['olivia.brown', 'noah.wilson', 'fatima.zahra'],
    services: ['checkout-service'],
    viewWeeks: [1, 2, 3, 4, 5, 6, 7, 8],
    reviews: [1, 2, 3, 4, 5, 6, 7].map(weeksAgo => ({
      weeksAgo,
      act: weeksAgo % 2 === 1,
    })),
    goal: { weeksAgo: 8, dueInWeeks: 5, followUp: 'met' },
    definitionChangeDaysAgo: 20,
    stages: [
      [12, 2],
      [9, 3],
      [6, 4],
      [3, 5],
    ],
  },
  {
    team: 'payments-squad',
    members: ['emma.johansson', 'david.cohen', 'aisha.bello'],
    services: ['payment-gateway'],
    viewWeeks: [1, 3, 6],
    reviews: [{ weeksAgo: 2, act: false }],
    goal: { weeksAgo: 6, dueInWeeks: 4, followUp: 'missed' },
    stages: [
      [8, 1],
      [5, 2],
      [2, 3],
    ],
  },
  {
    team: 'identity-squad',
    members: ['amara.okafor', 'jonas.berg', 'li.wei'],
    services: ['auth-service'],
    viewWeeks: [1, 2],
    reviews: [],
    goal: { weeksAgo: 1, dueInWeeks: 3 },
    stages: [
      [4, 0],
      [2, 1],
    ],
  },
  {
    team: 'growth-squad',
    members: ['chloe.dubois', 'marco.silva'],
    services: ['web-frontend'],
    viewWeeks: [3],
    reviews: [],
    stages: [[6, 0]],
  },
  // core-api-squad: nothing yet (stage 0).
  {
    team: 'mobility-squad',
    members: ['lucas.martin', 'hannah.schmidt'],
    services: ['trip-planner'],
    viewWeeks: [],
    reviews: [
      { weeksAgo: 1, act: false },
      { weeksAgo: 2, act: false },
    ],
    stages: [],
  },
];

// Plausible outcomes for the seeded goals (availability ratios of the demo world).
const BASELINE = 0.9978;
const TARGET = 0.999;

/** Writes the demo history relative to `now`; returns what was written. */
export async function seedDemoHistory(
  stores: Pick<MetricsStores, 'activity' | 'teamRecords' | 'snapshots'>,
  now: Date,
): Promise<{
  views: number;
  goals: number;
  reviews: number;
  assessments: number;
}> {
  const thisWeek = weekOf(now);
  const weekAgo = (n: number) => addDays(thisWeek, -7 * n);
  const at = (day: string, hour: number) =>
    `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  const counts = { views: 0, goals: 0, reviews: 0, assessments: 0 };

  for (const story of STORIES) {
    const teamRef = squad(story.team);
    const metric = availability(story.services[0]);
    for (const weeksAgo of story.viewWeeks) {
      // Tuesday and Thursday of that week, by two different members.
      for (const [offset, member] of [
        [1, story.members[0]],
        [3, story.members[1]],
      ] as const) {
        const day = addDays(weekAgo(weeksAgo), offset);
        await stores.activity.recordView({
          userRef: user(member),
          teamRefs: [teamRef],
          targetRef: teamRef,
          action: 'view',
          at: at(day, 9),
        });
        await stores.activity.recordView({
          userRef: user(member),
          teamRefs: [teamRef],
          targetRef: component(story.services[0]),
          action: 'explore',
          at: at(day, 10),
        });
        counts.views += 2;
      }
    }
    for (const review of story.reviews) {
      const week = weekAgo(review.weeksAgo);
      await stores.teamRecords.createReview({
        teamRef,
        week,
        metricsLookedAt: [metric],
        decision: review.act ? 'act' : 'no-action',
        ...(review.act
          ? {
              actionText: `Fix the top error class of ${story.services[0]} before adding features`,
              linkedMetric: metric,
            }
          : {}),
        author: user(story.members[0]),
        createdAt: at(addDays(week, 1), 11),
      });
      counts.reviews += 1;
    }
    if (story.goal) {
      const created = addDays(weekAgo(story.goal.weeksAgo), 1);
      const goal = await stores.teamRecords.createGoal({
        teamRef,
        metric,
        metricName: 'availability',
        unit: 'ratio',
        baseline: BASELINE,
        target: TARGET,
        direction: 'increase',
        dueDate: addDays(created, 7 * story.goal.dueInWeeks),
        notes: 'Cut 5xx on the busiest routes',
        author: user(story.members[0]),
        createdAt: at(created, 14),
      });
      counts.goals += 1;
      if (story.goal.followUp) {
        const met = story.goal.followUp === 'met';
        await stores.teamRecords.addFollowUp({
          goalId: goal.id,
          measuredOutcome: met ? 0.9992 : 0.9981,
          met,
          notes: met
            ? 'Retries moved to the client; 5xx halved'
            : 'The partner outage ate the gains',
          author: user(story.members[1]),
          createdAt: at(addDays(goal.dueDate, 2), 15),
        });
      }
    }
    if (story.definitionChangeDaysAgo !== undefined) {
      await stores.snapshots.addDefinitionChange({
        entityRef: component(story.services[0]),
        teamRef,
        change: 'changed',
        fingerprint: 'demo',
        seenAt: at(addDays(dayOf(now), -story.definitionChangeDaysAgo), 8),
      });
    }
    for (const [weeksAgo, stage] of story.stages) {
      const day = weekAgo(weeksAgo);
      await stores.activity.saveAssessment({
        teamRef,
        day,
        stage,
        evidence: {
          views: { count: 0 },
          goals: { count: 0, open: 0, due: 0 },
          followUps: { count: 0, met: 0, missed: 0 },
          weeks: [],
          definitionChanges: { count: 0 },
          decisions: { reviews: 0, actedWithMetric: 0 },
        },
        assessedAt: at(day, 6),
      });
      counts.assessments += 1;
    }
  }
  return counts;
}
