/*
 * Two backend replicas in one process on one PostgreSQL database and one Redis, through
 * Backstage's real database, cache and scheduler services (the production setup of the README's
 * "Running in production"). scripts/test.sh starts both servers and sets the two variables.
 */
import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import {
  SchedulerService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestBackend,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createClient } from '@keyv/redis';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import {
  CountingPrometheus,
  startCountingPrometheus,
} from '../__testUtils__/countingPrometheus';
import { metricsPlugin } from '../plugin';
import { COLLECTOR_TASK_ID } from '../tasks/collector/scheduleCollector';
import {
  BURN_RATE_TASK_ID,
  DIGEST_TASK_ID,
} from '../tasks/nudges/scheduleNudges';

const postgresUrl = process.env.METRICS_TEST_POSTGRES_URL;
const redisUrl = process.env.METRICS_TEST_REDIS_URL;
const describeWithServers = postgresUrl && redisUrl ? describe : describe.skip;
if (!postgresUrl || !redisUrl) {
  // eslint-disable-next-line no-console
  console.warn(
    'twoReplicas.test: METRICS_TEST_POSTGRES_URL and METRICS_TEST_REDIS_URL are not set; run scripts/test.sh to include this test',
  );
}

// Fresh per run: the database service creates `<prefix>metrics` on the server.
const RUN = `${Date.now().toString(36)}_${process.pid}`;
const DATABASE_PREFIX = `metrics_replicas_${RUN}_`;
const DATABASE = `${DATABASE_PREFIX}metrics`;
const REDIS_NAMESPACE = `metrics-replicas-${RUN}`;
// The scheduler's own table, in the plugin's database.
const TASKS_TABLE = 'backstage_backend_tasks__tasks';

const MANUAL = { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } };

const team = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'squad', children: [] },
});
const service = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'metrics-suite/prometheus-service': name },
  },
  spec: { type: 'service', owner, lifecycle: 'production' },
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
const entities = [
  team('payments'),
  team('search'),
  service('payments-api', 'payments'),
  service('search-api', 'search'),
];

interface Replica {
  name: 'a' | 'b';
  backend: TestBackend;
  scheduler: SchedulerService;
}

/** Hands the metrics plugin's scheduler to the test, to trigger its tasks as an operator would. */
function schedulerOf(into: { scheduler?: SchedulerService }) {
  return createBackendModule({
    pluginId: 'metrics',
    moduleId: 'test-scheduler-handle',
    register(reg) {
      reg.registerInit({
        deps: { scheduler: coreServices.scheduler },
        async init({ scheduler }) {
          into.scheduler = scheduler;
        },
      });
    },
  });
}

async function startReplica(
  name: 'a' | 'b',
  prometheus: CountingPrometheus,
): Promise<Replica> {
  const handle: { scheduler?: SchedulerService } = {};
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      schedulerOf(handle),
      mockServices.rootConfig.factory({
        data: {
          backend: {
            database: {
              client: 'pg',
              connection: postgresUrl!,
              prefix: DATABASE_PREFIX,
            },
            cache: {
              store: 'redis',
              connection: redisUrl!,
              redis: { client: { namespace: REDIS_NAMESPACE } },
            },
          },
          metrics: {
            // One Prometheus; each replica on its own path, so its queries are counted apart.
            prometheus: {
              instances: [
                {
                  name: 'main',
                  baseUrl: prometheus.urlFor(name),
                  default: true,
                },
              ],
            },
            defaultSlos: [
              { name: 'availability', objective: 99.9, window: '28d' },
            ],
            // Run when triggered only, so that each cadence is one the test starts.
            history: { collector: { schedule: MANUAL } },
            notifications: {
              burnRateAlerts: { schedule: MANUAL },
              digest: { schedule: MANUAL },
            },
          },
        },
      }),
      // The real services in place of startTestBackend's in-memory mocks.
      databaseServiceFactory,
      cacheServiceFactory,
      schedulerServiceFactory,
      catalogServiceMock.factory({ entities }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send: async () => {} }),
      }),
    ],
  });
  return { name, backend, scheduler: handle.scheduler! };
}

describeWithServers('two replicas on one PostgreSQL and one Redis', () => {
  let prometheus: CountingPrometheus;
  let a: Replica;
  let b: Replica;
  let db: Knex;

  beforeAll(async () => {
    prometheus = await startCountingPrometheus();
    // One after the other: the first migrates the shared database.
    a = await startReplica('a', prometheus);
    b = await startReplica('b', prometheus);
    const url = new URL(postgresUrl!);
    url.pathname = `/${DATABASE}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
  }, 60_000);

  afterAll(async () => {
    await db?.destroy();
    await Promise.all([a?.backend.stop(), b?.backend.stop()]);
    await prometheus?.close();
    const server = knexFactory({ client: 'pg', connection: postgresUrl! });
    await server.raw(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
    await server.destroy();
    const redis = createClient({ url: redisUrl! });
    await redis.connect();
    const keys = await redis.keys(`${REDIS_NAMESPACE}:*`);
    if (keys.length > 0) await redis.del(keys);
    await redis.quit();
  }, 30_000);

  const lastRunEnded = async (taskId: string) => {
    const row = await db(TASKS_TABLE).where({ id: taskId }).first();
    return row as
      | {
          current_run_ticket: string | null;
          last_run_ended_at: Date | null;
          last_run_error_json: string | null;
        }
      | undefined;
  };

  it.each([
    ['the snapshot collector', COLLECTOR_TASK_ID],
    ['the burn-rate alerts', BURN_RATE_TASK_ID],
    ['the weekly digest', DIGEST_TASK_ID],
  ])(
    'runs %s once per cadence across both replicas',
    async (_what, taskId) => {
      const before = await lastRunEnded(taskId);
      expect(before).toBeDefined();
      const queried = {
        a: prometheus.queries('a'),
        b: prometheus.queries('b'),
      };
      // Both replicas are told at once; a replica told while the run has started is refused.
      const triggers = await Promise.allSettled([
        a.scheduler.triggerTask(taskId),
        b.scheduler.triggerTask(taskId),
      ]);
      expect(triggers.some(t => t.status === 'fulfilled')).toBe(true);
      const refusals = triggers.flatMap(t =>
        t.status === 'rejected' ? [t.reason.name] : [],
      );
      expect(refusals.filter(name => name !== 'ConflictError')).toEqual([]);
      // The scheduler's workers look for due runs every 5 s.
      let after = before;
      while (
        !after?.last_run_ended_at ||
        after.current_run_ticket ||
        String(after.last_run_ended_at) === String(before?.last_run_ended_at)
      ) {
        await new Promise(resolve => setTimeout(resolve, 250));
        after = await lastRunEnded(taskId);
      }
      expect(after.last_run_error_json).toBeNull();
      const ran = {
        a: prometheus.queries('a') - queried.a,
        b: prometheus.queries('b') - queried.b,
      };
      // One replica did the cadence's queries; the other asked Prometheus nothing.
      expect(ran.a + ran.b).toBeGreaterThan(0);
      expect(Math.min(ran.a, ran.b)).toBe(0);
    },
    30_000,
  );

  it('answers on replica B a view replica A computed, from the shared cache', async () => {
    const end = Math.floor(Date.now() / 1000) - 120;
    const path = `/api/metrics/v1/entities/component/default/payments-api?range=1h&end=${end}`;
    const queried = { a: prometheus.queries('a'), b: prometheus.queries('b') };

    const onA = await request(a.backend.server).get(path);
    expect(onA.status).toBe(200);
    expect(prometheus.queries('a')).toBeGreaterThan(queried.a);

    const onB = await request(b.backend.server).get(path);
    expect(onB.status).toBe(200);
    expect(onB.body).toEqual(onA.body);
    expect(prometheus.queries('b')).toBe(queried.b);

    const redis = createClient({ url: redisUrl! });
    await redis.connect();
    try {
      expect((await redis.keys(`${REDIS_NAMESPACE}:*`)).length).toBeGreaterThan(
        0,
      );
    } finally {
      await redis.quit();
    }
  });

  it('reads on replica B a goal written on replica A', async () => {
    const dueDate = new Date(Date.now() + 90 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const created = await request(a.backend.server)
      .post('/api/metrics/v1/teams/default/payments/goals')
      .send({
        metric: {
          entityRef: 'component:default/payments-api',
          metricId: 'slo:availability',
        },
        target: 0.999,
        baseline: 0.99,
        dueDate,
      });
    expect(created.status).toBe(201);

    const listed = await request(b.backend.server).get(
      '/api/metrics/v1/teams/default/payments/goals',
    );
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ id: created.body.id, target: 0.999 }),
    ]);
  });
});
