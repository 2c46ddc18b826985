import {
  DatabaseService,
  isDatabaseConflictError,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  GoalFollowUp,
  MaturityEvidence,
  MaturityStage,
  MetricRef,
  MetricValueUnit,
  ReviewDecision,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type {
  AlertStateRow,
  AssessmentRow,
  DefinitionChangeRow,
  GoalRow,
  MetricsStore,
  NewFollowUp,
  NewGoal,
  NewReview,
  ReviewRow,
  SnapshotRow,
  ViewRecord,
  ViewRow,
} from './MetricsStore';

const migrationsDir = resolvePackagePath(
  '@metrics-suite/backstage-plugin-metrics-backend',
  'migrations',
);

const T = {
  snapshots: 'metrics_snapshots',
  collectedDays: 'metrics_collected_days',
  fingerprints: 'metrics_definition_fingerprints',
  definitionChanges: 'metrics_definition_changes',
  goals: 'metrics_goals',
  followUps: 'metrics_goal_follow_ups',
  reviews: 'metrics_weekly_reviews',
  views: 'metrics_view_records',
  assessments: 'metrics_maturity_assessments',
  alertStates: 'metrics_alert_states',
  digests: 'metrics_digests',
} as const;

// SQLite caps bound variables per statement (999 on older builds), so multi-row inserts and
// long IN lists are split.
const INSERT_CHUNK_ROWS = 100;
const IN_LIST_CHUNK = 500;

/** Migrations run once per database service, also when create() is called concurrently. */
const migrated = new WeakMap<DatabaseService, Promise<void>>();

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    chunks.push(items.slice(i, i + size));
  }
  return chunks;
}

/** A normalised ISO instant, so stored instants compare correctly as text. */
function toInstant(value: string | undefined): string {
  if (value === undefined) {
    return new Date().toISOString();
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) {
    throw new InputError(`Invalid instant '${value}'`);
  }
  return new Date(time).toISOString();
}

function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): { [key in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as {
    [key in K]?: V;
  };
}

function metricRef(ref: MetricRef): MetricRef {
  return { entityRef: ref.entityRef, metricId: ref.metricId };
}

type SnapshotDbRow = {
  entity_ref: string;
  metric_id: string;
  day: string;
  numerator: number;
  denominator: number | null;
  source: string;
  collected_at: string;
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
  author: string;
  created_at: string;
};

type ViewDbRow = {
  user_ref: string;
  team_ref: string;
  target_ref: string;
  action: string;
  day: string;
  at: string;
};

type DefinitionChangeDbRow = {
  entity_ref: string;
  team_ref: string;
  change: string;
  fingerprint: string;
  seen_at: string;
};

type AssessmentDbRow = {
  team_ref: string;
  day: string;
  stage: number | string;
  evidence: string;
  assessed_at: string;
};

type AlertStateDbRow = {
  entity_ref: string;
  slo_id: string;
  level: string;
  since: string;
};

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
    author: row.author,
    createdAt: row.created_at,
  };
}

// Code-point order, as days and ISO instants sort as text.
function cmp(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

const byCreatedDesc = (a: GoalRow, b: GoalRow) =>
  cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id);

const byWeekThenCreatedDesc = (a: ReviewRow, b: ReviewRow) =>
  cmp(b.week, a.week) || cmp(b.createdAt, a.createdAt) || cmp(b.id, a.id);

const byDayThenTeam = (a: AssessmentRow, b: AssessmentRow) =>
  cmp(a.day, b.day) || cmp(a.teamRef, b.teamRef);

const bySeenAt = (a: DefinitionChangeRow, b: DefinitionChangeRow) =>
  cmp(a.seenAt, b.seenAt);

const byDayThenAt = (a: ViewRow, b: ViewRow) =>
  cmp(a.day, b.day) || cmp(a.at, b.at);

/**
 * The metrics store on the Backstage database (SQLite or PostgreSQL), with its own knex
 * migrations.
 */
export class DatabaseMetricsStore implements MetricsStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseMetricsStore> {
    const { database, skipMigrations } = options;
    const client = await database.getClient();
    if (!database.migrations?.skip && !skipMigrations) {
      let migration = migrated.get(database);
      if (!migration) {
        migration = client.migrate
          .latest({ directory: migrationsDir })
          .then(() => undefined);
        migrated.set(database, migration);
        // A failed attempt may be retried by the next create().
        migration.catch(() => migrated.delete(database));
      }
      await migration;
    }
    return new DatabaseMetricsStore(client);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Runs a query per chunk of an IN list (none without a list) and joins the results; the
   * SQL order of each chunk is restored across chunks with `compare`.
   */
  private async inChunks<R>(
    values: string[] | undefined,
    query: (chunk: string[] | undefined) => Promise<R[]>,
    compare?: (a: R, b: R) => number,
  ): Promise<R[]> {
    if (values === undefined) {
      return query(undefined);
    }
    const chunks = chunk([...new Set(values)], IN_LIST_CHUNK);
    if (chunks.length === 0) {
      return [];
    }
    const results = (await Promise.all(chunks.map(c => query(c)))).flat();
    return chunks.length > 1 && compare ? results.sort(compare) : results;
  }

  // Snapshots

  async upsertSnapshots(rows: SnapshotRow[]): Promise<void> {
    const collectedAt = new Date().toISOString();
    // PostgreSQL refuses to upsert the same key twice in one statement: the last row wins.
    const byKey = new Map<string, SnapshotDbRow>();
    for (const row of rows) {
      byKey.set(`${row.entityRef}\u0000${row.metricId}\u0000${row.day}`, {
        entity_ref: row.entityRef,
        metric_id: row.metricId,
        day: row.day,
        numerator: row.numerator,
        denominator: row.denominator,
        source: row.source,
        collected_at: collectedAt,
      });
    }
    if (byKey.size === 0) {
      return;
    }
    await this.db.transaction(async trx => {
      for (const batch of chunk([...byKey.values()], INSERT_CHUNK_ROWS)) {
        await trx(T.snapshots)
          .insert(batch)
          .onConflict(['entity_ref', 'metric_id', 'day'])
          .merge(['numerator', 'denominator', 'source', 'collected_at']);
      }
    });
  }

  async listSnapshots(query: {
    fromDay: string;
    toDay: string;
    entityRefs?: string[];
    metricIds?: string[];
  }): Promise<SnapshotRow[]> {
    if (query.metricIds && query.metricIds.length === 0) {
      return [];
    }
    const rows = await this.inChunks(query.entityRefs, async entityRefs => {
      const q = this.db<SnapshotDbRow>(T.snapshots)
        .where('day', '>=', query.fromDay)
        .andWhere('day', '<=', query.toDay);
      if (entityRefs) {
        q.whereIn('entity_ref', entityRefs);
      }
      if (query.metricIds) {
        q.whereIn('metric_id', [...new Set(query.metricIds)]);
      }
      return q.orderBy([
        { column: 'entity_ref' },
        { column: 'metric_id' },
        { column: 'day' },
      ]);
    });
    return rows.map(row => ({
      entityRef: row.entity_ref,
      metricId: row.metric_id,
      day: row.day,
      numerator: Number(row.numerator),
      denominator: row.denominator === null ? null : Number(row.denominator),
      source: row.source,
    }));
  }

  async deleteSnapshotsBefore(day: string): Promise<number> {
    return this.db(T.snapshots).where('day', '<', day).delete();
  }

  async markDaysCollected(days: string[], at?: string): Promise<void> {
    const collectedAt = toInstant(at);
    const unique = [...new Set(days)];
    for (const batch of chunk(unique, INSERT_CHUNK_ROWS)) {
      await this.db(T.collectedDays)
        .insert(batch.map(day => ({ day, collected_at: collectedAt })))
        .onConflict('day')
        .merge(['collected_at']);
    }
  }

  async listCollectedDays(query: {
    fromDay: string;
    toDay: string;
  }): Promise<string[]> {
    const rows: Array<{ day: string }> = await this.db(T.collectedDays)
      .select('day')
      .where('day', '>=', query.fromDay)
      .andWhere('day', '<=', query.toDay)
      .orderBy('day');
    return rows.map(row => row.day);
  }

  // Definitions

  async recordDefinitionFingerprint(input: {
    entityRef: string;
    teamRef: string;
    fingerprint: string;
    seenAt?: string;
    baseline: boolean;
  }): Promise<'added' | 'changed' | 'unchanged'> {
    const seenAt = toInstant(input.seenAt);
    return this.db.transaction(async trx => {
      const existing: { fingerprint: string; team_ref: string } | undefined =
        await trx(T.fingerprints)
          .select('fingerprint', 'team_ref')
          .where('entity_ref', input.entityRef)
          .first();

      if (existing && existing.fingerprint === input.fingerprint) {
        if (existing.team_ref !== input.teamRef) {
          // A new owner is not a definition change, but later changes are theirs.
          await trx(T.fingerprints)
            .where('entity_ref', input.entityRef)
            .update({ team_ref: input.teamRef });
        }
        return 'unchanged';
      }

      await trx(T.fingerprints)
        .insert({
          entity_ref: input.entityRef,
          team_ref: input.teamRef,
          fingerprint: input.fingerprint,
          updated_at: seenAt,
        })
        .onConflict('entity_ref')
        .merge(['team_ref', 'fingerprint', 'updated_at']);

      if (!existing && input.baseline) {
        // Definitions present when the suite was installed are not a change by the team.
        return 'unchanged';
      }
      const change = existing ? 'changed' : 'added';
      await trx(T.definitionChanges).insert({
        entity_ref: input.entityRef,
        team_ref: input.teamRef,
        change,
        fingerprint: input.fingerprint,
        seen_at: seenAt,
      });
      return change;
    });
  }

  async listDefinitionChanges(query: {
    teamRefs?: string[];
    since: string;
  }): Promise<DefinitionChangeRow[]> {
    const since = toInstant(query.since);
    return this.inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.db<DefinitionChangeDbRow>(T.definitionChanges).where(
          'seen_at',
          '>=',
          since,
        );
        if (teamRefs) {
          q.whereIn('team_ref', teamRefs);
        }
        const rows = await q.orderBy([{ column: 'seen_at' }, { column: 'id' }]);
        return rows.map(row => ({
          entityRef: row.entity_ref,
          teamRef: row.team_ref,
          change: row.change as DefinitionChangeRow['change'],
          fingerprint: row.fingerprint,
          seenAt: row.seen_at,
        }));
      },
      bySeenAt,
    );
  }

  async addDefinitionChange(row: DefinitionChangeRow): Promise<void> {
    await this.db(T.definitionChanges).insert({
      entity_ref: row.entityRef,
      team_ref: row.teamRef,
      change: row.change,
      fingerprint: row.fingerprint,
      seen_at: toInstant(row.seenAt),
    });
  }

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
    return this.inChunks(
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
    return this.inChunks(
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

  // View records

  async recordView(view: ViewRecord): Promise<void> {
    const at = toInstant(view.at);
    const rows: ViewDbRow[] = [...new Set(view.teamRefs)].map(teamRef => ({
      user_ref: view.userRef,
      team_ref: teamRef,
      target_ref: view.targetRef,
      action: view.action,
      day: at.slice(0, 10),
      at,
    }));
    for (const batch of chunk(rows, INSERT_CHUNK_ROWS)) {
      // The first view of the day is kept; repeats add nothing to the evidence.
      await this.db(T.views)
        .insert(batch)
        .onConflict(['user_ref', 'team_ref', 'target_ref', 'action', 'day'])
        .ignore();
    }
  }

  async listViews(query: {
    teamRefs?: string[];
    since: string;
  }): Promise<ViewRow[]> {
    const since = toInstant(query.since);
    return this.inChunks(
      query.teamRefs,
      async teamRefs => {
        // The day bound lets the (team_ref, day) index narrow the scan.
        const q = this.db<ViewDbRow>(T.views)
          .where('day', '>=', since.slice(0, 10))
          .andWhere('at', '>=', since);
        if (teamRefs) {
          q.whereIn('team_ref', teamRefs);
        }
        const rows = await q.orderBy([{ column: 'day' }, { column: 'at' }]);
        return rows.map(row => ({
          userRef: row.user_ref,
          teamRef: row.team_ref,
          targetRef: row.target_ref,
          action: row.action as ViewRow['action'],
          day: row.day,
          at: row.at,
        }));
      },
      byDayThenAt,
    );
  }

  // Maturity assessments

  async saveAssessment(row: AssessmentRow): Promise<void> {
    await this.db(T.assessments)
      .insert({
        team_ref: row.teamRef,
        day: row.day,
        stage: row.stage,
        evidence: JSON.stringify(row.evidence),
        assessed_at: toInstant(row.assessedAt),
      })
      .onConflict(['team_ref', 'day'])
      .merge(['stage', 'evidence', 'assessed_at']);
  }

  async listAssessments(query: {
    teamRefs?: string[];
    sinceDay?: string;
  }): Promise<AssessmentRow[]> {
    return this.inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.db<AssessmentDbRow>(T.assessments);
        if (teamRefs) {
          q.whereIn('team_ref', teamRefs);
        }
        if (query.sinceDay) {
          q.where('day', '>=', query.sinceDay);
        }
        const rows = await q.orderBy([
          { column: 'day' },
          { column: 'team_ref' },
        ]);
        return rows.map(r => ({
          teamRef: r.team_ref,
          day: r.day,
          stage: Number(r.stage) as MaturityStage,
          evidence: JSON.parse(r.evidence) as MaturityEvidence,
          assessedAt: r.assessed_at,
        }));
      },
      byDayThenTeam,
    );
  }

  // Nudges

  async getAlertState(
    entityRef: string,
    sloId: string,
  ): Promise<AlertStateRow | undefined> {
    const row: AlertStateDbRow | undefined = await this.db(T.alertStates)
      .where({ entity_ref: entityRef, slo_id: sloId })
      .first();
    return row
      ? {
          entityRef: row.entity_ref,
          sloId: row.slo_id,
          level: row.level as AlertStateRow['level'],
          since: row.since,
        }
      : undefined;
  }

  async setAlertState(row: AlertStateRow): Promise<void> {
    await this.db(T.alertStates)
      .insert({
        entity_ref: row.entityRef,
        slo_id: row.sloId,
        level: row.level,
        since: toInstant(row.since),
      })
      .onConflict(['entity_ref', 'slo_id'])
      .merge(['level', 'since']);
  }

  async clearAlertState(entityRef: string, sloId: string): Promise<void> {
    await this.db(T.alertStates)
      .where({ entity_ref: entityRef, slo_id: sloId })
      .delete();
  }

  async claimDigest(teamRef: string, week: string): Promise<boolean> {
    try {
      // The primary key lets exactly one replica claim a team's week.
      await this.db(T.digests).insert({
        team_ref: teamRef,
        week,
        sent_at: new Date().toISOString(),
      });
      return true;
    } catch (error) {
      if (isDatabaseConflictError(error)) {
        return false;
      }
      throw error;
    }
  }
}
