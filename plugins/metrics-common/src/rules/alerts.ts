import {
  AlertSeverity,
  BurnRateAlertRule,
  SRE_WORKBOOK_ALERT_RULES,
  errorBudget,
} from '../math/slo';
import type { SloDefinition } from '../definitions/resolve';
import { burnAlertExpr } from './expressions';
import { SLO_ALERT_NAME, SLO_RULE_LABELS } from './names';
import { templateLiteral } from './templateText';
import type { PrometheusRule, SloRuleOptions } from './types';

type Severity = Exclude<AlertSeverity, 'none'>;

/**
 * The alerts an SLO's `alert` asks for (docs/slo-rules.md#which-slos-alert): a paging SLO also
 * gets the ticket, so a slow burn is still followed up when no page fires.
 */
function alertSeverities(alert: AlertSeverity): Severity[] {
  if (alert === 'page') return ['page', 'ticket'];
  if (alert === 'ticket') return ['ticket'];
  return [];
}

/** `14.4x over both 1h and 5m, or 6x over both 6h and 30m`. */
function conditionsText(rules: ReadonlyArray<BurnRateAlertRule>): string {
  return rules
    .map(
      rule =>
        `${rule.burnRate}x over both ${rule.longWindow} and ${rule.shortWindow}`,
    )
    .join(', or ');
}

/**
 * The burn-rate alerts of an SLO, one per severity, all named {@link SLO_ALERT_NAME}.
 * `labels` are the SLO's rule labels (identity and owner).
 */
export function sloAlertRules(
  slo: SloDefinition,
  labels: Record<string, string>,
  options: SloRuleOptions,
): PrometheusRule[] {
  const budget = errorBudget(slo.objective);
  return alertSeverities(slo.alert).map(severity => {
    const rules = SRE_WORKBOOK_ALERT_RULES.filter(r => r.severity === severity);
    const annotations: Record<string, string> = {
      summary: `${slo.name} SLO of ${slo.entityRef} is burning its error budget too fast`,
      description: `Error budget burn rate above ${conditionsText(
        rules,
      )} (objective ${slo.objective}% over ${slo.window}).`,
    };
    if (options.dashboardUrl) annotations.dashboard_url = options.dashboardUrl;
    return {
      alert: SLO_ALERT_NAME,
      expr: burnAlertExpr(slo, rules, budget),
      labels: templateValues({
        ...labels,
        [SLO_RULE_LABELS.severity]: severity,
      }),
      annotations: templateValues(annotations),
    };
  });
}

function templateValues(
  values: Record<string, string>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).map(([k, v]) => [k, templateLiteral(v)]),
  );
}
