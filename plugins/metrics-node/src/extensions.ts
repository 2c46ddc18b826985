import { createExtensionPoint } from '@backstage/backend-plugin-api';
import type { MetricsSource } from './types';

/**
 * Lets a backend module add data sources to the metrics backend.
 *
 * @public
 */
export interface MetricsSourcesExtensionPoint {
  /**
   * Adds one or more sources; ids must be unique across all sources. A source with
   * `countEvents` feeds the KPIs and integrations that name it with `source: custom` and
   * `sourceId: <its id>`.
   */
  addSource(...sources: MetricsSource[]): void;
}

/**
 * Extension point for adding metrics data sources from a backend module.
 *
 * @example
 * ```ts
 * createBackendModule({
 *   pluginId: 'metrics',
 *   moduleId: 'warehouse-source',
 *   register(reg) {
 *     reg.registerInit({
 *       deps: { sources: metricsSourcesExtensionPoint, database: coreServices.database },
 *       async init({ sources, database }) {
 *         const knex = await database.getClient();
 *         sources.addSource({
 *           id: 'warehouse',
 *           type: 'sql',
 *           description: 'orders in the data warehouse',
 *           // Feeds `kpis: [{ source: custom, sourceId: warehouse, params: { status: paid } }]`
 *           async countEvents({ params, start, end }) {
 *             const [row] = await knex('orders')
 *               .where('created_at', '>=', start)
 *               .andWhere('created_at', '<', end)
 *               .andWhere('status', String(params.status))
 *               .count({ n: '*' });
 *             return { value: Number(row.n) };
 *           },
 *         });
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
