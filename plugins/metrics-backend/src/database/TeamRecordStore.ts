import type {
  Goal,
  GoalFollowUp,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';

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
 * What teams record by hand: goals, their follow-ups and weekly reviews. Implemented by
 * `DatabaseTeamRecordStore`.
 */
export interface TeamRecordStore {
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
}
