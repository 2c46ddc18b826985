import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  MetricsSource,
  MetricsSourcesExtensionPoint,
  metricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';
import { readMetricsConfig } from './config';
import { EntityViewService } from './service/EntityViewService';
import { GroupViewService } from './service/GroupViewService';
import { createRouter } from './service/router';
import { ViewCache } from './service/viewCache';
import { createSources } from './sources';

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
        database: coreServices.database,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        httpRouter,
        httpAuth,
        database,
        cache,
        catalog,
      }) {
        const metricsConfig = readMetricsConfig(config);
        const sources = await createSources({
          config: metricsConfig,
          logger,
          database,
          extra: sourcesExtension.sources,
        });
        if (sources.summaries.length === 0) {
          logger.warn(
            'No metrics sources configured; add metrics.prometheus.instances to app-config.yaml',
          );
        }
        const viewOptions = {
          catalog,
          logger,
          config: metricsConfig,
          prometheus: sources.prometheus,
          amplitude: sources.amplitude,
          sql: sources.sql,
        };
        httpRouter.use(
          await createRouter({
            sources: sources.summaries,
            httpAuth,
            entityViews: new EntityViewService(viewOptions),
            groupViews: new GroupViewService(viewOptions),
            viewCache: new ViewCache(cache),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
