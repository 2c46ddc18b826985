import type {
  Goal,
  GoalFollowUp,
  MaturityEvidence,
  MaturityStage,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';

/**
 * Numerator and denominator of one metric over one UTC day. Ratios (SLOs, integrations) have
 * both; counts (KPIs) only a numerator. Summing rows and dividing gives any longer window.
 */
export interface SnapshotRow {
  entityRef: string;
  metricId: string;
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  numerator: number;
  /** null for counts. */
  denominator: number | null;
  /** Source id, e.g. `prometheus:main`. */
  source: string;
}

/** A goal as stored: the shared Goal without what the service derives on read. */
export type GoalRow = Omit<Goal, 'status' | 'measuredOutcome'>;

export type NewGoal = Omit<GoalRow, 'id' | 'createdAt' | 'followUp'> & {
  /** Defaults to now; set when seeding history. */
  createdAt?: string;
};

export type NewFollowUp = Omit<GoalFollowUp, 'createdAt'> & {
  createdAt?: string;
};

/** A weekly review as stored: the shared WeeklyReview. */
export type ReviewRow = WeeklyReview;

export type NewReview = Omit<ReviewRow, 'id' | 'createdAt'> & {
  createdAt?: string;
};

/**
 * Someone looked at metrics: `view` opens a team's or service's Metrics tab with the default
 * range; `explore` is a drill-down (another range or end time, a single service from a squad).
 */
export interface ViewRecord {
  userRef: string;
  /** The viewer's teams at the time (their ownership refs of kind group). */
  teamRefs: string[];
  /** Whose metrics were looked at: a group or a component. */
  targetRef: string;
  action: 'view' | 'explore';
  at: string;
}

/** One stored row per viewer team; at most one per user, team, target, action and day. */
export interface ViewRow {
  userRef: string;
  teamRef: string;
  targetRef: string;
  action: 'view' | 'explore';
  day: string;
  at: string;
}

/** A change of an entity's `metadata.metrics` block, seen by the collector. */
export interface DefinitionChangeRow {
  entityRef: string;
  /** The owner of the entity when the change was seen. */
  teamRef: string;
  change: 'added' | 'changed' | 'removed';
  fingerprint: string;
  seenAt: string;
}

export interface AssessmentRow {
  teamRef: string;
  day: string;
  stage: MaturityStage;
  evidence: MaturityEvidence;
  assessedAt: string;
}

/** Open burn-rate alert of an SLO, so a notification is sent once per escalation. */
export interface AlertStateRow {
  entityRef: string;
  sloId: string;
  level: 'ticket' | 'page';
  since: string;
}

/**
 * Everything the suite keeps in the Backstage database: history outliving Prometheus, and the
 * team habits (goals, follow-ups, reviews, views, maturity). Implemented by
 * `DatabaseMetricsStore` on SQLite and PostgreSQL.
 */
export interface MetricsStore {
  // Snapshots (written by the collector).
  upsertSnapshots(rows: SnapshotRow[]): Promise<void>;
  /** Inclusive day bounds; optionally narrowed to entities and/or metrics. */
  listSnapshots(query: {
    fromDay: string;
    toDay: string;
    entityRefs?: string[];
    metricIds?: string[];
  }): Promise<SnapshotRow[]>;
  deleteSnapshotsBefore(day: string): Promise<number>;
  /** Days the collector completed, so gaps can be back-filled. */
  markDaysCollected(days: string[], at?: string): Promise<void>;
  listCollectedDays(query: {
    fromDay: string;
    toDay: string;
  }): Promise<string[]>;

  // Definitions.
  /**
   * Records the current fingerprint of an entity's definitions. Returns the change seen
   * (`added` for an entity seen for the first time after the first collection, `changed`,
   * `unchanged`), and stores a DefinitionChangeRow for `added`/`changed`. The first ever
   * sighting of an entity while `baseline` is true counts as `unchanged` (install time is not
   * a change by the team).
   */
  recordDefinitionFingerprint(input: {
    entityRef: string;
    teamRef: string;
    fingerprint: string;
    seenAt?: string;
    baseline: boolean;
  }): Promise<'added' | 'changed' | 'unchanged'>;
  listDefinitionChanges(query: {
    teamRefs?: string[];
    since: string;
  }): Promise<DefinitionChangeRow[]>;
  /** Adds a change row directly (seeding history, tests). */
  addDefinitionChange(row: DefinitionChangeRow): Promise<void>;

  // Goals and follow-ups.
  createGoal(goal: NewGoal): Promise<GoalRow>;
  getGoal(id: string): Promise<GoalRow | undefined>;
  /** Newest first. */
  listGoals(query: { teamRefs?: string[] }): Promise<GoalRow[]>;
  /** Throws ConflictError when the goal already has a follow-up, NotFoundError without goal. */
  addFollowUp(followUp: NewFollowUp): Promise<GoalFollowUp>;

  // Weekly reviews.
  createReview(review: NewReview): Promise<ReviewRow>;
  /** Newest week first, then newest record. */
  listReviews(query: {
    teamRefs?: string[];
    sinceWeek?: string;
  }): Promise<ReviewRow[]>;

  // View records.
  recordView(view: ViewRecord): Promise<void>;
  listViews(query: { teamRefs?: string[]; since: string }): Promise<ViewRow[]>;

  // Maturity assessments, one per team and day (the latest of the day wins).
  saveAssessment(row: AssessmentRow): Promise<void>;
  /** Oldest first. */
  listAssessments(query: {
    teamRefs?: string[];
    sinceDay?: string;
  }): Promise<AssessmentRow[]>;

  // Nudges.
  getAlertState(
    entityRef: string,
    sloId: string,
  ): Promise<AlertStateRow | undefined>;
  setAlertState(row: AlertStateRow): Promise<void>;
  clearAlertState(entityRef: string, sloId: string): Promise<void>;
  /** Whether the digest of a team for a week was sent; marks it sent when not. */
  claimDigest(teamRef: string, week: string): Promise<boolean>;
}
