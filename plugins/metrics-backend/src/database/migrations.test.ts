import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseActivityStore } from './DatabaseActivityStore';
import { DatabaseNudgeStore } from './DatabaseNudgeStore';
import { DatabaseSnapshotStore } from './DatabaseSnapshotStore';
import { DatabaseTeamRecordStore } from './DatabaseTeamRecordStore';
import { createMetricsStores } from './createMetricsStores';
import {
  TEAM,
  freshDatabase,
  REQUIRED_DATABASE_IDS,
  storeTestDatabases,
} from '../__testUtils__/storeDatabases';

jest.setTimeout(60_000);

const databases = storeTestDatabases();

const TABLES = [
  'metrics_snapshots',
  'metrics_collected_days',
  'metrics_definition_fingerprints',
  'metrics_definition_changes',
  'metrics_goals',
  'metrics_goal_follow_ups',
  'metrics_weekly_reviews',
  'metrics_view_records',
  'metrics_maturity_assessments',
  'metrics_alert_states',
  'metrics_digests',
  'metrics_record_revisions',
];

/**
 * A database service whose client counts `migrate.latest` calls. knex creates a new migrator
 * on every `migrate` access, so the call is counted on a client proxy.
 */
function countingMigrations(
  knex: Knex,
  options: { skip?: boolean } = {},
): { database: DatabaseService; latest: jest.Mock } {
  const latest = jest.fn((config: Knex.MigratorConfig) =>
    knex.migrate.latest(config),
  );
  const client = new Proxy(knex, {
    get(target, property) {
      if (property === 'migrate') {
        return { latest };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return {
    database: {
      getClient: async () => client,
      ...(options.skip ? { migrations: { skip: true } } : {}),
    },
    latest,
  };
}

describe('migrateOnce', () => {
  // Guards against the PostgreSQL cases being skipped silently where PostgreSQL is set up.
  it(`runs every case on ${REQUIRED_DATABASE_IDS.join(' and ')}`, () => {
    expect(databases.eachSupportedId()).toEqual(
      expect.arrayContaining(REQUIRED_DATABASE_IDS.map(id => [id])),
    );
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseSnapshotStore;

    beforeEach(async () => {
      let database: DatabaseService;
      ({ knex, database } = await freshDatabase(databases, databaseId));
      store = await DatabaseSnapshotStore.create({ database });
    });

    it('can run again on a migrated database', async () => {
      const again = await DatabaseSnapshotStore.create({
        database: { getClient: async () => knex },
      });
      await again.markDaysCollected(['2025-01-01']);
      expect(
        await store.listCollectedDays({
          fromDay: '2025-01-01',
          toDay: '2025-01-01',
        }),
      ).toEqual(['2025-01-01']);
    });

    it('skips migrations when told to', async () => {
      const fresh = await databases.init(databaseId);
      await createMetricsStores({
        database: {
          getClient: async () => fresh,
          migrations: { skip: true },
        },
      });
      expect(await fresh.schema.hasTable('metrics_snapshots')).toBe(false);
    });

    it('rolls back and migrates up again', async () => {
      const directory = resolvePackagePath(
        '@metrics-suite/backstage-plugin-metrics-backend',
        'migrations',
      );
      await knex.migrate.rollback({ directory }, true);
      expect(await knex.schema.hasTable('metrics_goals')).toBe(false);
      await DatabaseTeamRecordStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('metrics_goals')).toBe(true);
    });

    it('migrates once for all four stores created at the same time', async () => {
      const fresh = await databases.init(databaseId);
      const { database, latest } = countingMigrations(fresh);
      const stores = await createMetricsStores({ database });
      // Created one by one afterwards, on the same service: still the one run.
      await DatabaseSnapshotStore.create({ database });
      await DatabaseTeamRecordStore.create({ database });
      await DatabaseActivityStore.create({ database });
      await DatabaseNudgeStore.create({ database });

      expect(latest).toHaveBeenCalledTimes(1);
      for (const table of TABLES) {
        expect(await fresh.schema.hasTable(table)).toBe(true);
      }
      // Each store works on the migrated tables.
      await stores.snapshots.markDaysCollected(['2025-01-01']);
      expect(await stores.teamRecords.listGoals({})).toEqual([]);
      expect(await stores.activity.listViews({ since: '2025-01-01' })).toEqual(
        [],
      );
      expect(await stores.nudges.claimDigest(TEAM, '2025-01-06')).toBe(true);
    });

    it('skips migrations for every store when the database service does', async () => {
      const fresh = await databases.init(databaseId);
      const { database, latest } = countingMigrations(fresh, { skip: true });
      await createMetricsStores({ database });
      expect(latest).not.toHaveBeenCalled();
      for (const table of TABLES) {
        expect(await fresh.schema.hasTable(table)).toBe(false);
      }
    });

    it('tries again after a failed migration', async () => {
      const fresh = await databases.init(databaseId);
      const { database, latest } = countingMigrations(fresh);
      latest.mockRejectedValueOnce(new Error('connection refused'));
      await expect(createMetricsStores({ database })).rejects.toThrow(
        'connection refused',
      );
      await createMetricsStores({ database });
      expect(latest).toHaveBeenCalledTimes(2);
      expect(await fresh.schema.hasTable('metrics_digests')).toBe(true);
    });
  });
});
