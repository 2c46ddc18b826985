import type {
  DatabaseService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { MetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { AmplitudeClients } from './amplitude';
import { PrometheusClient } from './prometheus';
import { SqlEventsSource } from './sql';
import { RecordedSlos } from '../rules/RecordedSlos';
import type { MetricsTelemetry } from '../telemetry';

/** Joins configured and module-added sources; ids must be unique. */
export function mergeSources(
  ...groups: ReadonlyArray<MetricsSource>[]
): MetricsSource[] {
  const byId = new Map<string, MetricsSource>();
  for (const source of groups.flat()) {
    if (byId.has(source.id)) {
      throw new ConflictError(
        `Two metrics sources have the id "${source.id}"; ids must be unique`,
      );
    }
    byId.set(source.id, source);
  }
  return [...byId.values()];
}

/** The sources configuration declares, plus those modules added. */
export async function createSources(options: {
  config: MetricsConfig;
  logger: LoggerService;
  database: DatabaseService;
  extra: ReadonlyArray<MetricsSource>;
  /** For outbound requests to Prometheus; the global `fetch` by default. */
  fetch?: typeof fetch;
  telemetry?: MetricsTelemetry;
}) {
  const { config, logger, database } = options;
  const prometheus = new Map<string, PrometheusInstance>(
    config.prometheus.map(instance => {
      const client = PrometheusClient.fromConfig(instance, {
        logger,
        fetch: options.fetch,
        telemetry: options.telemetry,
      });
      return [
        instance.name,
        {
          client,
          convention: instance.convention,
          renames: instance.renames,
          recordings: new RecordedSlos({
            client,
            config: instance.rules,
            logger,
          }),
        },
      ];
    }),
  );
  const summaries: MetricsSource[] = [...prometheus.values()].map(
    ({ client }) => {
      const { id, type, description, default: isDefault } = client.describe();
      return { id, type, description, default: isDefault };
    },
  );
  const amplitude =
    config.amplitude.projects.length > 0
      ? AmplitudeClients.fromConfig(config.amplitude, { logger })
      : undefined;
  for (const project of config.amplitude.projects) {
    summaries.push({
      id: `amplitude:${project.name}`,
      type: 'amplitude',
      description: project.baseUrl,
    });
  }
  // The events table lives in this plugin's database (see README).
  const sql = config.sqlEvents
    ? new SqlEventsSource({
        knex: await database.getClient(),
        config: config.sqlEvents,
      })
    : undefined;
  if (config.sqlEvents) {
    summaries.push({
      id: 'sql:events',
      type: 'sql',
      description: `table ${config.sqlEvents.table}`,
    });
  }
  return {
    prometheus,
    amplitude,
    sql,
    summaries: mergeSources(summaries, options.extra),
  };
}
