import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { Knex } from 'knex';
import { createMetricsServices } from '@metrics-suite/backstage-plugin-metrics-backend';
import { RecordingLogger } from './recordingLogger';
import { SourceLog, nowMs, timedFetch } from './timing';

type Services = Awaited<ReturnType<typeof createMetricsServices>>;

/** Times every SQL query of the views (knex's query events) as a source request. */
function timeSqlQueries(knex: Knex, log: SourceLog): void {
  const started = new Map<string, number>();
  const done = (query: { __knexQueryUid?: string }) => {
    const start = started.get(query.__knexQueryUid ?? '');
    if (start === undefined) return;
    started.delete(query.__knexQueryUid ?? '');
    log.record({ source: 'sql', start, end: nowMs() });
  };
  knex.on('query', (query: { __knexQueryUid?: string }) =>
    started.set(query.__knexQueryUid ?? '', nowMs()),
  );
  knex.on('query-response', (_response: unknown, query) => done(query));
  knex.on('query-error', (_error: unknown, query) => done(query));
}

export interface ViewServices {
  entityViews: Services['entityViews'];
  groupViews: Services['groupViews'];
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
export async function createViewServices(options: {
  prometheusUrl: string;
  entities: Entity[];
  /** Holds the demo world's product events (`analytics_events`). */
  knex: Knex;
}): Promise<ViewServices> {
  const log = new SourceLog();
  timeSqlQueries(options.knex, log);
  const logger = new RecordingLogger();
  const services = await createMetricsServices({
    config: new ConfigReader({
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
    logger,
    // The events database; the plugin's own tables are not needed to measure views.
    database: {
      getClient: async () => options.knex,
      migrations: { skip: true },
    },
    catalog: catalogServiceMock({ entities: options.entities }),
    permissions: mockServices.permissions(),
    auth: mockServices.auth(),
    fetch: timedFetch(log),
  });
  return {
    entityViews: services.entityViews,
    groupViews: services.groupViews,
    log,
    problems: logger.problems,
  };
}
