import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { metricsApi } from './apis';
import { componentMetricsContent, groupMetricsContent } from './entityContent';

/**
 * The metrics plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'metrics',
  info: { packageJson: () => import('../../package.json') },
  extensions: [metricsApi, componentMetricsContent, groupMetricsContent],
});
