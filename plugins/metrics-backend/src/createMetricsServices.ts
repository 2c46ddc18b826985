import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import type {
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import { MetricsConfig, readMetricsConfig } from './config/metricsConfig';
import { MetricsStores, createMetricsStores } from './database';
import type { SourceHandles } from './readers';
import { createSources } from './sources/createSources';
import { ReadinessProbe } from './sources/ReadinessProbe';
import { SnapshotCollector } from './tasks/collector';
import { BurnRateAlerts, MetricAlerts, WeeklyDigest } from './tasks/nudges';
import { GoalService } from './team/GoalService';
import { TeamMetrics } from './team/TeamMetrics';
import { MaturityService } from './team/MaturityService';
import { MetricValues } from './team/MetricValues';
import { NorthStarService } from './team/NorthStarService';
import { ReviewService } from './team/ReviewService';
import { SensitiveReadRule } from './team/sensitiveRead';
import { MetricsTelemetry, createMetricsTelemetry } from './telemetry';
import { ConfigurationCheckService } from './checks/ConfigurationCheckService';
import { EntityViewService } from './views/EntityViewService';
import { GroupViewService } from './views/GroupViewService';
import { RulesService, SloRules } from './rules/RulesService';
import { OrgSweep } from './sweeps';

/**
 * What the metrics backend is built from: Backstage services, and the sources modules add.
 *
 * @public
 */
export interface MetricsServicesOptions {
  /** The root config; the `metrics` block is read once, here. */
  config: Config;
  logger: LoggerService;
  database: DatabaseService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auth: AuthService;
  /** For the weekly digest and burn-rate alerts; without it there are no nudges. */
  notifications?: NotificationService;
  /** Sources added by backend modules (`metricsSourcesExtensionPoint`). */
  moduleSources?: ReadonlyArray<MetricsSource>;
  /** For outbound requests to Prometheus; the global `fetch` by default. */
  fetch?: typeof fetch;
  /** The stores; by default created on `database` (running its migrations). */
  stores?: MetricsStores;
  /** The clock of the maturity assessment and the collector; benchmarks and tests set it. */
  now?: () => Date;
  /**
   * Backstage's plugin-scoped metrics service, for the plugin's own metrics; without it they
   * go to the global OpenTelemetry meter (recording nothing unless an SDK is installed).
   */
  metrics?: MetricsService;
}

/**
 * The metrics backend's services, built once.
 *
 * @public
 */
export interface MetricsServices {
  config: MetricsConfig;
  /**
   * The permissions service with `metrics.permissions.sensitiveReadServices` applied: what every
   * check of `metrics.sensitive.read` goes through.
   */
  permissions: PermissionsService;
  /** Every configured source and those modules added, as `/v1/sources` lists them. */
  sources: ReadonlyArray<MetricsSource>;
  stores: MetricsStores;
  entityViews: EntityViewService;
  groupViews: GroupViewService;
  /** Prometheus rules and OpenSLO documents of an entity's or a squad's SLOs. */
  rules: SloRules;
  /** The configuration check of an entity, run only when asked for. */
  configurationChecks: ConfigurationCheckService;
  maturity: MaturityService;
  values: MetricValues;
  goals: GoalService;
  reviews: ReviewService;
  northStars: NorthStarService;
  collector: SnapshotCollector;
  /** The plugin's own metrics, for the router and the view cache. */
  telemetry: MetricsTelemetry;
  /** Which sources answer, for `GET /health/ready`. */
  readiness: ReadinessProbe;
  nudges?: {
    burnRateAlerts: BurnRateAlerts;
    weeklyDigest: WeeklyDigest;
    metricAlerts: MetricAlerts;
  };
}

/**
 * Builds the plugin's services from its dependencies: what `plugin.ts` wires to the router,
 * the scheduler and the actions registry, and what the benchmark measures.
 *
 * @public
 */
export async function createMetricsServices(
  options: MetricsServicesOptions,
): Promise<MetricsServices> {
  const { logger, database, catalog, auth } = options;
  const config = readMetricsConfig(options.config);
  const sensitiveRead = new SensitiveReadRule(config.permissions);
  // Everything below asks this one, so no service reads sensitive metrics unless configured.
  const permissions = sensitiveRead.guard(options.permissions);
  // A nudge goes to one team: it may carry that team's sensitive metrics and no other's.
  const credentialsFor = async (teamRef: string) =>
    sensitiveRead.actingFor(await auth.getOwnServiceCredentials(), teamRef);
  const telemetry = createMetricsTelemetry(options.metrics);
  const created = await createSources({
    telemetry,
    config,
    logger,
    database,
    extra: options.moduleSources ?? [],
    fetch: options.fetch,
  });
  const stores = options.stores ?? (await createMetricsStores({ database }));
  const handles: SourceHandles = {
    prometheus: created.prometheus,
    amplitude: created.amplitude,
    sql: created.sql,
    moduleSources: options.moduleSources,
  };
  const viewOptions = {
    ...handles,
    catalog,
    logger,
    permissions,
    config,
    // Source outages fall back to the last stored snapshots.
    store: stores.snapshots,
  };
  const entityViews = new EntityViewService({
    ...viewOptions,
    serviceCredentials: () => auth.getOwnServiceCredentials(),
  });
  const groupViews = new GroupViewService({
    ...viewOptions,
    northStars: stores.northStars,
    goals: stores.teamRecords,
  });
  const maturity = new MaturityService({
    stores,
    catalog,
    auth,
    config: config.maturity,
    ...(options.now ? { now: options.now } : {}),
  });
  const values = new MetricValues({
    ...handles,
    catalog,
    auth,
    store: stores.snapshots,
    config,
  });
  const teamMetrics = new TeamMetrics({
    catalog,
    permissions,
    config,
    prometheus: created.prometheus,
  });
  const { notifications } = options;
  // The nudges read every team's services in a fixed number of queries per instance.
  const sweep = new OrgSweep(viewOptions);
  const teamTypes = config.maturity.teamTypes;
  return {
    config,
    permissions,
    sources: created.summaries,
    stores,
    entityViews,
    groupViews,
    rules: new RulesService(viewOptions),
    configurationChecks: new ConfigurationCheckService(viewOptions),
    maturity,
    values,
    goals: new GoalService({
      store: stores.teamRecords,
      teamMetrics,
      values,
      logger,
    }),
    reviews: new ReviewService({
      store: stores.teamRecords,
      teamMetrics,
      entityViews,
      ...(options.now ? { now: options.now } : {}),
    }),
    northStars: new NorthStarService({
      store: stores.northStars,
      goals: stores.teamRecords,
      snapshots: stores.snapshots,
      teamMetrics,
      values,
      ...(options.now ? { now: options.now } : {}),
    }),
    readiness: new ReadinessProbe({
      prometheus: created.prometheus,
      sources: created.summaries,
      database,
      logger,
    }),
    collector: new SnapshotCollector({
      ...handles,
      catalog,
      auth,
      logger,
      store: stores.snapshots,
      config,
      ...(options.now ? { now: options.now } : {}),
      // Stages are assessed daily, after the history they read.
      afterRun: () => maturity.assessAll(),
      telemetry,
    }),
    telemetry,
    ...(notifications
      ? {
          nudges: {
            burnRateAlerts: new BurnRateAlerts({
              store: stores.nudges,
              catalog,
              auth,
              sweep,
              notifications,
              logger,
              teamTypes,
              credentialsFor,
              alertingInstances: new Set(
                config.prometheus
                  .filter(i => i.rules.alertsDeployed)
                  .map(i => i.name),
              ),
            }),
            metricAlerts: new MetricAlerts({
              store: stores.metricAlerts,
              catalog,
              auth,
              sweep,
              notifications,
              logger,
              teamTypes,
              credentialsFor,
              integrationAlerts: config.notifications.integrationAlerts,
              kpiAlerts: config.notifications.kpiAlerts,
            }),
            weeklyDigest: new WeeklyDigest({
              stores,
              catalog,
              auth,
              sweep,
              maturity,
              notifications,
              logger,
              teamTypes,
              credentialsFor,
            }),
          },
        }
      : {}),
  };
}
