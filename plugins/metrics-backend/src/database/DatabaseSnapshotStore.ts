import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migrateOnce } from './migrations';
import {
  INSERT_CHUNK_ROWS,
  chunk,
  cmp,
  inChunks,
  toInstant,
} from './queryHelpers';
import type {
  DefinitionChangeRow,
  SnapshotRow,
  SnapshotStore,
} from './SnapshotStore';
import { T } from './tables';

type SnapshotDbRow = {
  entity_ref: string;
  metric_id: string;
  day: string;
  numerator: number;
  denominator: number | null;
  source: string;
  collected_at: string;
};

type DefinitionChangeDbRow = {
  entity_ref: string;
  team_ref: string;
  change: string;
  fingerprint: string;
  seen_at: string;
};

const bySeenAt = (a: DefinitionChangeRow, b: DefinitionChangeRow) =>
  cmp(a.seenAt, b.seenAt);

/** Snapshots, collected days and definition history on the Backstage database. */
export class DatabaseSnapshotStore implements SnapshotStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSnapshotStore> {
    await migrateOnce(options.database);
    return new DatabaseSnapshotStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

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
    const rows = await inChunks(query.entityRefs, async entityRefs => {
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
    return inChunks(
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
}
