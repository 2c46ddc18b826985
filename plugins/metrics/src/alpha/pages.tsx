import { PageBlueprint } from '@backstage/frontend-plugin-api';
import TrendingUp from '@material-ui/icons/TrendingUp';
import { scorecardRouteRef } from '../routes';

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
