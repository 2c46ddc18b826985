/**
 * The maturity model (docs/maturity.md) as pure functions: rows the suite recorded in, evidence
 * and stage out. The backend reads the rows; the thresholds come from configuration.
 */
import { addDays, dayOf, weekOf } from './dates';
import { MATURITY_STAGE_NAMES } from './thresholds';
import type {
  MaturityAssessment,
  MaturityCheck,
  MaturityEvidence,
  MaturityGoalPointer,
  MaturityStage,
  MaturityThresholds,
  MaturityWeek,
  MetricRef,
  ReviewDecision,
} from './types';

/**
 * A recorded view by a member of the team of the team's own metrics (its group tab or one of
 * its services).
 *
 * @public
 */
export interface MaturityViewInput {
  targetRef: string;
  action: 'view' | 'explore';
  /** `YYYY-MM-DD` (UTC) of the view. */
  day: string;
  at: string;
}

/**
 * A goal of the team, as far as maturity is concerned.
 *
 * @public
 */
export interface MaturityGoalInput {
  id: string;
  metricName: string;
  baseline: number;
  target: number;
  dueDate: string;
  followUp?: { met: boolean; createdAt: string };
}

/**
 * A weekly review of the team, as far as maturity is concerned.
 *
 * @public
 */
export interface MaturityReviewInput {
  /** Monday of the week reviewed. */
  week: string;
  decision: ReviewDecision;
  linkedMetric?: MetricRef;
  /** The error-budget policy step the decision answers (docs/maturity.md#evidence). */
  policyStep?: { step: string };
}

/**
 * A change to one of the team's metric definitions.
 *
 * @public
 */
export interface MaturityDefinitionChangeInput {
  seenAt: string;
}

/**
 * Everything recorded about one team that its maturity is judged on. Rows outside the
 * windows of {@link maturityEvidenceWindow} may be included; they are ignored.
 *
 * @public
 */
export interface MaturityEvidenceInput {
  views: MaturityViewInput[];
  goals: MaturityGoalInput[];
  reviews: MaturityReviewInput[];
  definitionChanges: MaturityDefinitionChangeInput[];
}

/**
 * The windows the evidence looks at on a given day, so callers read only the rows needed.
 *
 * @public
 */
export interface MaturityEvidenceWindow {
  today: string;
  /** Monday of the current week. */
  currentWeek: string;
  /** First day of the exploration lookback. */
  exploreSinceDay: string;
  /** Monday of the oldest week of the "regularly looking" evidence. */
  lookingSinceWeek: string;
  /** Monday of the oldest week of the "regularly acting" evidence. */
  actingSinceWeek: string;
  /** First day of the adjusting lookback. */
  adjustSinceDay: string;
  /** First day any view row can count: the earlier of exploration and looking. */
  viewsSinceDay: string;
  /** Monday of the oldest week any review can count. */
  reviewsSinceWeek: string;
}

function earlier(a: string, b: string): string {
  return a < b ? a : b;
}

/**
 * The windows of the evidence on the day of `now` (UTC). A lookback of N days is the last N
 * days including today; N weeks are the current ISO week and the N − 1 before it.
 *
 * @public
 */
export function maturityEvidenceWindow(
  thresholds: MaturityThresholds,
  now: Date,
): MaturityEvidenceWindow {
  const today = dayOf(now);
  const currentWeek = weekOf(today);
  const exploreSinceDay = addDays(
    today,
    1 - thresholds.exploration.lookbackDays,
  );
  const lookingSinceWeek = addDays(
    currentWeek,
    -7 * (thresholds.looking.weeksConsidered - 1),
  );
  const actingSinceWeek = addDays(
    currentWeek,
    -7 * (thresholds.acting.weeksConsidered - 1),
  );
  return {
    today,
    currentWeek,
    exploreSinceDay,
    lookingSinceWeek,
    actingSinceWeek,
    adjustSinceDay: addDays(today, 1 - thresholds.adjusting.lookbackDays),
    viewsSinceDay: earlier(exploreSinceDay, lookingSinceWeek),
    reviewsSinceWeek: earlier(lookingSinceWeek, actingSinceWeek),
  };
}

function latest(values: string[]): string | undefined {
  return values.reduce<string | undefined>(
    (max, value) => (max === undefined || value > max ? value : max),
    undefined,
  );
}

function pointer(goal: MaturityGoalInput): MaturityGoalPointer {
  return {
    goalId: goal.id,
    metricName: goal.metricName,
    dueDate: goal.dueDate,
  };
}

function byDueDate(a: MaturityGoalInput, b: MaturityGoalInput): number {
  return a.dueDate.localeCompare(b.dueDate) || a.id.localeCompare(b.id);
}

/**
 * Turns a team's recorded rows into maturity evidence as of `now`.
 *
 * @public
 */
export function collectMaturityEvidence(
  input: MaturityEvidenceInput,
  thresholds: MaturityThresholds,
  now: Date,
): MaturityEvidence {
  const window = maturityEvidenceWindow(thresholds, now);
  const { today, currentWeek } = window;

  const views = input.views.filter(v => v.day <= today);
  const explored = views.filter(v => v.day >= window.exploreSinceDay);

  const goals = input.goals.filter(
    g => Number.isFinite(g.baseline) && Number.isFinite(g.target),
  );
  const waiting = goals.filter(g => !g.followUp);
  const due = waiting.filter(g => g.dueDate <= today).sort(byDueDate);
  const open = waiting.filter(g => g.dueDate > today).sort(byDueDate);
  // Only a follow-up after the due date measures an outcome (docs/maturity.md#stages, stage 3).
  const followedUp = goals.filter(
    g => g.followUp && dayOf(g.followUp.createdAt) >= g.dueDate,
  );

  const reviewedWeeks = new Set(input.reviews.map(r => r.week));
  const viewDaysByWeek = new Map<string, Set<string>>();
  for (const view of views) {
    const week = weekOf(view.day);
    const days = viewDaysByWeek.get(week) ?? new Set<string>();
    days.add(view.day);
    viewDaysByWeek.set(week, days);
  }
  const weeks: MaturityWeek[] = [];
  for (let i = 0; i < thresholds.looking.weeksConsidered; i++) {
    const week = addDays(currentWeek, -7 * i);
    const reviewed = reviewedWeeks.has(week);
    const viewDays = viewDaysByWeek.get(week)?.size ?? 0;
    weeks.push({
      week,
      reviewed,
      viewDays,
      looked: reviewed || viewDays >= thresholds.looking.minViewDaysPerWeek,
    });
  }

  const changes = input.definitionChanges.filter(c => {
    const day = dayOf(c.seenAt);
    return day >= window.adjustSinceDay && day <= today;
  });

  const decided = input.reviews.filter(
    r => r.week >= window.actingSinceWeek && r.week <= currentWeek,
  );
  const answeredPolicy = decided.filter(answersPolicyStep);

  return {
    views: {
      count: explored.length,
      ...optional('lastAt', latest(explored.map(v => v.at))),
    },
    goals: {
      count: goals.length,
      open: open.length,
      due: due.length,
      ...optional('oldestDue', due.length > 0 ? pointer(due[0]) : undefined),
      ...optional('nextOpen', open.length > 0 ? pointer(open[0]) : undefined),
    },
    followUps: {
      count: followedUp.length,
      met: followedUp.filter(g => g.followUp?.met).length,
      missed: followedUp.filter(g => !g.followUp?.met).length,
      ...optional(
        'lastAt',
        latest(
          followedUp.flatMap(g => (g.followUp ? [g.followUp.createdAt] : [])),
        ),
      ),
    },
    weeks,
    definitionChanges: {
      count: changes.length,
      ...optional('lastAt', latest(changes.map(c => c.seenAt))),
    },
    decisions: {
      reviews: decided.length,
      actedWithMetric: decided.filter(actedOnMetric).length,
      ...optional(
        'answeredPolicySteps',
        answeredPolicy.length > 0 ? answeredPolicy.length : undefined,
      ),
    },
  };
}

/** A decision to act on a triggered error-budget policy step. */
function answersPolicyStep(review: MaturityReviewInput): boolean {
  return review.decision === 'act' && review.policyStep !== undefined;
}

/**
 * Acting evidence: a decision to act tied to a metric, by linking it or by answering one of its
 * SLO's policy steps (the backend only records a step that applied).
 */
function actedOnMetric(review: MaturityReviewInput): boolean {
  return (
    review.decision === 'act' &&
    (review.linkedMetric !== undefined || review.policyStep !== undefined)
  );
}

// Absent rather than undefined, so stored evidence JSON stays the same after a round trip.
function optional<K extends string, V>(
  key: K,
  value: V | undefined,
): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

interface Stage {
  met: boolean;
  detail: string;
  nextStep: string;
}

type StageRule = (e: MaturityEvidence, t: MaturityThresholds) => Stage;

const exploring: StageRule = ({ views }, { exploration }) => {
  const { minViews, lookbackDays } = exploration;
  const soFar =
    views.count > 0
      ? ` (${count(views.count, 'view')} of ${minViews} ` +
        `in the last ${lookbackDays} days so far)`
      : '';
  return {
    met: views.count >= minViews,
    detail:
      `${count(views.count, 'metric view')} by team members ` +
      `in the last ${lookbackDays} days (needs ${minViews})`,
    nextStep: `Open the Metrics tab of a service you own and look at last week's numbers${soFar}`,
  };
};

const preplanning: StageRule = ({ goals }, t) => {
  const { minGoals } = t.preplanning;
  const soFar =
    goals.count > 0 ? ` (${goals.count} of ${minGoals} so far)` : '';
  return {
    met: goals.count >= minGoals,
    detail: `${count(
      goals.count,
      'goal',
    )} with a baseline and a target (needs ${minGoals})`,
    nextStep:
      "Create a goal on one of your metrics on the squad's Metrics tab: the current value " +
      `becomes its baseline; set the target you expect to reach and a due date${soFar}`,
  };
};

function followUpStep(
  { goals, followUps }: MaturityEvidence,
  minFollowUps: number,
): string {
  if (goals.oldestDue) {
    const { metricName, dueDate } = goals.oldestDue;
    const others =
      goals.due > 1 ? `; ${goals.due - 1} more waiting after it` : '';
    return (
      `Record the follow-up of goal '${metricName}' (due ${dueDate}) on the squad's ` +
      `Metrics tab: the suite measures the outcome against the target${others}`
    );
  }
  if (goals.nextOpen) {
    const { metricName, dueDate } = goals.nextOpen;
    return (
      `Goal '${metricName}' is due on ${dueDate}: on or after that day, ` +
      "record its follow-up on the squad's Metrics tab"
    );
  }
  return (
    "Create another goal with a due date on the squad's Metrics tab and record its " +
    `follow-up once it is due (${followUps.count} of ${minFollowUps} follow-ups so far)`
  );
}

const followingUp: StageRule = (e, t) => {
  const { minFollowUps } = t.followUp;
  const waiting = e.goals.due > 0 ? `; ${e.goals.due} due and waiting` : '';
  return {
    met: e.followUps.count >= minFollowUps,
    detail:
      `${count(e.followUps.count, 'goal')} followed up after the due date ` +
      `(needs ${minFollowUps})${waiting}`,
    nextStep: followUpStep(e, minFollowUps),
  };
};

const looking: StageRule = ({ weeks }, t) => {
  const { weeksRequired, weeksConsidered, minViewDaysPerWeek } = t.looking;
  const looked = weeks.filter(w => w.looked).length;
  const soFar = `(${looked} of the last ${weeksConsidered} weeks so far; ${weeksRequired} needed)`;
  // When this week already counts, only next week's review can add one.
  const thisWeekLooked = weeks[0]?.looked ?? false;
  return {
    met: looked >= weeksRequired,
    detail: `${looked} of the last ${weeksConsidered} weeks looked at (needs ${weeksRequired})`,
    nextStep: thisWeekLooked
      ? "This week counts already: record next week's review on the squad's " +
        `Metrics tab too ${soFar}`
      : "Record this week's review on the squad's Metrics tab, or look at the team's " +
        `metrics on ${minViewDaysPerWeek} different days this week ${soFar}`,
  };
};

const adjusting: StageRule = ({ definitionChanges }, t) => {
  const { minChanges, lookbackDays } = t.adjusting;
  return {
    met: definitionChanges.count >= minChanges,
    detail:
      `${count(
        definitionChanges.count,
        'change',
      )} to the team's metric definitions ` +
      `in the last ${lookbackDays} days (needs ${minChanges})`,
    nextStep:
      'Change or add a metric definition in catalog-info.yaml (metadata.metrics) of a ' +
      'service you own, e.g. give a metric without one a target or an alert, or add the ' +
      `KPI the team now steers by (${definitionChanges.count} of ${minChanges} ` +
      `in the last ${lookbackDays} days so far)`,
  };
};

const acting: StageRule = ({ decisions }, t) => {
  const { weeksConsidered, minActedReviews, minActedShare } = t.acting;
  const { reviews, actedWithMetric, answeredPolicySteps } = decisions;
  const share = reviews > 0 ? actedWithMetric / reviews : 0;
  const ofReviews = `${actedWithMetric} of ${count(
    reviews,
    'review',
  )} in the last ${weeksConsidered} weeks`;
  const needs = `${minActedReviews} and ${percent(minActedShare)}`;
  return {
    met:
      actedWithMetric >= minActedReviews &&
      reviews > 0 &&
      share >= minActedShare,
    detail: `${ofReviews} ended in an action tied to a metric${
      answeredPolicySteps
        ? ` (${answeredPolicySteps} answering an error-budget policy step)`
        : ''
    } (needs ${needs})`,
    nextStep:
      'End reviews with a decision tied to a metric: when recording the weekly review, ' +
      'choose "act", write down the action and link the metric it is about ' +
      `(${ofReviews} so far; ${needs} needed)`,
  };
};

// Stages 1 to 6, in order.
const STAGE_RULES: StageRule[] = [
  exploring,
  preplanning,
  followingUp,
  looking,
  adjusting,
  acting,
];

/**
 * Judges a team's evidence: the stage is the highest N such that stages 1 to N are all met
 * (docs/maturity.md#stages), and the next step is the action for the first stage not met.
 *
 * @public
 */
export function evaluateMaturity(
  evidence: MaturityEvidence,
  thresholds: MaturityThresholds,
): MaturityAssessment {
  const all = STAGE_RULES.map(rule => rule(evidence, thresholds));
  const checks: MaturityCheck[] = all.map((s, i) => ({
    stage: (i + 1) as MaturityCheck['stage'],
    name: MATURITY_STAGE_NAMES[i + 1],
    met: s.met,
    detail: s.detail,
  }));
  const firstUnmet = all.findIndex(s => !s.met);
  const stage = (firstUnmet === -1 ? all.length : firstUnmet) as MaturityStage;
  return {
    stage,
    stageName: MATURITY_STAGE_NAMES[stage],
    checks,
    ...(firstUnmet === -1 ? {} : { nextStep: all[firstUnmet].nextStep }),
  };
}
