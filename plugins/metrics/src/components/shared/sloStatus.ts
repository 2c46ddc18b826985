import type {
  AlertSeverity,
  GroupEntitySummary,
  SloState,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** How bad a state is, lower is worse; used for "worst first" everywhere. */
export const STATE_RANK: Record<GroupEntitySummary['worstState'], number> = {
  breaching: 0,
  'at-risk': 1,
  'no-data': 2,
  'low-traffic': 3,
  healthy: 4,
  none: 5,
};

const ALERT_RANK: Record<AlertSeverity, number> = {
  page: 0,
  ticket: 1,
  none: 2,
};

/** `at-risk` → `at risk`. */
export function stateLabel(state: SloState | 'none'): string {
  if (state === 'none') return 'no SLOs';
  return state.replace('-', ' ');
}

/** What each state means, for tooltips. */
export const STATE_HELP: Record<SloState | 'none', string> = {
  healthy: 'Within objective with more than a quarter of the error budget left',
  'at-risk':
    'An alert is firing or less than a quarter of the error budget is left',
  breaching: 'The error budget is overspent: the objective is missed',
  'no-data': 'No valid events in the SLO window',
  'low-traffic': 'Too few events in the SLO window to judge the objective',
  none: 'No SLOs are defined',
};

export const ALERT_HELP: Record<AlertSeverity, string> = {
  page: 'Page: the error budget burns fast (≥ 14.4× over 1h and 5m, or 6× over 6h and 30m)',
  ticket:
    'Ticket: the error budget burns steadily (≥ 3× over 1d and 2h, or 1× over 3d and 6h)',
  none: 'No burn-rate alert is firing',
};

/** Compares two SLO statuses, worst first: state, then alert. */
export function compareStatus(
  a: { state: SloState | 'none'; alert?: AlertSeverity },
  b: { state: SloState | 'none'; alert?: AlertSeverity },
): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    ALERT_RANK[a.alert ?? 'none'] - ALERT_RANK[b.alert ?? 'none']
  );
}

/** The worst alert among several SLOs. */
export function worstAlert(alerts: AlertSeverity[]): AlertSeverity {
  return alerts.reduce<AlertSeverity>(
    (worst, alert) => (ALERT_RANK[alert] < ALERT_RANK[worst] ? alert : worst),
    'none',
  );
}
