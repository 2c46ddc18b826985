import {
  DatabaseService,
  isDatabaseConflictError,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type {
  MetricAlertCondition,
  MetricAlertKey,
  MetricAlertRow,
  MetricAlertStore,
} from './MetricAlertStore';
import { migrateOnce } from './migrations';
import { toInstant } from './queryHelpers';
import { T } from './tables';

type MetricAlertDbRow = {
  entity_ref: string;
  metric_id: string;
  condition: string;
  since: string;
  detail: string;
};

const whereKey = (key: MetricAlertKey) => ({
  entity_ref: key.entityRef,
  metric_id: key.metricId,
  condition: key.condition,
});

/** Open integration and KPI alerts on the Backstage database. */
export class DatabaseMetricAlertStore implements MetricAlertStore {
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseMetricAlertStore> {
    await migrateOnce(options.database);
    return new DatabaseMetricAlertStore(await options.database.getClient());
  }

  private constructor(private readonly db: Knex) {}

  async getMetricAlert(
    key: MetricAlertKey,
  ): Promise<MetricAlertRow | undefined> {
    const row: MetricAlertDbRow | undefined = await this.db(T.metricAlerts)
      .where(whereKey(key))
      .first();
    return row
      ? {
          entityRef: row.entity_ref,
          metricId: row.metric_id,
          condition: row.condition as MetricAlertCondition,
          since: row.since,
          detail: row.detail,
        }
      : undefined;
  }

  async openMetricAlert(row: MetricAlertRow): Promise<boolean> {
    try {
      // The primary key lets exactly one run open an alert.
      await this.db(T.metricAlerts).insert({
        ...whereKey(row),
        since: toInstant(row.since),
        detail: row.detail,
      });
      return true;
    } catch (error) {
      if (isDatabaseConflictError(error)) return false;
      throw error;
    }
  }

  async closeMetricAlert(key: MetricAlertKey): Promise<boolean> {
    const deleted = await this.db(T.metricAlerts).where(whereKey(key)).delete();
    return deleted > 0;
  }
}
