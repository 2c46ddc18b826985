/*
 * Integration and KPI alerts on the demo world's real Prometheus and its product events: the
 * example catalog's auth-service declares `linkedin` with a 99% target the demo keeps it
 * below (about 97%), and `weekly-linkedin-logins` with a target of 1,500 it misses (about
 * 1,000). scripts/test.sh brings the demo world up and sets DEMO_PROMETHEUS_URL and DEMO_TRUTH_FILE.
 */
import {
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { seedAnalyticsEvents } from '@internal/demo-world';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import { loadExampleEntities } from '../__testUtils__/exampleCatalog';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseMetricAlertStore } from '../database/DatabaseMetricAlertStore';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import { SqlEventsSource } from '../sources/sql';
import { OrgSweep } from '../sweeps';
import { MetricAlerts } from '../tasks/nudges';

const prometheusUrl = process.env.DEMO_PROMETHEUS_URL;
const truthFile = process.env.DEMO_TRUTH_FILE;
const describeWithWorld = prometheusUrl && truthFile ? describe : describe.skip;
if (!prometheusUrl || !truthFile) {
  // eslint-disable-next-line no-console
  console.warn(
    'metricAlerts.test: DEMO_PROMETHEUS_URL and DEMO_TRUTH_FILE are not set; run scripts/test.sh to include this test',
  );
}

const AUTH = 'component:default/auth-service';

describeWithWorld('integration and KPI alerts on the demo world', () => {
  jest.setTimeout(120_000);
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let events: Knex;
  let t0: number;

  beforeAll(async () => {
    t0 = JSON.parse(fs.readFileSync(truthFile!, 'utf8')).t0;
    events = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: ':memory:' },
      useNullAsDefault: true,
    });
    await seedAnalyticsEvents(events, { end: t0 });
  });

  afterAll(async () => {
    await events?.destroy();
  });

  async function setUp() {
    const root = new ConfigReader({
      metrics: {
        prometheus: { instances: [{ name: 'main', baseUrl: prometheusUrl! }] },
        sqlEvents: { table: 'analytics_events' },
      },
    });
    const config = readMetricsConfig(root);
    const [instance] = config.prometheus;
    const prometheus = new Map<string, PrometheusInstance>([
      [
        'main',
        {
          client: PrometheusClient.fromConfig(instance),
          convention: instance.convention,
        },
      ],
    ]);
    const catalog = catalogServiceMock({ entities: loadExampleEntities() });
    const sweep = new OrgSweep({
      catalog,
      logger: mockServices.logger.mock(),
      config,
      permissions: mockServices.permissions(),
      prometheus,
      sql: new SqlEventsSource({ knex: events, config: config.sqlEvents! }),
    });
    const knex = await databases.init('SQLITE_3');
    const sent: NotificationSendOptions[] = [];
    const alerts = new MetricAlerts({
      store: await DatabaseMetricAlertStore.create({
        database: { getClient: async () => knex },
      }),
      catalog,
      auth: mockServices.auth(),
      sweep,
      notifications: {
        send: async options => {
          sent.push(options);
        },
      },
      logger: mockServices.logger.mock(),
      teamTypes: config.maturity.teamTypes,
      integrationAlerts: config.notifications.integrationAlerts,
      kpiAlerts: config.notifications.kpiAlerts,
      // At the truth's instant every window is exact.
      now: () => new Date(t0 * 1000),
      credentialsFor: async () => mockCredentials.service('plugin:metrics'),
    });
    return { alerts, sent };
  }

  const scopes = (sent: NotificationSendOptions[]) =>
    sent.map(s => s.payload.scope);

  it("raises the below-target integration alert of auth-service's linkedin exactly once across two runs", async () => {
    const { alerts, sent } = await setUp();
    const first = await alerts.integrations();
    const second = await alerts.integrations();

    const belowTarget = sent.filter(s =>
      s.payload.scope?.endsWith(':below-target'),
    );
    expect(scopes(belowTarget)).toEqual([
      `metrics:metric-alert:${AUTH}:integration:linkedin:below-target`,
    ]);
    expect(belowTarget[0]).toMatchObject({
      recipients: { type: 'entity', entityRef: 'group:default/identity-squad' },
      payload: {
        severity: 'high',
        topic: 'Metrics: integration alerts',
        link: '/catalog/default/component/auth-service/metrics',
      },
    });
    expect(belowTarget[0].payload.description).toMatch(
      /success rate 9[67]\.\d\d% over 1h .* below its target of 99%/,
    );
    // The second run sends nothing: every open alert stays open.
    expect(second).toMatchObject({ alerts: 0, recoveries: 0, failures: 0 });
    expect(first.failures).toBe(0);
    expect(new Set(scopes(sent)).size).toBe(sent.length);
    // Every team's conventional integrations: one query per convention with an integration
    // counter that the example services use (metrics-suite, opentelemetry).
    expect(first.prometheusQueries).toBe(2);
  });

  it('raises the KPI alert of weekly-linkedin-logins once across two runs', async () => {
    const { alerts, sent } = await setUp();
    const first = await alerts.kpis();
    const second = await alerts.kpis();
    expect(scopes(sent)).toEqual([
      `metrics:metric-alert:${AUTH}:kpi:weekly-linkedin-logins:target-missed`,
    ]);
    expect(sent[0].payload.description).toMatch(
      /over 7d, [\d,]+ below its target \(above 1,500\)/,
    );
    expect(first).toMatchObject({ alerts: 1, failures: 0 });
    expect(second).toMatchObject({ alerts: 0, recoveries: 0 });
  });
});
