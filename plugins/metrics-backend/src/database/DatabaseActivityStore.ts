import type { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  MaturityEvidence,
  MaturityStage,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { Knex } from 'knex';
import type {
  ActivityStore,
  AssessmentRow,
  ViewRecord,
  ViewRow,
} from './ActivityStore';
import { migrateOnce } from './migrations';
import {
  INSERT_CHUNK_ROWS,
  chunk,
  cmp,
  inChunks,
  toInstant,
} from './queryHelpers';
import { T } from './tables';

type ViewDbRow = {
  user_ref: string;
  team_ref: string;
  target_ref: string;
  action: string;
  day: string;
  at: string;
};

type AssessmentDbRow = {
  team_ref: string;
  day: string;
  stage: number | string;
  evidence: string;
  assessed_at: string;
};

const byDayThenTeam = (
  a: Pick<AssessmentRow, 'teamRef' | 'day'>,
  b: Pick<AssessmentRow, 'teamRef' | 'day'>,
) => cmp(a.day, b.day) || cmp(a.teamRef, b.teamRef);

const byDayThenAt = (a: ViewRow, b: ViewRow) =>
  cmp(a.day, b.day) || cmp(a.at, b.at);

/** View records and maturity assessments on the Backstage database. */
export class DatabaseActivityStore implements ActivityStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseActivityStore> {
    await migrateOnce(options.database);
    return new DatabaseActivityStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

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
    return inChunks(
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

  async deleteViewsBefore(day: string): Promise<number> {
    // By the day column alone, so the day index serves it (however many teams).
    return this.db(T.views).where('day', '<', day).delete();
  }

  // Maturity assessments

  async saveAssessment(row: AssessmentRow): Promise<void> {
    await this.saveAssessments([row]);
  }

  async saveAssessments(rows: AssessmentRow[]): Promise<void> {
    for (const part of chunk(rows, INSERT_CHUNK_ROWS)) {
      await this.db(T.assessments)
        .insert(
          part.map(row => ({
            team_ref: row.teamRef,
            day: row.day,
            stage: row.stage,
            evidence: JSON.stringify(row.evidence),
            assessed_at: toInstant(row.assessedAt),
          })),
        )
        .onConflict(['team_ref', 'day'])
        .merge(['stage', 'evidence', 'assessed_at']);
    }
  }

  async listAssessments(query: {
    teamRefs?: string[];
    sinceDay?: string;
  }): Promise<AssessmentRow[]> {
    return inChunks(
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

  async listTrendPoints(query: {
    teamRefs: string[];
    sinceDay: string;
    referenceDay: string;
    beforeDay: string;
  }): Promise<Array<Pick<AssessmentRow, 'teamRef' | 'day' | 'stage'>>> {
    const { sinceDay, referenceDay, beforeDay } = query;
    return inChunks(
      query.teamRefs,
      async teamRefs => {
        // Per team, the two days wanted; then their rows, joined on the primary key.
        const days = this.db(T.assessments)
          .select(
            'team_ref',
            this.db.raw('MAX(CASE WHEN ?? <= ? THEN ?? END) AS ??', [
              'day',
              referenceDay,
              'day',
              'at_reference',
            ]),
          )
          .min({ oldest: 'day' })
          .whereIn('team_ref', teamRefs!)
          .where('day', '>=', sinceDay)
          .where('day', '<', beforeDay)
          .groupBy('team_ref')
          .as('wanted');
        const rows: Array<Pick<AssessmentDbRow, 'team_ref' | 'day' | 'stage'>> =
          await this.db(`${T.assessments} as a`)
            .join(days, function joinWanted() {
              this.on('a.team_ref', '=', 'wanted.team_ref').andOn(
                function sameDay() {
                  this.on('a.day', '=', 'wanted.at_reference').orOn(
                    'a.day',
                    '=',
                    'wanted.oldest',
                  );
                },
              );
            })
            .select('a.team_ref', 'a.day', 'a.stage')
            .orderBy([{ column: 'a.day' }, { column: 'a.team_ref' }]);
        return rows.map(r => ({
          teamRef: r.team_ref,
          day: r.day,
          stage: Number(r.stage) as MaturityStage,
        }));
      },
      byDayThenTeam,
    );
  }
}
