import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

const migrationsDir = resolvePackagePath(
  '@metrics-suite/backstage-plugin-notifications-backend-module-metrics-webhooks',
  'migrations',
);

/** Not knex_migrations: that table is the notifications backend's own, in this database. */
export const MIGRATIONS_TABLE = 'metrics_webhooks_knex_migrations';

/** Runs the outbox's migrations unless the database service skips migrations. */
export async function migrateOutbox(database: DatabaseService): Promise<void> {
  if (database.migrations?.skip) return;
  const client = await database.getClient();
  await client.migrate.latest({
    directory: migrationsDir,
    tableName: MIGRATIONS_TABLE,
  });
}
