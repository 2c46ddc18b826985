import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  MetricsSource,
  MetricsSourcesExtensionPoint,
  metricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';
import { readMetricsConfig } from './config/metricsConfig';
import { createMetricsStores } from './database';
import { registerMetricsActions } from './actions';
import {
  MetricValues,
  SnapshotCollector,
  scheduleCollector,
} from './tasks/collector';
import { EntityViewService } from './views/EntityViewService';
import { GroupViewService } from './views/GroupViewService';
import { BurnRateAlerts, WeeklyDigest, scheduleNudges } from './tasks/nudges';
import { createRouter } from './http/router';
import { GoalService, TeamMetrics } from './team/GoalService';
import { MaturityService } from './team/MaturityService';
import { registerMetricsPermissions } from './team/permissions';
import { ReviewService } from './team/ReviewService';
import { createTeamRouter } from './http/teamRouter';
import { ViewRecorder } from './team/viewRecorder';
import { ViewCache } from './http/viewCache';
import { createSources } from './sources/createSources';

class SourcesExtensionPointImpl implements MetricsSourcesExtensionPoint {
  readonly #sources: MetricsSource[] = [];

  addSource(...sources: MetricsSource[]): void {
    this.#sources.push(...sources);
  }

  get sources(): ReadonlyArray<MetricsSource> {
    return this.#sources;
  }
}

/**
 * The metrics backend plugin.
 *
 * @public
 */
export const metricsPlugin = createBackendPlugin({
  pluginId: 'metrics',
  register(env) {
    const sourcesExtension = new SourcesExtensionPointImpl();
    env.registerExtensionPoint(metricsSourcesExtensionPoint, sourcesExtension);

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        userInfo: coreServices.userInfo,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        cache: coreServices.cache,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, httpAuth, auth, catalog } = deps;
        const { permissions, scheduler, notifications } = deps;
        const metricsConfig = readMetricsConfig(config);
        const sources = await createSources({
          config: metricsConfig,
          logger,
          database: deps.database,
          extra: sourcesExtension.sources,
        });
        if (sources.summaries.length === 0) {
          logger.warn(
            'No metrics sources configured; add metrics.prometheus.instances to app-config.yaml',
          );
        }
        registerMetricsPermissions(deps.permissionsRegistry);
        const stores = await createMetricsStores({ database: deps.database });

        const sourceHandles = {
          prometheus: sources.prometheus,
          amplitude: sources.amplitude,
          sql: sources.sql,
          moduleSources: sourcesExtension.sources,
        };
        const viewOptions = {
          catalog,
          logger,
          permissions,
          // Source outages fall back to the last stored snapshots.
          store: stores.snapshots,
          config: metricsConfig,
          ...sourceHandles,
        };
        const entityViews = new EntityViewService(viewOptions);
        const groupViews = new GroupViewService(viewOptions);
        const maturity = new MaturityService({
          stores,
          catalog,
          auth,
          config: metricsConfig.maturity,
        });
        const values = new MetricValues({
          catalog,
          auth,
          store: stores.snapshots,
          config: metricsConfig,
          ...sourceHandles,
        });
        const teamMetrics = new TeamMetrics({
          catalog,
          permissions,
          config: metricsConfig,
          prometheus: sources.prometheus,
        });

        // History and stages are written by one replica on a schedule.
        await scheduleCollector({
          scheduler,
          logger,
          config: metricsConfig,
          collector: new SnapshotCollector({
            catalog,
            auth,
            logger,
            store: stores.snapshots,
            config: metricsConfig,
            ...sourceHandles,
            afterRun: () => maturity.assessAll(),
          }),
        });
        const teamTypes = metricsConfig.maturity.teamTypes;
        await scheduleNudges({
          scheduler,
          logger,
          config: metricsConfig.notifications,
          burnRateAlerts: new BurnRateAlerts({
            store: stores.nudges,
            catalog,
            auth,
            groupViews,
            notifications,
            logger,
            teamTypes,
          }),
          weeklyDigest: new WeeklyDigest({
            stores,
            catalog,
            auth,
            groupViews,
            maturity,
            notifications,
            logger,
            teamTypes,
          }),
        });
        registerMetricsActions({
          actionsRegistry: deps.actionsRegistry,
          entityViews,
          catalog,
          maturity,
        });

        httpRouter.use(
          await createRouter({
            sources: sources.summaries,
            httpAuth,
            entityViews,
            groupViews,
            viewCache: new ViewCache(deps.cache),
            viewRecorder: new ViewRecorder({
              store: stores.activity,
              userInfo: deps.userInfo,
              logger,
            }),
            teamRouter: createTeamRouter({
              httpAuth,
              catalog,
              permissions,
              maturity,
              goals: new GoalService({
                store: stores.teamRecords,
                teamMetrics,
                values,
                logger,
              }),
              reviews: new ReviewService({
                store: stores.teamRecords,
                teamMetrics,
              }),
            }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
