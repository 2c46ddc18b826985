import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import {
  EntityViewService,
  GroupViewService,
  PrometheusClient,
  PrometheusInstance,
  SqlEventsSource,
  readMetricsConfig,
} from './backend';
import { RecordingLogger } from './recordingLogger';
import { SourceLog, timedFetch } from './timing';

/** Counts every SQL events query as a source request of the view. */
class TimedSqlEventsSource extends SqlEventsSource {
  constructor(
    options: ConstructorParameters<typeof SqlEventsSource>[0],
    private readonly log: SourceLog,
  ) {
    super(options);
  }

  override countByGroup(
    ...args: Parameters<SqlEventsSource['countByGroup']>
  ): ReturnType<SqlEventsSource['countByGroup']> {
    return this.log.time('sql', () => super.countByGroup(...args));
  }

  override series(
    ...args: Parameters<SqlEventsSource['series']>
  ): ReturnType<SqlEventsSource['series']> {
    return this.log.time('sql', () => super.series(...args));
  }
}

export interface ViewServices {
  entityViews: EntityViewService;
  groupViews: GroupViewService;
  /** Source requests of the calls being measured. */
  log: SourceLog;
  /** Warnings the views logged (failed sections). */
  problems: string[];
}

/**
 * The entity and group view services as the plugin wires them for the portal's
 * configuration (app-config.yaml): one Prometheus instance, product events in SQLite, the
 * default availability SLO. Every Prometheus request and SQL query is timed; there is no view
 * cache (the router adds it, and the benchmark calls the services).
 */
export function createViewServices(options: {
  prometheusUrl: string;
  entities: Entity[];
  /** Holds the demo world's product events (`analytics_events`). */
  knex: Knex;
}): ViewServices {
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [
            { name: 'main', baseUrl: options.prometheusUrl, default: true },
          ],
        },
        sqlEvents: { table: 'analytics_events' },
        defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
      },
    }),
  );
  const sqlEvents = config.sqlEvents;
  if (!sqlEvents) throw new Error('bench: metrics.sqlEvents was not read');
  const log = new SourceLog();
  const [instance] = config.prometheus;
  const prometheus = new Map<string, PrometheusInstance>([
    [
      instance.name,
      {
        client: PrometheusClient.fromConfig(instance, {
          fetch: timedFetch(log),
        }),
        names: instance.names,
      },
    ],
  ]);
  const logger = new RecordingLogger();
  const viewOptions = {
    catalog: catalogServiceMock({ entities: options.entities }),
    logger,
    permissions: mockServices.permissions(),
    config,
    prometheus,
    sql: new TimedSqlEventsSource(
      { knex: options.knex, config: sqlEvents },
      log,
    ),
  };
  return {
    entityViews: new EntityViewService(viewOptions),
    groupViews: new GroupViewService(viewOptions),
    log,
    problems: logger.problems,
  };
}
