import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MetricsSource } from './types';

/**
 * Lets a backend module add data sources to the metrics backend.
 *
 * @public
 */
export interface MetricsSourcesExtensionPoint {
  /** Adds one or more sources; ids must be unique across all sources. */
  addSource(...sources: MetricsSource[]): void;
}

/**
 * Extension point for adding metrics data sources from a backend module.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'metrics',
 *   moduleId: 'my-source',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { sources: metricsSourcesExtensionPoint },
 *       async init({ sources }) {
 *         sources.addSource(new MySource());
 *       },
 *     });
 *   },
 * });
 * ```
 *
 * @public
 */
export const metricsSourcesExtensionPoint =
  createExtensionPoint<MetricsSourcesExtensionPoint>({
    id: 'metrics.sources',
  });
