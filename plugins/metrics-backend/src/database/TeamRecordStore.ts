import type {
  Goal,
  GoalFollowUp,
  RecordKind,
  RecordRevision,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** A goal as stored: the shared Goal without what the service derives on read. */
export type GoalRow = Omit<Goal, 'status' | 'measuredOutcome'>;

/** What a record's revision and withdrawal add; a new record has none of it. */
type Revised = 'revision' | 'updatedAt' | 'updatedBy' | 'withdrawn';

export type NewGoal = Omit<
  GoalRow,
  'id' | 'createdAt' | 'followUp' | Revised
> & {
  /** Defaults to now; set when seeding history. */
  createdAt?: string;
};

export type NewFollowUp = Omit<GoalFollowUp, 'createdAt' | Revised> & {
  createdAt?: string;
};

/** A weekly review as stored: the shared WeeklyReview. */
export type ReviewRow = WeeklyReview;

export type NewReview = Omit<ReviewRow, 'id' | 'createdAt' | Revised> & {
  createdAt?: string;
};

/** Fields of an edit: undefined keeps a field, null clears an optional one. */
type Edit<T, K extends keyof T> = {
  [F in K]?: undefined extends T[F] ? T[F] | null : T[F];
};

/** A goal's editable fields; the metric stays, the direction follows the target. */
export type GoalEdit = Edit<
  GoalRow,
  'target' | 'baseline' | 'dueDate' | 'direction' | 'notes'
>;

/** A follow-up's editable fields; the measured outcome stays as measured. */
export type FollowUpEdit = Edit<GoalFollowUp, 'met' | 'notes'>;

/** Every field of a review but who recorded it when can be edited. */
export type ReviewEdit = Edit<
  ReviewRow,
  // The policy step a review answered is fixed at creation.
  Exclude<keyof NewReview, 'teamRef' | 'author' | 'createdAt' | 'policyStep'>
>;

/** An edit of one record, made on the revision its author saw. */
export interface RecordEdit<C> {
  /** The goal's or review's id; a follow-up's is its goal's. */
  id: string;
  revision: number;
  changes: C;
  author: string;
  reason?: string;
  /** Defaults to now. */
  at?: string;
}

/** A withdrawal of one record, made on the revision its author saw. */
export type RecordWithdrawalRequest = Omit<RecordEdit<never>, 'changes'>;

/**
 * What teams record by hand: goals, their follow-ups and weekly reviews, and every change to
 * them. Implemented by `DatabaseTeamRecordStore`.
 *
 * Edits and withdrawals throw NotFoundError without the record and ConflictError when it was
 * withdrawn or is no longer at the revision given (docs/api.md#editing-records); each one is
 * written with its revision row in one transaction. An edit that changes nothing writes nothing.
 */
export interface TeamRecordStore {
  // Goals and follow-ups.
  createGoal(goal: NewGoal): Promise<GoalRow>;
  /** Withdrawn goals too (with `withdrawn`); a withdrawn follow-up is left out. */
  getGoal(id: string): Promise<GoalRow | undefined>;
  /** Newest first; withdrawn goals only when asked for. */
  listGoals(query: {
    teamRefs?: string[];
    includeWithdrawn?: boolean;
  }): Promise<GoalRow[]>;
  /**
   * Throws ConflictError when the goal already has a follow-up, NotFoundError without goal. A
   * withdrawn follow-up is replaced, its history kept.
   */
  addFollowUp(followUp: NewFollowUp): Promise<GoalFollowUp>;
  updateGoal(edit: RecordEdit<GoalEdit>): Promise<GoalRow>;
  withdrawGoal(withdrawal: RecordWithdrawalRequest): Promise<GoalRow>;
  /** `id` is the goal's. */
  updateFollowUp(edit: RecordEdit<FollowUpEdit>): Promise<GoalRow>;
  /** `id` is the goal's; the goal is back to due (or open) without a follow-up. */
  withdrawFollowUp(withdrawal: RecordWithdrawalRequest): Promise<GoalRow>;

  // Weekly reviews.
  createReview(review: NewReview): Promise<ReviewRow>;
  /** Withdrawn reviews too (with `withdrawn`). */
  getReview(id: string): Promise<ReviewRow | undefined>;
  /** Newest week first, then newest record; withdrawn reviews only when asked for. */
  listReviews(query: {
    teamRefs?: string[];
    sinceWeek?: string;
    includeWithdrawn?: boolean;
  }): Promise<ReviewRow[]>;
  updateReview(edit: RecordEdit<ReviewEdit>): Promise<ReviewRow>;
  withdrawReview(withdrawal: RecordWithdrawalRequest): Promise<ReviewRow>;

  /** The revisions of the records of these kinds with this id, newest first, creation included. */
  listRevisions(
    kinds: RecordKind[],
    recordId: string,
  ): Promise<RecordRevision[]>;
}
