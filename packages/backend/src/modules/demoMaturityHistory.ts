import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { createMetricsStores } from '@metrics-suite/backstage-plugin-metrics-backend';
import { seedDemoHistory } from './demoHistory';

/**
 * Demo only (`demoWorld.seedMaturityHistory: true`): writes older weeks of squad habits —
 * views, goals, follow-ups, reviews, definition changes and past assessments — so the org
 * scorecard of the demo portal shows squads at different stages with a trend. The
 * mobility squad (the guest's) gets only two past reviews: it starts at stage 0 and climbs
 * through the UI. Nothing is written when the database already holds goals or reviews.
 */
export default createBackendModule({
  pluginId: 'metrics',
  moduleId: 'demo-maturity-history',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        database: coreServices.database,
        logger: coreServices.logger,
      },
      async init({ config, database, logger }) {
        if (!config.getOptionalBoolean('demoWorld.seedMaturityHistory')) return;
        const stores = await createMetricsStores({ database });
        const existing =
          (await stores.teamRecords.listGoals({})).length +
          (await stores.teamRecords.listReviews({})).length;
        if (existing > 0) {
          logger.info('Demo maturity history: already present, left as is');
          return;
        }
        const counts = await seedDemoHistory(stores, new Date());
        logger.info(
          `Demo maturity history: ${counts.views} views, ${counts.goals} goals, ${counts.reviews} reviews, ${counts.assessments} past assessments`,
        );
      },
    });
  },
});
