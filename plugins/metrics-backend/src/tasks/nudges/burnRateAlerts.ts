import type {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type {
  GroupMetricsResponse,
  SloViewItem,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { NudgeStore } from '../../database/NudgeStore';
import pLimit from 'p-limit';
import { parseViewRequest, ViewRequest } from '../../http/parseViewRequest';
import {
  burnRateAlertPayload,
  burnRateRecoveredPayload,
  escalates,
} from './burnRateMessages';
import { listTeams } from '../../team/teams';

/** The part of GroupViewService the nudges read. */
export interface GroupViews {
  getGroupView(
    request: ViewRequest,
    credentials: BackstageCredentials,
  ): Promise<GroupMetricsResponse>;
}

export interface BurnRateAlertsOptions {
  store: Pick<
    NudgeStore,
    'getAlertState' | 'setAlertState' | 'clearAlertState'
  >;
  catalog: CatalogService;
  auth: AuthService;
  groupViews: GroupViews;
  notifications: NotificationService;
  logger: LoggerService;
  /** `metrics.maturity.teamTypes`: the groups whose services are checked. */
  teamTypes: string[];
  now?: () => Date;
  /** Teams read at once; each costs a few Prometheus queries. */
  concurrency?: number;
  /**
   * Credentials a team's view is read with: an alert goes to the team, so they may read its
   * own sensitive SLOs and no other team's (`SensitiveReadRule.actingFor`). By default the
   * plugin's own credentials, which read no sensitive metric unless configured to.
   */
  credentialsFor?: (teamRef: string) => Promise<BackstageCredentials>;
}

/** What one run did, for the log and tests. */
export interface BurnRateAlertsSummary {
  teams: number;
  slos: number;
  alerts: number;
  recoveries: number;
  failures: number;
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
    const { auth, catalog, teamTypes, logger } = this.#options;
    const credentials = await auth.getOwnServiceCredentials();
    const teams = await listTeams(catalog, teamTypes, credentials);
    const summary: BurnRateAlertsSummary = {
      teams: teams.length,
      slos: 0,
      alerts: 0,
      recoveries: 0,
      failures: 0,
    };
    // Nested teams roll up the same services: each SLO is handled once per run.
    const seen = new Set<string>();
    const limiter = pLimit(this.#options.concurrency ?? 4);
    await Promise.all(
      teams.map(team =>
        limiter(async () => {
          try {
            await this.#checkTeam(team.entityRef, credentials, seen, summary);
          } catch (error) {
            summary.failures += 1;
            logger.warn(
              `Burn-rate check of ${team.entityRef} failed: ${message(error)}`,
            );
          }
        }),
      ),
    );
    return summary;
  }

  async #checkTeam(
    teamRef: string,
    credentials: BackstageCredentials,
    seen: Set<string>,
    summary: BurnRateAlertsSummary,
  ): Promise<void> {
    const { namespace, name } = parseEntityRef(teamRef);
    const request = parseViewRequest(
      { namespace, name },
      { range: '1h' },
      { fixedKind: 'group', now: () => this.#now().getTime() },
    );
    const view = await this.#options.groupViews.getGroupView(
      request,
      (await this.#options.credentialsFor?.(teamRef)) ?? credentials,
    );
    if (view.entities.status === 'error') {
      // SLOs of the failing source are absent from the view: their open alerts stay open.
      this.#options.logger.warn(
        `Burn-rate check of ${teamRef} is partial: ${view.entities.error}`,
      );
    }
    for (const entity of view.entities.items) {
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
