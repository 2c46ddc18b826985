import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
// Both are still alpha in @backstage/backend-plugin-api 1.10 (no coreServices.actionsRegistry
// or coreServices.metrics yet).
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  MetricsSource,
  MetricsSourcesExtensionPoint,
  metricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';
import { registerMetricsActions } from './actions';
import { createMetricsServices } from './createMetricsServices';
import { createRouter } from './http/router';
import { createTeamRouter } from './http/teamRouter';
import { ViewCache } from './http/viewCache';
import { ViewRateLimit } from './http/viewRateLimit';
import { scheduleCollector } from './tasks/collector';
import { scheduleNudges } from './tasks/nudges';
import { ViewRecordPurge, schedulePrivacyPurge } from './tasks/privacy';
import { registerMetricsPermissions } from './team/permissions';
import { ViewRecorder } from './team/viewRecorder';

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
        auditor: coreServices.auditor,
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
        metrics: metricsServiceRef,
      },
      async init(deps) {
        const { logger, httpRouter, httpAuth, catalog, scheduler } = deps;
        const services = await createMetricsServices({
          ...deps,
          moduleSources: sourcesExtension.sources,
        });
        if (services.sources.length === 0) {
          logger.warn(
            'No metrics sources configured; add metrics.prometheus.instances to app-config.yaml',
          );
        }
        registerMetricsPermissions(deps.permissionsRegistry);

        // History and stages are written by one replica on a schedule.
        await scheduleCollector({
          scheduler,
          logger,
          config: services.config,
          collector: services.collector,
        });
        await scheduleNudges({
          scheduler,
          logger,
          config: services.config.notifications,
          ...services.nudges!,
        });
        await schedulePrivacyPurge({
          scheduler,
          config: services.config.privacy,
          purge: new ViewRecordPurge({
            store: services.stores.activity,
            config: services.config.privacy,
            logger,
          }),
        });
        registerMetricsActions({
          actionsRegistry: deps.actionsRegistry,
          entityViews: services.entityViews,
          rules: services.rules,
          catalog,
          maturity: services.maturity,
        });

        httpRouter.use(
          await createRouter({
            sources: services.sources,
            readiness: services.readiness,
            httpAuth,
            entityViews: services.entityViews,
            groupViews: services.groupViews,
            rules: services.rules,
            configurationChecks: services.configurationChecks,
            viewCache: new ViewCache(deps.cache, {
              config: services.config.viewCache,
              telemetry: services.telemetry,
            }),
            viewRateLimit: new ViewRateLimit(
              services.config.limits.viewRequestsPerMinute,
            ),
            telemetry: services.telemetry,
            viewRecorder: new ViewRecorder({
              store: services.stores.activity,
              userInfo: deps.userInfo,
              logger,
            }),
            teamRouter: createTeamRouter({
              httpAuth,
              auditor: deps.auditor,
              catalog,
              permissions: services.permissions,
              maturity: services.maturity,
              goals: services.goals,
              reviews: services.reviews,
              northStars: services.northStars,
            }),
          }),
        );
        // Probes carry no credentials; /health/ready answers ids and reason codes only.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        httpRouter.addAuthPolicy({
          path: '/health/ready',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
