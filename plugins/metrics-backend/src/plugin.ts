import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  MetricsSource,
  MetricsSourcesExtensionPoint,
  metricsSourcesExtensionPoint,
} from '@metrics-suite/backstage-plugin-metrics-node';
import { readMetricsConfig } from './config';
import { createRouter } from './service/router';
import { mergeSources, sourcesFromConfig } from './sources';

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
      },
      async init({ config, logger, httpRouter }) {
        const metricsConfig = readMetricsConfig(config);
        const sources = mergeSources(
          sourcesFromConfig(metricsConfig),
          sourcesExtension.sources,
        );
        if (sources.length === 0) {
          logger.warn(
            'No metrics sources configured; add metrics.prometheus.instances to app-config.yaml',
          );
        }
        httpRouter.use(await createRouter({ sources }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
