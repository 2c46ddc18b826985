import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MetricsClient, metricsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The metrics plugin for apps on the legacy frontend system.
 *
 * @public
 */
export const metricsPlugin = createPlugin({
  id: 'metrics',
  apis: [
    createApiFactory({
      api: metricsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MetricsClient(deps),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * Metrics tab content for a service (Component) page.
 *
 * @public
 */
export const EntityMetricsContent = metricsPlugin.provide(
  createRoutableExtension({
    name: 'EntityMetricsContent',
    component: () =>
      import('./components/EntityMetricsContent').then(
        m => m.EntityMetricsContent,
      ),
    mountPoint: rootRouteRef,
  }),
);

/**
 * Metrics tab content for a squad (Group) page.
 *
 * @public
 */
export const EntityGroupMetricsContent = metricsPlugin.provide(
  createRoutableExtension({
    name: 'EntityGroupMetricsContent',
    component: () =>
      import('./components/GroupMetricsContent').then(
        m => m.EntityGroupMetricsContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
