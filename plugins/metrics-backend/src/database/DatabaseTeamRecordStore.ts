import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import { ConflictError, NotFoundError } from '@backstage/errors';
import type {
  GoalFollowUp,
  MetricRef,
  MetricValueUnit,
  RecordKind,
  RecordRevision,
  RecordWithdrawal,
  ReviewDecision,
  ReviewPolicyStep,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { migrateOnce } from './migrations';
import { cmp, inChunks, optional, toInstant } from './queryHelpers';
import {
  byRevisionDesc,
  fieldChanges,
  staleRevisionMessage,
  withCreation,
} from './recordChanges';
import { T } from './tables';
import type {
  FollowUpEdit,
  GoalEdit,
  GoalRow,
  NewFollowUp,
  NewGoal,
  NewReview,
  RecordEdit,
  RecordWithdrawalRequest,
  ReviewEdit,
  ReviewRow,
  TeamRecordStore,
} from './TeamRecordStore';

/** The revision columns every editable record has (migration 20261203000100). */
type RevisionColumns = {
  revision: number;
  updated_at: string | null;
  updated_by: string | null;
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdraw_reason: string | null;
};

const NEW_REVISION: RevisionColumns = {
  revision: 1,
  updated_at: null,
  updated_by: null,
  withdrawn_at: null,
  withdrawn_by: null,
  withdraw_reason: null,
};

type RevisionDbRow = {
  record_kind: string;
  record_id: string;
  revision: number;
  change: string;
  author: string;
  at: string;
  changes: string;
  reason: string | null;
};

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
} & RevisionColumns;

type GoalWithFollowUpDbRow = GoalDbRow & {
  f_goal_id: string | null;
  f_measured_outcome: number | null;
  f_met: boolean | number | null;
  f_notes: string | null;
  f_author: string | null;
  f_created_at: string | null;
  f_revision: number | null;
  f_updated_at: string | null;
  f_updated_by: string | null;
};

type FollowUpDbRow = {
  goal_id: string;
  measured_outcome: number | null;
  met: boolean | number;
  notes: string | null;
  author: string;
  created_at: string;
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
} & RevisionColumns;

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

/** Revision, last edit and withdrawal of a stored record, as the shared types hold them. */
function revisionOf(row: {
  revision: number;
  updated_at: string | null;
  updated_by: string | null;
}) {
  return {
    revision: Number(row.revision),
    ...optional('updatedAt', row.updated_at),
    ...optional('updatedBy', row.updated_by),
  };
}

function withdrawalOf(row: RevisionColumns): { withdrawn?: RecordWithdrawal } {
  if (row.withdrawn_at === null) return {};
  return {
    withdrawn: {
      at: row.withdrawn_at,
      // Written together with withdrawn_at.
      by: row.withdrawn_by as string,
      ...optional('reason', row.withdraw_reason),
    },
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
    ...revisionOf(row),
    ...withdrawalOf(row),
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
            ...revisionOf({
              revision: row.f_revision ?? 1,
              updated_at: row.f_updated_at,
              updated_by: row.f_updated_by,
            }),
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
    ...revisionOf(row),
    ...withdrawalOf(row),
  };
}

function toRevision(row: RevisionDbRow): RecordRevision {
  return {
    kind: row.record_kind as RecordKind,
    recordId: row.record_id,
    revision: Number(row.revision),
    change: row.change as RecordRevision['change'],
    author: row.author,
    at: row.at,
    changes: JSON.parse(row.changes),
    ...optional('reason', row.reason),
  };
}

/** How one editable field is stored: its column, and its value to and from the column. */
interface FieldColumn {
  column: string;
  toDb?: (value: unknown) => unknown;
  fromDb?: (value: unknown) => unknown;
}

/**
 * One kind of editable record: its table and key, and its editable fields. Edits, withdrawals
 * and histories are written once for all three kinds (see `edit` and `withdraw`).
 */
interface EditableTable {
  kind: RecordKind;
  table: string;
  key: string;
  /** How messages name the record. */
  label: (id: string) => string;
  fields: Record<string, FieldColumn>;
}

const asNumber = (value: unknown) => (value === null ? null : Number(value));
const asJson = (value: unknown) =>
  value === null || value === undefined ? null : JSON.stringify(value);
const fromJson = (value: unknown) =>
  value === null ? null : JSON.parse(String(value));

const GOALS: EditableTable = {
  kind: 'goal',
  table: T.goals,
  key: 'id',
  label: id => `Goal ${id}`,
  fields: {
    target: { column: 'target', fromDb: asNumber },
    baseline: { column: 'baseline', fromDb: asNumber },
    dueDate: { column: 'due_date' },
    direction: { column: 'direction' },
    notes: { column: 'notes' },
  } satisfies Record<keyof GoalEdit, FieldColumn>,
};

const FOLLOW_UPS: EditableTable = {
  kind: 'follow-up',
  table: T.followUps,
  key: 'goal_id',
  label: id => `The follow-up of goal ${id}`,
  fields: {
    // SQLite returns booleans as 0/1.
    met: { column: 'met', fromDb: value => Boolean(value) },
    notes: { column: 'notes' },
  } satisfies Record<keyof FollowUpEdit, FieldColumn>,
};

const REVIEWS: EditableTable = {
  kind: 'review',
  table: T.reviews,
  key: 'id',
  label: id => `Review ${id}`,
  fields: {
    week: { column: 'week' },
    metricsLookedAt: {
      column: 'metrics_looked_at',
      toDb: value => JSON.stringify((value as MetricRef[]).map(metricRef)),
      fromDb: fromJson,
    },
    decision: { column: 'decision' },
    actionText: { column: 'action_text' },
    linkedMetric: {
      column: 'linked_metric',
      toDb: value =>
        asJson(value === null ? null : metricRef(value as MetricRef)),
      fromDb: fromJson,
    },
  } satisfies Record<keyof ReviewEdit, FieldColumn>,
};

const TABLES: Record<RecordKind, EditableTable> = {
  goal: GOALS,
  'follow-up': FOLLOW_UPS,
  review: REVIEWS,
};

/** A stored record's editable fields as the shared types hold them (absent when null). */
function editableFields(
  table: EditableTable,
  row: Record<string, unknown>,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(table.fields).map(([field, { column, fromDb }]) => {
      const value = row[column] ?? null;
      return [field, value === null ? undefined : (fromDb ?? (v => v))(value)];
    }),
  );
}

/** Throws unless the record exists, is not withdrawn and is at the revision seen. */
function checkWritable(
  table: EditableTable,
  id: string,
  row: (RevisionColumns & Record<string, unknown>) | undefined,
  seen: number,
): asserts row is RevisionColumns & Record<string, unknown> {
  if (!row) {
    throw new NotFoundError(`${table.label(id)} does not exist`);
  }
  if (row.withdrawn_at !== null) {
    throw new ConflictError(
      `${table.label(id)} was withdrawn by ${
        row.withdrawn_by
      } on ${row.withdrawn_at.slice(0, 10)}`,
    );
  }
  if (Number(row.revision) !== seen) {
    throw new ConflictError(
      staleRevisionMessage(table.label(id), seen, {
        revision: Number(row.revision),
      }),
    );
  }
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

  private selectGoals(db: Knex = this.db) {
    return db<GoalWithFollowUpDbRow>(`${T.goals} as g`)
      .leftJoin(`${T.followUps} as f`, join =>
        // A withdrawn follow-up leaves its goal as if never followed up.
        join.on('f.goal_id', '=', 'g.id').andOnNull('f.withdrawn_at'),
      )
      .select(
        'g.*',
        'f.goal_id as f_goal_id',
        'f.measured_outcome as f_measured_outcome',
        'f.met as f_met',
        'f.notes as f_notes',
        'f.author as f_author',
        'f.created_at as f_created_at',
        'f.revision as f_revision',
        'f.updated_at as f_updated_at',
        'f.updated_by as f_updated_by',
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
      ...NEW_REVISION,
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
      f_revision: null,
      f_updated_at: null,
      f_updated_by: null,
    });
  }

  async getGoal(id: string): Promise<GoalRow | undefined> {
    const row = await this.selectGoals().where('g.id', id).first();
    return row ? toGoalRow(row) : undefined;
  }

  async listGoals(query: {
    teamRefs?: string[];
    includeWithdrawn?: boolean;
  }): Promise<GoalRow[]> {
    return inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.selectGoals();
        if (teamRefs) {
          q.whereIn('g.team_ref', teamRefs);
        }
        if (!query.includeWithdrawn) {
          q.whereNull('g.withdrawn_at');
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
    const stored: GoalFollowUp = {
      goalId: followUp.goalId,
      measuredOutcome: followUp.measuredOutcome,
      met: followUp.met,
      ...optional('notes', followUp.notes),
      author: followUp.author,
      createdAt: toInstant(followUp.createdAt),
      revision: 1,
    };
    const columns = {
      measured_outcome: stored.measuredOutcome,
      met: stored.met,
      notes: stored.notes ?? null,
      author: stored.author,
      created_at: stored.createdAt,
    };
    try {
      await this.db.transaction(async trx => {
        const goal = await trx(T.goals)
          .select('id')
          .where('id', followUp.goalId)
          .first();
        if (!goal) {
          throw new NotFoundError(`No goal with id ${followUp.goalId}`);
        }
        const previous: (RevisionColumns & FollowUpDbRow) | undefined =
          await trx(T.followUps).where('goal_id', followUp.goalId).first();
        if (!previous) {
          // The primary key on goal_id decides between concurrent follow-ups.
          await trx(T.followUps).insert({
            goal_id: stored.goalId,
            ...columns,
            ...NEW_REVISION,
          });
          return;
        }
        if (previous.withdrawn_at === null) {
          throw new ConflictError(
            `Goal ${followUp.goalId} has already been followed up`,
          );
        }
        // A withdrawn follow-up is replaced in place: its creation is kept as a revision first.
        stored.revision = Number(previous.revision) + 1;
        await this.keepCreation(trx, FOLLOW_UPS, followUp.goalId, previous);
        const replaced = await trx(T.followUps)
          .where('goal_id', followUp.goalId)
          .where('revision', previous.revision)
          .update({
            ...columns,
            ...NEW_REVISION,
            revision: stored.revision,
          });
        if (replaced === 0) {
          throw new ConflictError(
            `Goal ${followUp.goalId} has already been followed up`,
          );
        }
        await this.insertRevision(trx, {
          kind: 'follow-up',
          recordId: followUp.goalId,
          revision: stored.revision,
          change: 'created',
          author: stored.author,
          at: stored.createdAt,
          changes: {},
        });
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

  async updateGoal(edit: RecordEdit<GoalEdit>): Promise<GoalRow> {
    await this.edit(GOALS, edit);
    return (await this.getGoal(edit.id))!;
  }

  async withdrawGoal(withdrawal: RecordWithdrawalRequest): Promise<GoalRow> {
    await this.withdraw(GOALS, withdrawal);
    return (await this.getGoal(withdrawal.id))!;
  }

  async updateFollowUp(edit: RecordEdit<FollowUpEdit>): Promise<GoalRow> {
    await this.edit(FOLLOW_UPS, edit);
    return (await this.getGoal(edit.id))!;
  }

  async withdrawFollowUp(
    withdrawal: RecordWithdrawalRequest,
  ): Promise<GoalRow> {
    await this.withdraw(FOLLOW_UPS, withdrawal);
    return (await this.getGoal(withdrawal.id))!;
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
      ...NEW_REVISION,
    };
    await this.db(T.reviews).insert(row);
    return toReviewRow(row);
  }

  async getReview(id: string): Promise<ReviewRow | undefined> {
    const row = await this.db<ReviewDbRow>(T.reviews).where('id', id).first();
    return row ? toReviewRow(row) : undefined;
  }

  async listReviews(query: {
    teamRefs?: string[];
    sinceWeek?: string;
    includeWithdrawn?: boolean;
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
        if (!query.includeWithdrawn) {
          q.whereNull('withdrawn_at');
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

  async updateReview(edit: RecordEdit<ReviewEdit>): Promise<ReviewRow> {
    await this.edit(REVIEWS, edit);
    return (await this.getReview(edit.id))!;
  }

  async withdrawReview(
    withdrawal: RecordWithdrawalRequest,
  ): Promise<ReviewRow> {
    await this.withdraw(REVIEWS, withdrawal);
    return (await this.getReview(withdrawal.id))!;
  }

  // Revisions

  async listRevisions(
    kinds: RecordKind[],
    recordId: string,
  ): Promise<RecordRevision[]> {
    const revisions = (
      await this.db<RevisionDbRow>(T.recordRevisions)
        .whereIn('record_kind', kinds)
        .where('record_id', recordId)
    ).map(toRevision);
    const histories = await Promise.all(
      kinds.map(async kind => {
        const table = TABLES[kind];
        const own = revisions.filter(r => r.kind === kind);
        const record = await this.db(table.table)
          .select('author', 'created_at')
          .where(table.key, recordId)
          .first();
        return record
          ? withCreation(own, {
              kind,
              recordId,
              author: record.author,
              createdAt: record.created_at,
            })
          : own;
      }),
    );
    return histories.flat().sort(byRevisionDesc);
  }

  /** Applies an edit made on `edit.revision` and records it, in one transaction. */
  private async edit(
    table: EditableTable,
    edit: RecordEdit<Record<string, unknown>>,
  ): Promise<void> {
    await this.write(table, edit.id, async trx => {
      const row = await trx(table.table).where(table.key, edit.id).first();
      checkWritable(table, edit.id, row, edit.revision);
      const changes = fieldChanges(editableFields(table, row), edit.changes);
      if (Object.keys(changes).length === 0) return;
      const at = toInstant(edit.at);
      const columns = Object.fromEntries(
        Object.keys(changes).map(field => {
          const { column, toDb } = table.fields[field];
          const value = edit.changes[field];
          return [column, value === null ? null : (toDb ?? (v => v))(value)];
        }),
      );
      await this.bump(trx, table, edit, {
        ...columns,
        updated_at: at,
        updated_by: edit.author,
      });
      await this.insertRevision(trx, {
        kind: table.kind,
        recordId: edit.id,
        revision: edit.revision + 1,
        change: 'edited',
        author: edit.author,
        at,
        changes,
        ...optional('reason', edit.reason),
      });
    });
  }

  /** Withdraws a record at `withdrawal.revision` (kept, left out of lists) and records it. */
  private async withdraw(
    table: EditableTable,
    withdrawal: RecordWithdrawalRequest,
  ): Promise<void> {
    await this.write(table, withdrawal.id, async trx => {
      const row = await trx(table.table)
        .where(table.key, withdrawal.id)
        .first();
      checkWritable(table, withdrawal.id, row, withdrawal.revision);
      const at = toInstant(withdrawal.at);
      await this.bump(trx, table, withdrawal, {
        withdrawn_at: at,
        withdrawn_by: withdrawal.author,
        withdraw_reason: withdrawal.reason ?? null,
      });
      await this.insertRevision(trx, {
        kind: table.kind,
        recordId: withdrawal.id,
        revision: withdrawal.revision + 1,
        change: 'withdrawn',
        author: withdrawal.author,
        at,
        changes: {},
        ...optional('reason', withdrawal.reason),
      });
    });
  }

  /** A transaction whose unique-key conflicts (two writers on one revision) are a 409. */
  private async write(
    table: EditableTable,
    id: string,
    work: (trx: Knex.Transaction) => Promise<void>,
  ): Promise<void> {
    try {
      await this.db.transaction(work);
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        throw new ConflictError(
          `${table.label(
            id,
          )} was changed by someone else at the same time; reload it and make your change again`,
        );
      }
      throw error;
    }
  }

  /** Moves the record from the revision seen to the next; a 409 when another write came first. */
  private async bump(
    trx: Knex.Transaction,
    table: EditableTable,
    change: { id: string; revision: number },
    columns: Record<string, unknown>,
  ): Promise<void> {
    const updated = await trx(table.table)
      .where(table.key, change.id)
      .where('revision', change.revision)
      .whereNull('withdrawn_at')
      .update({ ...columns, revision: change.revision + 1 });
    if (updated === 0) {
      const now = await trx(table.table)
        .select('revision')
        .where(table.key, change.id)
        .first();
      throw new ConflictError(
        staleRevisionMessage(table.label(change.id), change.revision, {
          revision: Number(now?.revision ?? change.revision),
        }),
      );
    }
  }

  /** Keeps a record's creation as revision 1 before it is rewritten (see `withCreation`). */
  private async keepCreation(
    trx: Knex.Transaction,
    table: EditableTable,
    id: string,
    row: { author: string; created_at: string },
  ): Promise<void> {
    const kept = await trx(T.recordRevisions)
      .select('revision')
      .where({ record_kind: table.kind, record_id: id, revision: 1 })
      .first();
    if (!kept) {
      await this.insertRevision(trx, {
        kind: table.kind,
        recordId: id,
        revision: 1,
        change: 'created',
        author: row.author,
        at: row.created_at,
        changes: {},
      });
    }
  }

  private async insertRevision(
    trx: Knex.Transaction,
    revision: RecordRevision,
  ): Promise<void> {
    const row: RevisionDbRow = {
      record_kind: revision.kind,
      record_id: revision.recordId,
      revision: revision.revision,
      change: revision.change,
      author: revision.author,
      at: revision.at,
      changes: JSON.stringify(revision.changes),
      reason: revision.reason ?? null,
    };
    await trx(T.recordRevisions).insert(row);
  }
}
