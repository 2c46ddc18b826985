import type {
  MaturityEvidence,
  MaturityStage,
} from '@metrics-suite/backstage-plugin-metrics-common';

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

export interface AssessmentRow {
  teamRef: string;
  day: string;
  stage: MaturityStage;
  evidence: MaturityEvidence;
  assessedAt: string;
}

/**
 * What the portal observes of a team: who looked at metrics, and the maturity stage assessed
 * from it. Implemented by `DatabaseActivityStore`.
 */
export interface ActivityStore {
  // View records.
  recordView(view: ViewRecord): Promise<void>;
  listViews(query: { teamRefs?: string[]; since: string }): Promise<ViewRow[]>;
  /** Deletes the view records of days before `day` (`YYYY-MM-DD`); answers how many. */
  deleteViewsBefore(day: string): Promise<number>;

  // Maturity assessments, one per team and day (the latest of the day wins).
  saveAssessment(row: AssessmentRow): Promise<void>;
  /** Many at once, in a few multi-row statements rather than one per team. */
  saveAssessments(rows: AssessmentRow[]): Promise<void>;
  /** Oldest first. */
  listAssessments(query: {
    teamRefs?: string[];
    sinceDay?: string;
  }): Promise<AssessmentRow[]>;
  /**
   * What a stage trend compares with (`stageTrend` in metrics-common), for many teams in one
   * query: per team, the last assessment on or before `referenceDay` and the oldest before
   * `beforeDay`, both on or after `sinceDay`. Oldest first; a team has 0 to 2 points.
   */
  listTrendPoints(query: {
    teamRefs: string[];
    sinceDay: string;
    referenceDay: string;
    beforeDay: string;
  }): Promise<Array<Pick<AssessmentRow, 'teamRef' | 'day' | 'stage'>>>;
}
