import { PageBlueprint } from '@backstage/frontend-plugin-api';
import TrendingUp from '@material-ui/icons/TrendingUp';
import { scorecardRouteRef, tvRouteRef } from '../routes';

/**
 * The org-wide maturity scorecard at `/metrics-maturity`. Its title and icon also make the
 * app's sidebar link to it (nav items are derived from pages).
 */
export const scorecardPage = PageBlueprint.make({
  params: {
    path: '/metrics-maturity',
    routeRef: scorecardRouteRef,
    title: 'Metrics maturity',
    icon: <TrendingUp fontSize="inherit" />,
    loader: () =>
      import('../components/MaturityScorecardPage').then(m => (
        <m.NfsMaturityScorecardPage />
      )),
  },
});

/**
 * A squad's TV mode at `/metrics-tv/:namespace/:name`, opened from the squad tab. Without a
 * title and icon of its own (the plugin has neither) it gets no sidebar link: a screen for
 * one squad is not a place to navigate to. No plugin header: the screen covers the window.
 */
export const tvPage = PageBlueprint.make({
  name: 'tv',
  params: {
    path: '/metrics-tv/:namespace/:name',
    routeRef: tvRouteRef,
    noHeader: true,
    loader: () =>
      import('../components/TvModePage').then(m => <m.TvModePage />),
  },
});
