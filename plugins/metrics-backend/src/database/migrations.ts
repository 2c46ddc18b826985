import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';

const migrationsDir = resolvePackagePath(
  '@metrics-suite/backstage-plugin-metrics-backend',
  'migrations',
);

// One migration run per database service, however many stores are created on it and also when
// they are created concurrently.
const migrated = new WeakMap<DatabaseService, Promise<void>>();

/**
 * Runs the knex migrations of the suite's tables unless the database service skips migrations.
 * Every store's create() calls it; only the first call per database service migrates.
 */
export async function migrateOnce(database: DatabaseService): Promise<void> {
  if (database.migrations?.skip) {
    return;
  }
  let migration = migrated.get(database);
  if (!migration) {
    migration = database
      .getClient()
      .then(client => client.migrate.latest({ directory: migrationsDir }))
      .then(() => undefined);
    migrated.set(database, migration);
    // A failed attempt may be retried by the next create().
    migration.catch(() => {
      if (migrated.get(database) === migration) {
        migrated.delete(database);
      }
    });
  }
  await migration;
}
