import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  currentT0,
  loadConfig,
  seedAnalyticsEvents,
  statePaths,
} from '@internal/demo-world';
import fs from 'node:fs';

/** The demo world's T0 (so events line up with its Prometheus history), else now. */
function worldEnd(): number {
  try {
    const { stateDir } = loadConfig();
    const truth = JSON.parse(
      fs.readFileSync(statePaths(stateDir).truth, 'utf8'),
    );
    if (typeof truth.t0 === 'number') return truth.t0;
  } catch {
    // no demo world generated yet
  }
  return currentT0();
}

/**
 * Demo only: seeds the `analytics_events` table of the metrics plugin's database with the
 * demo world's product events, when `demoWorld.seedAnalyticsEvents` is true.
 */
export default createBackendModule({
  pluginId: 'metrics',
  moduleId: 'demo-analytics-events',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ config, database, logger }) {
        if (!config.getOptionalBoolean('demoWorld.seedAnalyticsEvents')) return;
        const end = worldEnd();
        const result = await seedAnalyticsEvents(await database.getClient(), {
          end,
        });
        logger.info(
          `Seeded demo analytics events ending ${new Date(
            end * 1000,
          ).toISOString()}: ${JSON.stringify(result)}`,
        );
      },
    });
  },
});
