// It declares the cases every store test shares (onEveryStoreDatabase), so it holds tests and exports.
/* eslint-disable jest/no-export */
import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import type { DatabaseService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';

// Shared by the store tests, which all run on SQLite and PostgreSQL. Test-only: lives under
// `__testUtils__` so that it may import devDependencies and is never part of the build.

export const TEAM = 'group:default/payments';
export const OTHER_TEAM = 'group:default/search';
export const API = 'component:default/checkout-api';
export const WORKER = 'component:default/checkout-worker';

/** Call at the top of a test file: TestDatabases registers its clean-up hooks there. */
export function storeTestDatabases(): TestDatabases {
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}

/** The databases every store case must run on: PostgreSQL too where it is set up. */
export const REQUIRED_DATABASE_IDS: TestDatabaseId[] = process.env
  .BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
  ? ['SQLITE_3', 'POSTGRES_15']
  : ['SQLITE_3'];

/** A fresh database service on a fresh test database; stores migrate it on create(). */
export async function freshDatabase(
  databases: TestDatabases,
  id: TestDatabaseId,
): Promise<{ knex: Knex; database: DatabaseService }> {
  const knex = await databases.init(id);
  return { knex, database: { getClient: async () => knex } };
}

/**
 * Runs `cases` on every test database, each case after `setUp` on a fresh one, and guards
 * against the PostgreSQL cases being skipped silently where PostgreSQL is set up.
 */
export function onEveryStoreDatabase(
  setUp: (database: DatabaseService) => Promise<void>,
  cases: () => void,
): void {
  const databases = storeTestDatabases();
  it(`runs every case on ${REQUIRED_DATABASE_IDS.join(' and ')}`, () => {
    expect(databases.eachSupportedId()).toEqual(
      expect.arrayContaining(REQUIRED_DATABASE_IDS.map(id => [id])),
    );
  });
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    beforeEach(async () => {
      await setUp((await freshDatabase(databases, databaseId)).database);
    });
    cases();
  });
}
