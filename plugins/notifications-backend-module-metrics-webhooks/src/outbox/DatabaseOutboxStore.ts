import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { migrateOutbox } from './migrations';
import type {
  NewOutboxMessage,
  OutboxRow,
  OutboxStatus,
  OutboxStore,
} from './OutboxStore';

export const OUTBOX_TABLE = 'metrics_webhooks_outbox';

type DbRow = {
  id: number;
  destination: string;
  teams: string;
  title: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status: string | null;
  created_at: string;
  updated_at: string;
};

// Team refs hold no commas (kind:namespace/name).
const TEAM_SEPARATOR = ',';

function fromDb(row: DbRow): OutboxRow {
  return {
    id: Number(row.id),
    destination: row.destination,
    teams: row.teams.split(TEAM_SEPARATOR),
    title: row.title,
    body: row.body,
    status: row.status as OutboxStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: row.next_attempt_at,
    ...(row.last_status !== null && { lastStatus: row.last_status }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The outbox on the notifications plugin's database. */
export class DatabaseOutboxStore implements OutboxStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseOutboxStore> {
    await migrateOutbox(options.database);
    return new DatabaseOutboxStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  async enqueue(messages: NewOutboxMessage[], now: Date): Promise<OutboxRow[]> {
    if (messages.length === 0) return [];
    const at = now.toISOString();
    const rows: DbRow[] = await this.db(OUTBOX_TABLE)
      .insert(
        messages.map(message => ({
          destination: message.destination,
          teams: message.teams.join(TEAM_SEPARATOR),
          title: message.title,
          body: message.body,
          status: 'pending',
          attempts: 0,
          next_attempt_at: at,
          created_at: at,
          updated_at: at,
        })),
      )
      .returning('*');
    return rows.map(fromDb);
  }

  async due(now: Date, limit: number): Promise<OutboxRow[]> {
    const rows: DbRow[] = await this.db(OUTBOX_TABLE)
      .whereIn('status', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now.toISOString())
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit);
    return rows.map(fromDb);
  }

  async get(ids: number[]): Promise<OutboxRow[]> {
    if (ids.length === 0) return [];
    const rows: DbRow[] = await this.db(OUTBOX_TABLE)
      .whereIn('id', ids)
      .orderBy('id');
    return rows.map(fromDb);
  }

  async claim(
    row: OutboxRow,
    leaseUntil: Date,
    now: Date,
  ): Promise<OutboxRow | undefined> {
    const claimed: OutboxRow = {
      ...row,
      status: 'sending',
      attempts: row.attempts + 1,
      nextAttemptAt: leaseUntil.toISOString(),
      updatedAt: now.toISOString(),
    };
    // Compare-and-set on the values read: of two senders only one updates the row.
    const updated = await this.db(OUTBOX_TABLE)
      .where({
        id: row.id,
        status: row.status,
        attempts: row.attempts,
        next_attempt_at: row.nextAttemptAt,
      })
      .update({
        status: claimed.status,
        attempts: claimed.attempts,
        next_attempt_at: claimed.nextAttemptAt,
        updated_at: claimed.updatedAt,
      });
    return updated === 1 ? claimed : undefined;
  }

  async finish(
    claimed: OutboxRow,
    result:
      | { status: 'delivered' | 'failed'; lastStatus: string }
      | { status: 'pending'; lastStatus: string; nextAttemptAt: Date },
    now: Date,
  ): Promise<boolean> {
    const updated = await this.db(OUTBOX_TABLE)
      .where({
        id: claimed.id,
        status: 'sending',
        attempts: claimed.attempts,
        next_attempt_at: claimed.nextAttemptAt,
      })
      .update({
        status: result.status,
        last_status: result.lastStatus.slice(0, 255),
        ...(result.status === 'pending' && {
          next_attempt_at: result.nextAttemptAt.toISOString(),
        }),
        updated_at: now.toISOString(),
      });
    return updated === 1;
  }

  async purge(before: Date): Promise<number> {
    return await this.db(OUTBOX_TABLE)
      .whereIn('status', ['delivered', 'failed'])
      .where('updated_at', '<', before.toISOString())
      .delete();
  }
}
