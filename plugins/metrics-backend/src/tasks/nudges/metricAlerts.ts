import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { MetricDefinition } from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  IntegrationAlertsConfig,
  KpiAlertsConfig,
} from '../../config/notifications';
import type { MetricAlertStore } from '../../database/MetricAlertStore';
import { classifiesFailures } from '../../readers';
import type {
  IntegrationHealth,
  KpiHealth,
  SweepRequest,
  SweepResult,
  SweptHealth,
} from '../../sweeps';
import { errorMessage } from '../../views/resolveForView';
import { listTeams } from '../../team/teams';
import { Judgement, judgeIntegration, judgeKpi } from './metricAlertConditions';
import {
  AlertedMetric,
  metricAlertPayload,
  metricRecoveredPayload,
} from './metricAlertMessages';

/** What the metric alerts read Prometheus and the other sources through (`OrgSweep`). */
export interface MetricAlertSweeps {
  integrationHealth(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptHealth<IntegrationHealth>>>;
  kpiHealth(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptHealth<KpiHealth>>>;
}

export interface MetricAlertsOptions {
  store: MetricAlertStore;
  catalog: CatalogService;
  auth: AuthService;
  sweep: MetricAlertSweeps;
  notifications: NotificationService;
  logger: LoggerService;
  /** `metrics.maturity.teamTypes`: the groups whose services are checked. */
  teamTypes: string[];
  integrationAlerts: IntegrationAlertsConfig;
  kpiAlerts: KpiAlertsConfig;
  now?: () => Date;
  /**
   * Credentials a team's services are read with, as for burn-rate alerts: the team's own
   * sensitive metrics and no other team's (`SensitiveReadRule.actingFor`).
   */
  credentialsFor?: (teamRef: string) => Promise<BackstageCredentials>;
}

/** What one run did, for the log and tests. */
export interface MetricAlertsSummary {
  teams: number;
  /** Metrics (integrations, or KPIs with a target) judged. */
  metrics: number;
  alerts: number;
  recoveries: number;
  /** Conditions that could not be judged (low traffic, no value): their state is kept. */
  unjudged: number;
  failures: number;
  /** Prometheus queries of the run: the conventional counter's do not grow with teams. */
  prometheusQueries: number;
}

interface Judged {
  metric: Omit<AlertedMetric, 'condition'>;
  recipient: string;
  judgements: Judgement[];
}

/**
 * Notifies a metric's owner when an integration or KPI condition starts to hold, once per
 * episode, and when it stops (docs/architecture.md#nudges). Conditions that cannot be
 * judged (source down, no data, too little traffic) neither open nor close an alert.
 */
export class MetricAlerts {
  readonly #options: MetricAlertsOptions;
  readonly #now: () => Date;

  constructor(options: MetricAlertsOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  /** Integrations: below target, unclassified share, unclassified growth. */
  async integrations(): Promise<MetricAlertsSummary> {
    const config = this.#options.integrationAlerts;
    return this.#run(
      'Integration alerts',
      request =>
        this.#options.sweep.integrationHealth({
          ...request,
          window: config.window.window,
        }),
      (health: IntegrationHealth) =>
        judgeIntegration(
          {
            ...(health.definition.target !== undefined
              ? { target: health.definition.target }
              : {}),
            classifiesFailures: classifiesFailures(health.definition),
            window: config.window.window,
            current: health.current,
            ...(health.weeks ? { weeks: health.weeks } : {}),
          },
          config,
        ),
    );
  }

  /** KPIs with a target: target missed. */
  async kpis(): Promise<MetricAlertsSummary> {
    const { window } = this.#options.kpiAlerts.window;
    return this.#run(
      'KPI alerts',
      request => this.#options.sweep.kpiHealth({ ...request, window }),
      (health: KpiHealth) =>
        health.definition.target
          ? [
              judgeKpi(
                health.value,
                health.definition.target,
                window,
                health.definition.unit,
              ),
            ]
          : [],
    );
  }

  async #run<T extends { entityRef: string; definition: MetricDefinition }>(
    what: string,
    read: (request: SweepRequest) => Promise<SweepResult<SweptHealth<T>>>,
    judge: (item: T) => Judgement[],
  ): Promise<MetricAlertsSummary> {
    const { auth, catalog, teamTypes, logger } = this.#options;
    const credentials = await auth.getOwnServiceCredentials();
    const teams = await listTeams(catalog, teamTypes, credentials);
    const result = await read({
      teamRefs: teams.map(t => t.entityRef),
      end: Math.floor(this.#now().getTime() / 1000),
      credentialsFor: async teamRef =>
        (await this.#options.credentialsFor?.(teamRef)) ?? credentials,
    });
    const summary: MetricAlertsSummary = {
      teams: teams.length,
      metrics: 0,
      alerts: 0,
      recoveries: 0,
      unjudged: 0,
      failures: 0,
      prometheusQueries: result.prometheusQueries,
    };
    if (result.errors.length > 0) {
      // The metrics of the failing reads are absent: their open alerts stay open.
      logger.warn(`${what} are partial: ${result.errors.join('; ')}`);
    }
    // Nested teams roll up the same services: each metric is judged once per run.
    const seen = new Set<string>();
    for (const team of result.teams) {
      if (team.error !== undefined) {
        summary.failures += 1;
        logger.warn(`${what} of ${team.teamRef} failed: ${team.error}`);
        continue;
      }
      for (const entity of team.items ?? []) {
        for (const item of entity.items) {
          const { id, name, kind, owner } = item.definition;
          const key = `${item.entityRef}\u0000${id}`;
          if (seen.has(key)) continue;
          seen.add(key);
          summary.metrics += 1;
          await this.#settle(
            {
              metric: {
                entityRef: item.entityRef,
                metricId: id,
                name,
                kind: kind === 'kpi' ? 'kpi' : 'integration',
              },
              recipient: owner ?? entity.owner ?? team.teamRef,
              judgements: judge(item),
            },
            what,
            summary,
          );
        }
      }
    }
    return summary;
  }

  async #settle(
    judged: Judged,
    what: string,
    summary: MetricAlertsSummary,
  ): Promise<void> {
    for (const judgement of judged.judgements) {
      const metric = { ...judged.metric, condition: judgement.condition };
      if (judgement.verdict === 'holding') {
        this.#options.logger.debug(
          `${what}: ${metric.entityRef} ${metric.name} ${metric.condition} within its recovery margin, state kept: ${judgement.detail}`,
        );
        continue;
      }
      if (judgement.verdict === 'unjudged') {
        summary.unjudged += 1;
        this.#options.logger.debug(
          `${what}: ${metric.entityRef} ${metric.name} ${metric.condition} not judged, state kept: ${judgement.detail}`,
        );
        continue;
      }
      try {
        if (judgement.verdict === 'firing') {
          if (await this.#open(metric, judged.recipient, judgement.detail)) {
            summary.alerts += 1;
          }
        } else if (
          await this.#close(metric, judged.recipient, judgement.detail)
        ) {
          summary.recoveries += 1;
        }
      } catch (error) {
        summary.failures += 1;
        this.#options.logger.warn(
          `${what}: ${metric.entityRef} ${metric.name} ${
            metric.condition
          } failed, retried next run: ${errorMessage(error)}`,
        );
      }
    }
  }

  /**
   * Claims the alert in the store, then sends it: of two runs (replicas, a rerun after a
   * restart) only the one whose claim succeeds sends. A failed send gives the claim back, so
   * the next run sends again; only a crash between claim and send loses the alert.
   */
  async #open(
    metric: AlertedMetric,
    recipient: string,
    detail: string,
  ): Promise<boolean> {
    const { store, notifications } = this.#options;
    if (await store.getMetricAlert(metric)) return false;
    const row = { ...metric, since: this.#now().toISOString(), detail };
    if (!(await store.openMetricAlert(row))) return false;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: metricAlertPayload(metric, detail),
      });
    } catch (error) {
      await store.closeMetricAlert(metric);
      throw error;
    }
    return true;
  }

  /** Closes the alert in the store, then sends the recovery; a failed send reopens it. */
  async #close(
    metric: AlertedMetric,
    recipient: string,
    detail: string,
  ): Promise<boolean> {
    const { store, notifications } = this.#options;
    const open = await store.getMetricAlert(metric);
    if (!open || !(await store.closeMetricAlert(metric))) return false;
    try {
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: metricRecoveredPayload(metric, open, detail),
      });
    } catch (error) {
      await store.openMetricAlert(open);
      throw error;
    }
    return true;
  }
}
