import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import {
  BurnRateWindow,
  SRE_WORKBOOK_ALERT_RULES,
  SloViewItem,
  metricsTabPath,
  parseDuration,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { shortName } from './links';

/** Notification topic of burn-rate alerts, so people can mute or route them as a whole. */
export const BURN_RATE_TOPIC = 'Metrics: burn-rate alerts';

/** Notification topic of integration alerts (below target, unclassified failures). */
export const INTEGRATION_ALERTS_TOPIC = 'Metrics: integration alerts';

/** Notification topic of KPI alerts (target missed). */
export const KPI_ALERTS_TOPIC = 'Metrics: KPI alerts';

/** An alerting level of an SLO; `none` is not one. */
export type AlertLevel = 'ticket' | 'page';

const LEVEL_RANK: Record<AlertLevel, number> = { ticket: 1, page: 2 };

/** Whether `next` is a higher level than `open` (ticket → page). */
export function escalates(open: AlertLevel, next: AlertLevel): boolean {
  return LEVEL_RANK[next] > LEVEL_RANK[open];
}

/**
 * Scope of every notification about one SLO: the notifications backend updates the earlier
 * notification of the same scope instead of adding one, so a recovery replaces its alert.
 */
export function burnRateScope(entityRef: string, sloId: string): string {
  return `metrics:burn-rate:${entityRef}:${sloId}`;
}

function rate(value: number): string {
  return `${value.toFixed(1)}×`;
}

function budget(value: number | null): string {
  if (value === null) return 'unknown (no data)';
  const text = `${(value * 100).toFixed(1)}%`;
  return value < 0 ? `${text} (overspent)` : text;
}

function sli(value: number | null): string {
  return value === null ? 'no data' : `${(value * 100).toFixed(2)}%`;
}

/** The SRE-workbook rules of `level` whose two windows both burn above the rule's rate. */
function firingRules(slo: SloViewItem, level: AlertLevel) {
  return SRE_WORKBOOK_ALERT_RULES.filter(rule => {
    const long = slo.burnRates[rule.longWindow];
    const short = slo.burnRates[rule.shortWindow];
    return (
      rule.severity === level &&
      long !== undefined &&
      short !== undefined &&
      long > rule.burnRate &&
      short > rule.burnRate
    );
  });
}

/**
 * The windows that make the SLO alert at `level`, e.g. `15.2× over 1h and 16.0× over 5m
 * (alerts above 14.4×)`; all measured windows when no rule of that level fires any more.
 */
export function describeBurn(slo: SloViewItem, level: AlertLevel): string {
  const firing = firingRules(slo, level);
  if (firing.length > 0) {
    return firing
      .map(
        rule =>
          `${rate(slo.burnRates[rule.longWindow]!)} over ${
            rule.longWindow
          } and ${rate(slo.burnRates[rule.shortWindow]!)} over ${
            rule.shortWindow
          } (alerts above ${rate(rule.burnRate)})`,
      )
      .join('; ');
  }
  const measured = (Object.keys(slo.burnRates) as BurnRateWindow[]).map(
    window => `${rate(slo.burnRates[window]!)} over ${window}`,
  );
  return measured.length > 0 ? measured.join(', ') : 'no burn rate measured';
}

/**
 * How long the remaining budget lasts at the long window's burn rate of the firing rule, in
 * words; undefined when nothing is left or nothing burns.
 */
export function budgetLeftFor(
  slo: SloViewItem,
  level: AlertLevel,
): string | undefined {
  const [rule] = firingRules(slo, level);
  const burn = rule && slo.burnRates[rule.longWindow];
  if (!burn || burn <= 0 || slo.budgetRemaining === null) return undefined;
  if (slo.budgetRemaining <= 0) return undefined;
  // A burn rate of 1 spends the whole budget in exactly one SLO window.
  const hours = (slo.budgetRemaining * parseDuration(slo.window)) / burn / 3600;
  return hours < 48
    ? `about ${Math.max(1, Math.round(hours))} hours`
    : `about ${Math.round(hours / 24)} days`;
}

/** The notification of an SLO starting to alert, or escalating from ticket to page. */
export function burnRateAlertPayload(
  entityRef: string,
  slo: SloViewItem,
  level: AlertLevel,
): NotificationPayload {
  const lasts = budgetLeftFor(slo, level);
  const description = [
    `SLO ${slo.name} of ${entityRef} (objective ${slo.objective}% over ${
      slo.window
    }) burns its error budget at ${describeBurn(slo, level)}.`,
    `Budget remaining: ${budget(slo.budgetRemaining)}${
      lasts ? `, which lasts ${lasts} at this rate` : ''
    }. SLI: ${sli(slo.sli)}.`,
    level === 'page'
      ? 'Page level: the budget goes fast; look now.'
      : 'Ticket level: a slow, steady burn; look within a working day.',
  ].join('\n');
  return {
    title: `${level === 'page' ? 'Page' : 'Ticket'}: ${slo.name} of ${shortName(
      entityRef,
    )} burns its error budget`,
    description,
    link: metricsTabPath(entityRef),
    severity: level === 'page' ? 'critical' : 'high',
    topic: BURN_RATE_TOPIC,
    scope: burnRateScope(entityRef, slo.id),
  };
}

/** The notification of an SLO no longer alerting; replaces the alert (same scope). */
export function burnRateRecoveredPayload(
  entityRef: string,
  slo: SloViewItem,
  open: { level: AlertLevel; since: string },
): NotificationPayload {
  return {
    title: `Recovered: ${slo.name} of ${shortName(entityRef)}`,
    description: [
      `SLO ${slo.name} of ${entityRef} no longer burns its error budget at an alerting rate (${open.level} level since ${open.since}).`,
      `Budget remaining: ${budget(slo.budgetRemaining)}. SLI: ${sli(slo.sli)}.`,
    ].join('\n'),
    link: metricsTabPath(entityRef),
    severity: 'normal',
    topic: BURN_RATE_TOPIC,
    scope: burnRateScope(entityRef, slo.id),
  };
}
