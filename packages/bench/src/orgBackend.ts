import type { AddressInfo } from 'node:net';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createBackendModule,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import {
  catalogProcessingExtensionPoint,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import metricsPlugin from '@metrics-suite/backstage-plugin-metrics-backend';
import { BURN_RATE_TASK_ID } from './burnRateTask';
import { nowMs } from './timing';

const LOCATION = 'bench:synthetic-org';
/** How long the catalog may take to answer every entity before the run gives up. */
const INGEST_TIMEOUT_MS = 15 * 60_000;

/** Where the org's backend keeps its data: in-memory SQLite, or a PostgreSQL server. */
export type OrgDatabase =
  | { client: 'sqlite' }
  | { client: 'postgres'; url: string };

export interface OrgBackend {
  /** `http://127.0.0.1:<port>/api` */
  api: string;
  /** Seconds from start until the catalog answered every entity. */
  ingestSeconds: number;
  /** Runs the plugin's burn-rate alerts task once, as the scheduler would. */
  runBurnRateSweep(): Promise<void>;
  stop(): Promise<void>;
}

/** Every entity in one full mutation: the fastest way into the catalog's processing queue. */
function orgProvider(entities: Entity[]) {
  return createBackendModule({
    pluginId: 'catalog',
    moduleId: 'bench-synthetic-org',
    register(env) {
      env.registerInit({
        deps: { catalog: catalogProcessingExtensionPoint },
        async init({ catalog }) {
          catalog.addEntityProvider({
            getProviderName: () => 'bench-synthetic-org',
            async connect(connection: EntityProviderConnection) {
              await connection.applyMutation({
                type: 'full',
                entities: entities.map(entity => ({
                  locationKey: LOCATION,
                  entity: {
                    ...entity,
                    metadata: {
                      ...entity.metadata,
                      annotations: {
                        ...entity.metadata.annotations,
                        [ANNOTATION_LOCATION]: LOCATION,
                        [ANNOTATION_ORIGIN_LOCATION]: LOCATION,
                      },
                    },
                  },
                })),
              });
            },
          });
        },
      });
    },
  });
}

function databaseConfig(database: OrgDatabase, prefix: string) {
  return database.client === 'sqlite'
    ? { client: 'better-sqlite3', connection: ':memory:' }
    : { client: 'pg', connection: database.url, prefix };
}

/** Entities the catalog answers (stitched, readable). */
async function catalogCount(api: string): Promise<number> {
  const res = await fetch(
    `${api}/catalog/entities/by-query?limit=1&filter=kind=component&filter=kind=group`,
    { headers: { Authorization: mockCredentials.user.header() } },
  );
  if (!res.ok) return 0;
  const body = (await res.json()) as { totalItems?: number };
  return body.totalItems ?? 0;
}

/**
 * The real catalog backend and the metrics plugin in one test backend: the catalog ingests
 * `entities` (processing, relations, stitching) and the plugin reads it over HTTP with the
 * requester's credentials, as in a portal. Resolves once the catalog answers every entity.
 */
export async function startOrgBackend(options: {
  entities: Entity[];
  database: OrgDatabase;
  /** Database name prefix on PostgreSQL (one per backend: each gets fresh databases). */
  prefix: string;
  prometheusUrl: string;
}): Promise<OrgBackend> {
  const started = nowMs();
  // Runs only what the bench triggers: no collector, no sweep at a random moment.
  // mockServices.scheduler() is a MockSchedulerService, whose type the package does not export.
  const scheduler = mockServices.scheduler() as SchedulerService & {
    factory(options: { skipTaskRunOnStartup: boolean }): ServiceFactory;
  };
  const backend = await startTestBackend({
    features: [
      catalogBackend,
      orgProvider(options.entities),
      metricsPlugin,
      scheduler.factory({ skipTaskRunOnStartup: true }),
      mockServices.database.factory(),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: databaseConfig(options.database, options.prefix),
          },
          catalog: {
            rules: [{ allow: ['Component', 'Group'] }],
            // No refresh of unchanged entities during the measurements.
            processingInterval: { minutes: 60 },
          },
          metrics: {
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl: options.prometheusUrl,
                  default: true,
                  catalogQueries: { policy: 'any' },
                },
              ],
            },
            defaultSlos: [
              { name: 'availability', objective: 99.9, window: '28d' },
            ],
            history: { collector: { enabled: false } },
            // The bench measures the views, not the per-requester limit.
            limits: { viewRequestsPerMinute: 1_000_000 },
          },
        },
      }),
    ],
  });
  const api = `http://127.0.0.1:${
    (backend.server.address() as AddressInfo).port
  }/api`;
  try {
    const deadline = Date.now() + INGEST_TIMEOUT_MS;
    for (;;) {
      const count = await catalogCount(api);
      if (count >= options.entities.length) break;
      if (Date.now() > deadline) {
        throw new Error(
          `the catalog answered ${count} of ${
            options.entities.length
          } entities after ${INGEST_TIMEOUT_MS / 60_000} minutes`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 500));
    }
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return {
    api,
    ingestSeconds: (nowMs() - started) / 1000,
    runBurnRateSweep: () => scheduler.triggerTask(BURN_RATE_TASK_ID),
    stop: () => backend.stop(),
  };
}
