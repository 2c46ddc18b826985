import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { SloViewItem } from '@metrics-suite/backstage-plugin-metrics-common';
import type { NudgeStore } from '../../database/NudgeStore';
import type {
  SweepRequest,
  SweepResult,
  SweptMetric,
  SweptService,
} from '../../sweeps';
import {
  burnRateAlertPayload,
  burnRateRecoveredPayload,
  escalates,
} from './burnRateMessages';
import { listTeams } from '../../team/teams';

/** What the nudges read Prometheus through: an org-wide sweep (`OrgSweep`). */
export interface NudgeSweeps {
  slos(request: SweepRequest): Promise<SweepResult<SweptService>>;
  metrics(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptMetric>>;
}

export interface BurnRateAlertsOptions {
  store: Pick<
    NudgeStore,
    'getAlertState' | 'setAlertState' | 'clearAlertState'
  >;
  catalog: CatalogService;
  auth: AuthService;
  /** Reads every team's SLOs with a fixed number of Prometheus queries per instance. */
  sweep: Pick<NudgeSweeps, 'slos'>;
  notifications: NotificationService;
  logger: LoggerService;
  /** `metrics.maturity.teamTypes`: the groups whose services are checked. */
  teamTypes: string[];
  now?: () => Date;
  /**
   * Credentials a team's services are read with: an alert goes to the team, so they may read its
   * own sensitive SLOs and no other team's (`SensitiveReadRule.actingFor`). By default the
   * plugin's own credentials, which read no sensitive metric unless configured to.
   */
  credentialsFor?: (teamRef: string) => Promise<BackstageCredentials>;
  /**
   * Instances whose generated rules' alerts are deployed (`rules.alertsDeployed`): Alertmanager
   * pages for their SLOs, so these notifications leave them alone (their open alerts stay as
   * they were).
   */
  alertingInstances?: ReadonlySet<string>;
}

/** What one run did, for the log and tests. */
export interface BurnRateAlertsSummary {
  teams: number;
  slos: number;
  alerts: number;
  recoveries: number;
  failures: number;
  /** Prometheus queries of the run: the same for 10 teams as for 1,000. */
  prometheusQueries: number;
}

function message(error: unknown): string {
  return isError(error) ? error.message : String(error);
}

/**
 * Notifies a service's owner when one of its SLOs starts alerting (SRE-workbook multi-window
 * burn rates, as the views compute them) or escalates from ticket to page, and when it recovers.
 * The open level is kept in the store, so each level is sent once per episode whatever the
 * number of runs, restarts or replicas.
 */
export class BurnRateAlerts {
  readonly #options: BurnRateAlertsOptions;
  readonly #now: () => Date;

  constructor(options: BurnRateAlertsOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
  }

  async run(): Promise<BurnRateAlertsSummary> {
    const { auth, catalog, teamTypes, logger, sweep } = this.#options;
    const credentials = await auth.getOwnServiceCredentials();
    const teams = await listTeams(catalog, teamTypes, credentials);
    const read = await sweep.slos({
      teamRefs: teams.map(t => t.entityRef),
      end: Math.floor(this.#now().getTime() / 1000),
      credentialsFor: async teamRef =>
        (await this.#options.credentialsFor?.(teamRef)) ?? credentials,
      ...(this.#options.alertingInstances?.size
        ? { skipInstances: this.#options.alertingInstances }
        : {}),
    });
    const summary: BurnRateAlertsSummary = {
      teams: teams.length,
      slos: 0,
      alerts: 0,
      recoveries: 0,
      failures: 0,
      prometheusQueries: read.prometheusQueries,
    };
    if (read.errors.length > 0) {
      // SLOs of the failing queries are absent: their open alerts stay open.
      logger.warn(`Burn-rate check is partial: ${read.errors.join('; ')}`);
    }
    // Nested teams roll up the same services: each SLO is handled once per run.
    const seen = new Set<string>();
    for (const team of read.teams) {
      if (team.error !== undefined) {
        summary.failures += 1;
        logger.warn(`Burn-rate check of ${team.teamRef} failed: ${team.error}`);
        continue;
      }
      await this.#checkTeam(team.teamRef, team.items ?? [], seen, summary);
    }
    return summary;
  }

  async #checkTeam(
    teamRef: string,
    services: SweptService[],
    seen: Set<string>,
    summary: BurnRateAlertsSummary,
  ): Promise<void> {
    for (const entity of services) {
      for (const slo of entity.slos) {
        const key = `${entity.entityRef}\u0000${slo.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        summary.slos += 1;
        const recipient = slo.owner ?? entity.owner ?? teamRef;
        try {
          await this.#checkSlo(entity.entityRef, slo, recipient, summary);
        } catch (error) {
          summary.failures += 1;
          this.#options.logger.warn(
            `Burn-rate alert of ${entity.entityRef} ${slo.id} failed: ${message(
              error,
            )}`,
          );
        }
      }
    }
  }

  async #checkSlo(
    entityRef: string,
    slo: SloViewItem,
    recipient: string,
    summary: BurnRateAlertsSummary,
  ): Promise<void> {
    const { store, notifications } = this.#options;
    const open = await store.getAlertState(entityRef, slo.id);
    if (slo.alert === 'none') {
      if (!open) return;
      await store.clearAlertState(entityRef, slo.id);
      // Without data nobody knows it recovered: close silently, a new burn alerts afresh.
      if (slo.state === 'no-data') return;
      await notifications.send({
        recipients: { type: 'entity', entityRef: recipient },
        payload: burnRateRecoveredPayload(entityRef, slo, open),
      });
      summary.recoveries += 1;
      return;
    }
    // A page falling back to a ticket keeps the page open: it was already sent.
    if (open && !escalates(open.level, slo.alert)) return;
    // Sent before the state is stored: a failed send is retried on the next run.
    await notifications.send({
      recipients: { type: 'entity', entityRef: recipient },
      payload: burnRateAlertPayload(entityRef, slo, slo.alert),
    });
    await store.setAlertState({
      entityRef,
      sloId: slo.id,
      level: slo.alert,
      since: open?.since ?? this.#now().toISOString(),
    });
    summary.alerts += 1;
  }
}
