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
  'metrics_metric_alerts',
  'metrics_record_revisions',
  'metrics_north_stars',
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

    it('reads the creation of records older than revisions from the records', async () => {
      const directory = resolvePackagePath(
        '@metrics-suite/backstage-plugin-metrics-backend',
        'migrations',
      );
      const fresh = await databases.init(databaseId);
      // Up to the migration before the revisions, as a portal upgraded from it.
      await fresh.migrate.up({
        directory,
        name: '20261122000000_team_history.js',
      });
      await fresh('metrics_weekly_reviews').insert({
        id: 'old-review',
        team_ref: TEAM,
        week: '2026-11-16',
        metrics_looked_at: '[]',
        decision: 'no-action',
        action_text: null,
        linked_metric: null,
        author: 'user:default/alice',
        created_at: '2026-11-17T10:00:00.000Z',
      });
      const records = await DatabaseTeamRecordStore.create({
        database: { getClient: async () => fresh },
      });
      expect((await records.getReview('old-review'))?.revision).toBe(1);
      expect(await records.listRevisions(['review'], 'old-review')).toEqual([
        {
          kind: 'review',
          recordId: 'old-review',
          revision: 1,
          change: 'created',
          author: 'user:default/alice',
          at: '2026-11-17T10:00:00.000Z',
          changes: {},
        },
      ]);
      await records.withdrawReview({
        id: 'old-review',
        revision: 1,
        author: 'user:default/bob',
      });
      expect(
        (await records.listRevisions(['review'], 'old-review')).map(
          r => r.change,
        ),
      ).toEqual(['withdrawn', 'created']);
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
