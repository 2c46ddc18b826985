import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  MetricsStores,
  createMetricsServices,
} from '@metrics-suite/backstage-plugin-metrics-backend';
import type { Knex } from 'knex';
import { StoreCalls, countingStores } from './countingStore';
import { RecordingLogger } from './recordingLogger';
import { syntheticTeams } from './world';

/**
 * The org scorecard (maturity) as the plugin builds it, over seeded stores: the three stores
 * the scorecard reads count their calls together in `calls`.
 */
export async function countedScorecard(options: {
  knex: Knex;
  stores: MetricsStores;
  teams: number;
  now: Date;
}) {
  const { knex, stores, teams, now } = options;
  const calls = new StoreCalls();
  const { maturity } = await createMetricsServices({
    config: new ConfigReader({}),
    logger: new RecordingLogger(),
    database: { getClient: async () => knex, migrations: { skip: true } },
    stores: {
      ...stores,
      ...countingStores(
        {
          activity: stores.activity,
          teamRecords: stores.teamRecords,
          snapshots: stores.snapshots,
        },
        calls,
      ),
    },
    catalog: catalogServiceMock({ entities: syntheticTeams(teams) }),
    permissions: mockServices.permissions(),
    auth: mockServices.auth(),
    now: () => now,
  });
  return { maturity, calls };
}
