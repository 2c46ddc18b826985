import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  addDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { minimumViewRecordRetentionDays } from '../../config/privacy';
import { createMetricsStores } from '../../database/createMetricsStores';
import { MaturityService } from '../../team/MaturityService';
import { ViewRecordPurge } from './ViewRecordPurge';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const TEAM = 'group:default/payments';
const TODAY = '2026-11-29'; // a Sunday: the looking weeks reach furthest back
const NOW = new Date(`${TODAY}T12:00:00Z`);

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

/** A store with one view of the team's tab on each of the last 200 days. */
async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const stores = await createMetricsStores({
    database: { getClient: async () => knex },
  });
  for (let i = 0; i < 200; i++) {
    await stores.activity.recordView({
      userRef: 'user:default/ada',
      teamRefs: [TEAM],
      targetRef: TEAM,
      action: i % 3 ? 'view' : 'explore',
      at: `${addDays(TODAY, -i)}T09:00:00.000Z`,
    });
  }
  const maturity = new MaturityService({
    stores,
    catalog: catalogServiceMock({ entities: [team] }),
    auth: mockServices.auth(),
    config: {
      teamTypes: ['team'],
      thresholds: DEFAULT_MATURITY_THRESHOLDS,
    },
    now: () => NOW,
  });
  const purge = (viewRecordRetentionDays: number) =>
    new ViewRecordPurge({
      store: stores.activity,
      config: { viewRecordRetentionDays },
      logger: mockServices.logger.mock(),
      now: () => NOW,
    }).run();
  const evidence = async () => (await maturity.getTeam(TEAM)).evidence;
  return { stores, purge, evidence };
}

describe('ViewRecordPurge', () => {
  it('deletes the records of days before the retention and keeps the rest', async () => {
    const { stores, purge } = await setUp();
    expect(await purge(180)).toEqual({ keptFrom: '2026-06-02', deleted: 19 });
    const days = (await stores.activity.listViews({ since: '2000-01-01' })).map(
      v => v.day,
    );
    expect(days).toHaveLength(181);
    expect(days[0]).toBe('2026-06-02');
    expect(await purge(180)).toEqual({ keptFrom: '2026-06-02', deleted: 0 });
  });

  it('never changes the maturity evidence at the shortest retention the config allows', async () => {
    const { purge, evidence } = await setUp();
    const before = await evidence();
    const shortest = minimumViewRecordRetentionDays(
      DEFAULT_MATURITY_THRESHOLDS,
    );
    expect((await purge(shortest)).deleted).toBeGreaterThan(0);
    expect(await evidence()).toEqual(before);
  });

  it('would change it with a shorter retention, which the config refuses', async () => {
    const { purge, evidence } = await setUp();
    const before = await evidence();
    await purge(60);
    expect((await evidence()).views.count).toBeLessThan(before.views.count);
  });
});
