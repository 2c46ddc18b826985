import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { metricsApi } from './apis';
import { componentMetricsContent, groupMetricsContent } from './entityContent';
import { scorecardPage, tvPage } from './pages';
import { scorecardRouteRef, tvRouteRef } from '../routes';

/**
 * The metrics plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'metrics',
  info: { packageJson: () => import('../../package.json') },
  routes: { scorecard: scorecardRouteRef, tv: tvRouteRef },
  extensions: [
    metricsApi,
    componentMetricsContent,
    groupMetricsContent,
    scorecardPage,
    tvPage,
  ],
});
