import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  GoalFollowUp,
  MetricRef,
  MetricValueUnit,
  ReviewDecision,
  ReviewPolicyStep,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { migrateOnce } from './migrations';
import { cmp, inChunks, optional, toInstant } from './queryHelpers';
import { T } from './tables';
import type {
  GoalRow,
  NewFollowUp,
  NewGoal,
  NewReview,
  ReviewRow,
  TeamRecordStore,
} from './TeamRecordStore';

type GoalDbRow = {
  id: string;
  team_ref: string;
  entity_ref: string;
  metric_id: string;
  metric_name: string;
  unit: string;
  baseline: number;
  target: number;
  direction: string;
  due_date: string;
  notes: string | null;
  author: string;
  created_at: string;
};

type GoalWithFollowUpDbRow = GoalDbRow & {
  f_goal_id: string | null;
  f_measured_outcome: number | null;
  f_met: boolean | number | null;
  f_notes: string | null;
  f_author: string | null;
  f_created_at: string | null;
};

type ReviewDbRow = {
  id: string;
  team_ref: string;
  week: string;
  metrics_looked_at: string;
  decision: string;
  action_text: string | null;
  linked_metric: string | null;
  /** JSON of the ReviewPolicyStep; null when the review answers none. */
  policy_step: string | null;
  author: string;
  created_at: string;
};

function metricRef(ref: MetricRef): MetricRef {
  return { entityRef: ref.entityRef, metricId: ref.metricId };
}

function policyStep(value: ReviewPolicyStep): ReviewPolicyStep {
  return {
    metric: metricRef(value.metric),
    step: value.step,
    action: value.action,
    budgetRemaining: value.budgetRemaining,
  };
}

function toGoalRow(row: GoalWithFollowUpDbRow): GoalRow {
  return {
    id: row.id,
    teamRef: row.team_ref,
    metric: { entityRef: row.entity_ref, metricId: row.metric_id },
    metricName: row.metric_name,
    unit: row.unit as MetricValueUnit,
    baseline: Number(row.baseline),
    target: Number(row.target),
    direction: row.direction as GoalRow['direction'],
    dueDate: row.due_date,
    ...optional('notes', row.notes),
    author: row.author,
    createdAt: row.created_at,
    ...(row.f_goal_id
      ? {
          followUp: {
            goalId: row.f_goal_id,
            measuredOutcome:
              row.f_measured_outcome === null
                ? null
                : Number(row.f_measured_outcome),
            // SQLite returns booleans as 0/1.
            met: Boolean(row.f_met),
            ...optional('notes', row.f_notes),
            // Not null in a joined follow-up row.
            author: row.f_author as string,
            createdAt: row.f_created_at as string,
          },
        }
      : {}),
  };
}

function toReviewRow(row: ReviewDbRow): ReviewRow {
  return {
    id: row.id,
    teamRef: row.team_ref,
    week: row.week,
    metricsLookedAt: JSON.parse(row.metrics_looked_at),
    decision: row.decision as ReviewDecision,
    ...optional('actionText', row.action_text),
    ...optional<'linkedMetric', MetricRef>(
      'linkedMetric',
      row.linked_metric === null ? null : JSON.parse(row.linked_metric),
    ),
    ...optional<'policyStep', ReviewPolicyStep>(
      'policyStep',
      row.policy_step === null ? null : JSON.parse(row.policy_step),
    ),
    author: row.author,
    createdAt: row.created_at,
  };
}

const byCreatedDesc = (a: GoalRow, b: GoalRow) =>
  cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id);

const byWeekThenCreatedDesc = (a: ReviewRow, b: ReviewRow) =>
  cmp(b.week, a.week) || cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id);

/** Goals, follow-ups and weekly reviews on the Backstage database. */
export class DatabaseTeamRecordStore implements TeamRecordStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseTeamRecordStore> {
    await migrateOnce(options.database);
    return new DatabaseTeamRecordStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  // Goals and follow-ups

  private selectGoals() {
    return this.db<GoalWithFollowUpDbRow>(`${T.goals} as g`)
      .leftJoin(`${T.followUps} as f`, 'f.goal_id', 'g.id')
      .select(
        'g.*',
        'f.goal_id as f_goal_id',
        'f.measured_outcome as f_measured_outcome',
        'f.met as f_met',
        'f.notes as f_notes',
        'f.author as f_author',
        'f.created_at as f_created_at',
      );
  }

  async createGoal(goal: NewGoal): Promise<GoalRow> {
    const row: GoalDbRow = {
      id: randomUUID(),
      team_ref: goal.teamRef,
      entity_ref: goal.metric.entityRef,
      metric_id: goal.metric.metricId,
      metric_name: goal.metricName,
      unit: goal.unit,
      baseline: goal.baseline,
      target: goal.target,
      direction: goal.direction,
      due_date: goal.dueDate,
      notes: goal.notes ?? null,
      author: goal.author,
      created_at: toInstant(goal.createdAt),
    };
    await this.db(T.goals).insert(row);
    return toGoalRow({
      ...row,
      f_goal_id: null,
      f_measured_outcome: null,
      f_met: null,
      f_notes: null,
      f_author: null,
      f_created_at: null,
    });
  }

  async getGoal(id: string): Promise<GoalRow | undefined> {
    const row = await this.selectGoals().where('g.id', id).first();
    return row ? toGoalRow(row) : undefined;
  }

  async listGoals(query: { teamRefs?: string[] }): Promise<GoalRow[]> {
    return inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.selectGoals();
        if (teamRefs) {
          q.whereIn('g.team_ref', teamRefs);
        }
        const rows = await q.orderBy([
          { column: 'g.created_at', order: 'desc' },
          { column: 'g.id', order: 'desc' },
        ]);
        return rows.map(toGoalRow);
      },
      byCreatedDesc,
    );
  }

  async addFollowUp(followUp: NewFollowUp): Promise<GoalFollowUp> {
    const goal = await this.db(T.goals)
      .select('id')
      .where('id', followUp.goalId)
      .first();
    if (!goal) {
      throw new NotFoundError(`No goal with id ${followUp.goalId}`);
    }
    const stored: GoalFollowUp = {
      goalId: followUp.goalId,
      measuredOutcome: followUp.measuredOutcome,
      met: followUp.met,
      ...optional('notes', followUp.notes),
      author: followUp.author,
      createdAt: toInstant(followUp.createdAt),
    };
    try {
      // The primary key on goal_id decides between concurrent follow-ups.
      await this.db(T.followUps).insert({
        goal_id: stored.goalId,
        measured_outcome: stored.measuredOutcome,
        met: stored.met,
        notes: stored.notes ?? null,
        author: stored.author,
        created_at: stored.createdAt,
      });
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        throw new ConflictError(
          `Goal ${followUp.goalId} has already been followed up`,
        );
      }
      throw error;
    }
    return stored;
  }

  // Weekly reviews

  async createReview(review: NewReview): Promise<ReviewRow> {
    const row: ReviewDbRow = {
      id: randomUUID(),
      team_ref: review.teamRef,
      week: review.week,
      metrics_looked_at: JSON.stringify(review.metricsLookedAt.map(metricRef)),
      decision: review.decision,
      action_text: review.actionText ?? null,
      linked_metric: review.linkedMetric
        ? JSON.stringify(metricRef(review.linkedMetric))
        : null,
      policy_step: review.policyStep
        ? JSON.stringify(policyStep(review.policyStep))
        : null,
      author: review.author,
      created_at: toInstant(review.createdAt),
    };
    await this.db(T.reviews).insert(row);
    return toReviewRow(row);
  }

  async listReviews(query: {
    teamRefs?: string[];
    sinceWeek?: string;
  }): Promise<ReviewRow[]> {
    return inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.db<ReviewDbRow>(T.reviews);
        if (teamRefs) {
          q.whereIn('team_ref', teamRefs);
        }
        if (query.sinceWeek) {
          q.where('week', '>=', query.sinceWeek);
        }
        const rows = await q.orderBy([
          { column: 'week', order: 'desc' },
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ]);
        return rows.map(toReviewRow);
      },
      byWeekThenCreatedDesc,
    );
  }
}
