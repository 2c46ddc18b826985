/**
 * Types of the habit side of the suite: goals, follow-ups, weekly reviews, history and the
 * maturity model (docs/maturity.md, docs/architecture.md#stores). Days are `YYYY-MM-DD` (UTC); weeks are named by their
 * Monday (`YYYY-MM-DD`, ISO weeks, UTC); instants are ISO 8601 strings.
 */

/**
 * A metric of an entity, as goals and reviews point at it.
 *
 * @public
 */
export interface MetricRef {
  /** The entity declaring the metric, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** Definition id within the entity, e.g. `slo:availability`. */
  metricId: string;
}

/**
 * How a value reads: `ratio` (0–1, e.g. an SLI or a success rate) or `count` (a KPI).
 *
 * @public
 */
export type MetricValueUnit = 'ratio' | 'count';

/**
 * The value of a metric over whole days, from stored daily snapshots (or read live when the
 * collector has not stored the days yet).
 *
 * @public
 */
export interface MetricValue {
  metric: MetricRef;
  name: string;
  unit: MetricValueUnit;
  /** numerator / denominator for ratios, the numerator for counts; null without data. */
  value: number | null;
  numerator: number;
  /** Absent for counts. */
  denominator?: number;
  /** First and last day counted, inclusive. */
  fromDay: string;
  toDay: string;
  source: 'snapshots' | 'live';
}

/**
 * Where a goal stands: `open` before its due date; `due` on or after it, waiting for a
 * follow-up; `met` or `missed` once followed up.
 *
 * @public
 */
export type GoalStatus = 'open' | 'due' | 'met' | 'missed';

/**
 * The follow-up of a goal after its due date: the outcome the suite measured and what the
 * team made of it.
 *
 * @public
 */
export interface GoalFollowUp {
  goalId: string;
  /** Value of the metric over the 7 days up to the due date; null without data. */
  measuredOutcome: number | null;
  met: boolean;
  notes?: string;
  author: string;
  createdAt: string;
  /** 1 when recorded, one more with each edit or withdrawal (docs/api.md#editing-records). */
  revision: number;
  /** The last edit, when edited. */
  updatedAt?: string;
  updatedBy?: string;
}

/**
 * A goal on a metric: where the team stands (baseline) and where it expects to end up (target)
 * by a due date.
 *
 * @public
 */
export interface Goal {
  id: string;
  /** The team (Group) that owns the goal. */
  teamRef: string;
  metric: MetricRef;
  metricName: string;
  unit: MetricValueUnit;
  baseline: number;
  target: number;
  /** `increase` when the target is at or above the baseline. */
  direction: 'increase' | 'decrease';
  dueDate: string;
  notes?: string;
  author: string;
  createdAt: string;
  /** 1 when recorded, one more with each edit or withdrawal (docs/api.md#editing-records). */
  revision: number;
  /** The last edit, when edited. */
  updatedAt?: string;
  updatedBy?: string;
  /** Only on withdrawn goals, which lists leave out unless asked for. */
  withdrawn?: RecordWithdrawal;
  status: GoalStatus;
  /** When due and not followed up: the outcome measured so far, to pre-fill the follow-up. */
  measuredOutcome?: number | null;
  followUp?: GoalFollowUp;
}

/**
 * The team's decision at a weekly review.
 *
 * @public
 */
export type ReviewDecision = 'act' | 'no-action';

/**
 * The error-budget policy step a review answers (docs/slo-math.md#error-budget-policy), as
 * the backend found it applying when the review was recorded.
 *
 * @public
 */
export interface ReviewPolicyStep {
  /** The SLO whose policy it is. */
  metric: MetricRef;
  /** The step's `name`. */
  step: string;
  /** The step's action at the time. */
  action: string;
  /** The SLO's remaining budget (fraction) at the time; null without data. */
  budgetRemaining: number | null;
}

/**
 * A record that the team looked at its metrics in a week, and what it decided.
 *
 * @public
 */
export interface WeeklyReview {
  id: string;
  teamRef: string;
  /** Monday of the ISO week reviewed. */
  week: string;
  metricsLookedAt: MetricRef[];
  decision: ReviewDecision;
  actionText?: string;
  linkedMetric?: MetricRef;
  /** The policy step the decision answers; absent for reviews that answer none. */
  policyStep?: ReviewPolicyStep;
  author: string;
  createdAt: string;
  /** 1 when recorded, one more with each edit or withdrawal (docs/api.md#editing-records). */
  revision: number;
  /** The last edit, when edited. */
  updatedAt?: string;
  updatedBy?: string;
  /** Only on withdrawn reviews, which lists leave out unless asked for. */
  withdrawn?: RecordWithdrawal;
}

/**
 * Who withdrew a record, when and why. Withdrawn records are kept, with their history.
 *
 * @public
 */
export interface RecordWithdrawal {
  at: string;
  by: string;
  reason?: string;
}

/**
 * The records a team can edit: a goal, a goal's follow-up (named by the goal's id) and a
 * weekly review.
 *
 * @public
 */
export type RecordKind = 'goal' | 'follow-up' | 'review';

/**
 * What a revision did to its record.
 *
 * @public
 */
export type RecordChange = 'created' | 'edited' | 'withdrawn';

/**
 * One field a revision changed: its value before and after (absent when the field was unset).
 *
 * @public
 */
export interface RecordFieldChange {
  from?: unknown;
  to?: unknown;
}

/**
 * One change of a record (docs/api.md#editing-records).
 *
 * @public
 */
export interface RecordRevision {
  kind: RecordKind;
  /** The goal's or review's id; a follow-up's is its goal's. */
  recordId: string;
  /** The record's revision after the change, 1 for its creation. */
  revision: number;
  change: RecordChange;
  /** Entity ref of the user who made the change. */
  author: string;
  at: string;
  /** Empty for `created` and `withdrawn`. */
  changes: Record<string, RecordFieldChange>;
  reason?: string;
}

/**
 * Answer of `GET …/goals/{goalId}/history` and `GET …/reviews/{reviewId}/history`, newest first.
 * A goal's history holds its follow-up's revisions too.
 *
 * @public
 */
export interface RecordHistoryResponse {
  items: RecordRevision[];
}

/**
 * Maturity stages (docs/maturity.md#stages): cumulative, 0 (not started) to 6 (regularly acting).
 *
 * @public
 */
export type MaturityStage = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Thresholds of the maturity evidence (configurable under `metrics.maturity`).
 *
 * @public
 */
export interface MaturityThresholds {
  /** Stage 1: views or drill-downs by team members within `lookbackDays`. */
  exploration: { minViews: number; lookbackDays: number };
  /** Stage 2: goals with a baseline and a target. */
  preplanning: { minGoals: number };
  /** Stage 3: goals followed up after their due date with a measured outcome. */
  followUp: { minFollowUps: number };
  /**
   * Stage 4: weeks (of the last `weeksConsidered`, the current one included) in which the team
   * recorded a review or its members viewed its metrics on `minViewDaysPerWeek` distinct days.
   */
  looking: {
    weeksRequired: number;
    weeksConsidered: number;
    minViewDaysPerWeek: number;
  };
  /** Stage 5: changes to the team's own metric definitions within `lookbackDays`. */
  adjusting: { minChanges: number; lookbackDays: number };
  /**
   * Stage 6: of the reviews in the last `weeksConsidered` weeks, at least `minActedReviews`
   * ended in a decision to act tied to a metric, and they are at least `minActedShare` of them.
   */
  acting: {
    weeksConsidered: number;
    minActedReviews: number;
    minActedShare: number;
  };
}

/**
 * One week of the "regularly looking" evidence.
 *
 * @public
 */
export interface MaturityWeek {
  /** Monday of the week. */
  week: string;
  reviewed: boolean;
  /** Distinct days on which team members viewed the team's or its services' metrics. */
  viewDays: number;
  /** Whether the week counts as looked at. */
  looked: boolean;
}

/**
 * A goal the evidence names, so the next step can point at it.
 *
 * @public
 */
export interface MaturityGoalPointer {
  goalId: string;
  metricName: string;
  dueDate: string;
}

/**
 * What the suite observed about a team (docs/maturity.md#evidence).
 *
 * @public
 */
export interface MaturityEvidence {
  /** Metric views and drill-downs by the team's members within the exploration lookback. */
  views: { count: number; lastAt?: string };
  /** Goals with a baseline and a target; `due` are waiting for a follow-up. */
  goals: {
    count: number;
    open: number;
    due: number;
    /** The goal waiting longest for its follow-up. */
    oldestDue?: MaturityGoalPointer;
    /** The open goal due soonest. */
    nextOpen?: MaturityGoalPointer;
  };
  followUps: { count: number; met: number; missed: number; lastAt?: string };
  /** Newest first, `looking.weeksConsidered` long. */
  weeks: MaturityWeek[];
  /** Changes to the team's own metric definitions within the adjusting lookback. */
  definitionChanges: { count: number; lastAt?: string };
  /**
   * Reviews within the acting window, those ending in an action tied to a metric (linked, or
   * answering a policy step of the metric), and of those the ones answering a policy step
   * (absent when none).
   */
  decisions: {
    reviews: number;
    actedWithMetric: number;
    answeredPolicySteps?: number;
  };
}

/**
 * Whether one stage's evidence is met, in words.
 *
 * @public
 */
export interface MaturityCheck {
  stage: Exclude<MaturityStage, 0>;
  name: string;
  met: boolean;
  detail: string;
}

/**
 * The outcome of evaluating a team's evidence.
 *
 * @public
 */
export interface MaturityAssessment {
  stage: MaturityStage;
  stageName: string;
  checks: MaturityCheck[];
  /** The concrete next step towards the next stage; absent at stage 6. */
  nextStep?: string;
}

/**
 * A stored assessment, one per team and day.
 *
 * @public
 */
export interface MaturityHistoryPoint {
  day: string;
  stage: MaturityStage;
}

/**
 * A team's maturity as `GET /v1/maturity` returns it (docs/api.md#maturity).
 *
 * @public
 */
export interface TeamMaturity extends MaturityAssessment {
  entityRef: string;
  title?: string;
  /** The parent group (e.g. the tribe), for filtering. */
  parentRef?: string;
  evidence: MaturityEvidence;
  /** Oldest first; the last point is today's assessment. */
  history: MaturityHistoryPoint[];
  assessedAt: string;
}

/**
 * Filters of `GET /api/metrics/v1/maturity` and of its CSV export (docs/api.md#maturity).
 *
 * @public
 */
export interface MaturityFilter {
  /** Only teams whose parent group (e.g. the tribe) is this ref. */
  parent?: string;
  /** Only teams at one of these stages. */
  stages?: MaturityStage[];
  /** Only teams whose title or ref contains this text, case-insensitive. */
  search?: string;
}

/**
 * A page of `GET /api/metrics/v1/maturity`.
 *
 * @public
 */
export interface MaturityListQuery extends MaturityFilter {
  /** Teams per page (default 50, at most 500). */
  limit?: number;
  /** Teams skipped, in the answer's order. */
  offset?: number;
}

/**
 * How many of the filtered teams are at one stage.
 *
 * @public
 */
export interface MaturityStageCount {
  stage: MaturityStage;
  name: string;
  teams: number;
}

/**
 * A parent group (tribe) with how many teams it holds, for the parent filter.
 *
 * @public
 */
export interface MaturityParentCount {
  parentRef: string;
  teams: number;
}

/**
 * Teams whose stage went up or down against `days` days earlier (see `stageTrend`).
 *
 * @public
 */
export interface MaturityTrendCount {
  up: number;
  down: number;
  days: number;
}

/**
 * Answer of `GET /api/metrics/v1/maturity`: one page of the filtered teams, lowest stage
 * first, then by name, then by ref.
 *
 * @public
 */
export interface MaturityListResponse {
  items: TeamMaturity[];
  /** Teams matching the filters, on every page. */
  totalItems: number;
  offset: number;
  limit: number;
  /** Stages 0 to 6 with how many of the filtered teams are at each. */
  stages: MaturityStageCount[];
  /** Every parent group of every team, whatever the filters, by ref. */
  parents: MaturityParentCount[];
  /** How many of the filtered teams (every page) moved stage over the last `days` days. */
  trend: MaturityTrendCount;
}

/**
 * Answer of `GET /api/metrics/v1/teams/{namespace}/{name}/goals`.
 *
 * @public
 */
export interface GoalListResponse {
  items: Goal[];
}

/**
 * Answer of `GET /api/metrics/v1/teams/{namespace}/{name}/reviews`, newest week first.
 *
 * @public
 */
export interface ReviewListResponse {
  items: WeeklyReview[];
}

/**
 * Body of `POST /api/metrics/v1/teams/{namespace}/{name}/goals`. The baseline defaults to the
 * metric's current value (7 days up to today).
 *
 * @public
 */
export interface CreateGoalRequest {
  metric: MetricRef;
  target: number;
  dueDate: string;
  baseline?: number;
  notes?: string;
}

/**
 * Body of `POST /api/metrics/v1/teams/{namespace}/{name}/goals/{id}/follow-up`. `met` defaults to
 * comparing the measured outcome with the target.
 *
 * @public
 */
export interface CreateFollowUpRequest {
  notes?: string;
  met?: boolean;
}

/**
 * Body of `POST /api/metrics/v1/teams/{namespace}/{name}/reviews`. `week` defaults to the
 * current week.
 *
 * @public
 */
export interface CreateReviewRequest {
  week?: string;
  metricsLookedAt: MetricRef[];
  decision: ReviewDecision;
  actionText?: string;
  linkedMetric?: MetricRef;
  /**
   * The policy step the decision answers: its SLO and name. The backend checks that the step
   * applies now and records its action and the budget left itself.
   */
  policyStep?: { metric: MetricRef; step: string };
}

/**
 * Body of `PUT /api/metrics/v1/teams/{namespace}/{name}/north-star`: the KPI the team marks as
 * its north star (docs/api.md#north-star).
 *
 * @public
 */
export interface SetNorthStarRequest {
  metric: MetricRef;
}

/**
 * Body of `PUT /api/metrics/v1/teams/{namespace}/{name}/goals/{id}`: the fields to change and the
 * revision the change was made on. The metric cannot change; the direction follows from the
 * target and the baseline. `notes: null` (or blank) clears the notes.
 *
 * @public
 */
export interface UpdateGoalRequest {
  target?: number;
  dueDate?: string;
  baseline?: number;
  notes?: string | null;
  revision: number;
  reason?: string;
}

/**
 * Body of `PUT /api/metrics/v1/teams/{namespace}/{name}/goals/{id}/follow-up`. The measured
 * outcome stays as measured. `notes: null` (or blank) clears the notes.
 *
 * @public
 */
export interface UpdateFollowUpRequest {
  met?: boolean;
  notes?: string | null;
  revision: number;
  reason?: string;
}

/**
 * Body of `PUT /api/metrics/v1/teams/{namespace}/{name}/reviews/{id}`: the fields of
 * {@link CreateReviewRequest} to change and the revision seen. `null` (or blank text) clears
 * `actionText` and `linkedMetric`.
 *
 * @public
 */
export interface UpdateReviewRequest {
  week?: string;
  metricsLookedAt?: MetricRef[];
  decision?: ReviewDecision;
  actionText?: string | null;
  linkedMetric?: MetricRef | null;
  revision: number;
  reason?: string;
}

/**
 * Body of the `DELETE` of a goal, a follow-up or a review: the revision seen and why.
 *
 * @public
 */
export interface WithdrawRequest {
  revision: number;
  reason?: string;
}

/**
 * `?include=withdrawn` of the goal and review lists.
 *
 * @public
 */
export interface RecordListOptions {
  includeWithdrawn?: boolean;
}
