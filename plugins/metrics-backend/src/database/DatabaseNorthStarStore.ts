import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migrateOnce } from './migrations';
import type {
  NewNorthStar,
  NorthStarRow,
  NorthStarStore,
} from './NorthStarStore';
import { cmp, inChunks, toInstant } from './queryHelpers';
import { T } from './tables';

type NorthStarDbRow = {
  team_ref: string;
  entity_ref: string;
  metric_id: string;
  set_by: string;
  set_at: string;
};

function toRow(row: NorthStarDbRow): NorthStarRow {
  return {
    teamRef: row.team_ref,
    metric: { entityRef: row.entity_ref, metricId: row.metric_id },
    setBy: row.set_by,
    setAt: row.set_at,
  };
}

/** The teams' north stars on the Backstage database. */
export class DatabaseNorthStarStore implements NorthStarStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseNorthStarStore> {
    await migrateOnce(options.database);
    return new DatabaseNorthStarStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  async getNorthStar(teamRef: string): Promise<NorthStarRow | undefined> {
    const row = await this.db<NorthStarDbRow>(T.northStars)
      .where('team_ref', teamRef)
      .first();
    return row ? toRow(row) : undefined;
  }

  async listNorthStars(query: {
    teamRefs?: string[];
  }): Promise<NorthStarRow[]> {
    return inChunks(
      query.teamRefs,
      async teamRefs => {
        const q = this.db<NorthStarDbRow>(T.northStars);
        if (teamRefs) q.whereIn('team_ref', teamRefs);
        return (await q.orderBy('team_ref')).map(toRow);
      },
      (a, b) => cmp(a.teamRef, b.teamRef),
    );
  }

  async setNorthStar(northStar: NewNorthStar): Promise<NorthStarRow> {
    const row: NorthStarDbRow = {
      team_ref: northStar.teamRef,
      entity_ref: northStar.metric.entityRef,
      metric_id: northStar.metric.metricId,
      set_by: northStar.setBy,
      set_at: toInstant(northStar.setAt),
    };
    // One statement, so concurrent marks leave one of them rather than a conflict.
    await this.db(T.northStars).insert(row).onConflict('team_ref').merge();
    return toRow(row);
  }

  async clearNorthStar(teamRef: string): Promise<boolean> {
    const deleted = await this.db(T.northStars)
      .where('team_ref', teamRef)
      .delete();
    return deleted > 0;
  }
}
