import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migrateOnce } from './migrations';
import type { AlertStateRow, NudgeStore } from './NudgeStore';
import { toInstant } from './queryHelpers';
import { T } from './tables';

type AlertStateDbRow = {
  entity_ref: string;
  slo_id: string;
  level: string;
  since: string;
};

/** Burn-rate alert states and sent digests on the Backstage database. */
export class DatabaseNudgeStore implements NudgeStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseNudgeStore> {
    await migrateOnce(options.database);
    return new DatabaseNudgeStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

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
