import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { MetricsClient, metricsApiRef } from './api';
import { rootRouteRef, scorecardRouteRef, tvRouteRef } from './routes';

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
  routes: {
    root: rootRouteRef,
    scorecard: scorecardRouteRef,
    tv: tvRouteRef,
  },
});

/**
 * Metrics tab content for a service (Component) page.
 *
 * @public
 */
export const EntityMetricsContent: () => JSX.Element = metricsPlugin.provide(
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
export const EntityGroupMetricsContent: () => JSX.Element =
  metricsPlugin.provide(
    createRoutableExtension({
      name: 'EntityGroupMetricsContent',
      component: () =>
        import('./components/GroupMetricsContent').then(
          m => m.EntityGroupMetricsContent,
        ),
      mountPoint: rootRouteRef,
    }),
  );

/**
 * The org-wide metrics maturity scorecard: every team's stage, trend, evidence and next step,
 * the stage distribution, a filter by parent group and a CSV export. Mount it on a route,
 * e.g. `<Route path="/metrics-maturity" element={<MetricsScorecardPage />} />`.
 *
 * @public
 */
export const MetricsScorecardPage: () => JSX.Element = metricsPlugin.provide(
  createRoutableExtension({
    name: 'MetricsScorecardPage',
    component: () =>
      import('./components/MaturityScorecardPage').then(
        m => m.MaturityScorecardPage,
      ),
    mountPoint: scorecardRouteRef,
  }),
);

/**
 * A squad's TV mode: a full-screen, dark page for a screen in a room, turning through the
 * squad's north star, usage, system health and business slides, never showing a sensitive
 * metric. Mount it with the squad in the path, e.g.
 * `<Route path="/metrics-tv/:namespace/:name" element={<MetricsTvPage />} />`; the squad tab
 * links to it when it is mounted.
 *
 * @public
 */
export const MetricsTvPage: () => JSX.Element = metricsPlugin.provide(
  createRoutableExtension({
    name: 'MetricsTvPage',
    component: () => import('./components/TvModePage').then(m => m.TvModePage),
    mountPoint: tvRouteRef,
  }),
);
