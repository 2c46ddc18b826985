import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import { metricsTabPath } from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  MetricAlertCondition,
  MetricAlertKey,
  MetricAlertRow,
} from '../../database/MetricAlertStore';
import { INTEGRATION_ALERTS_TOPIC, KPI_ALERTS_TOPIC } from './burnRateMessages';
import { shortName } from './links';

/** The metric an alert is about, as its notification names it. */
export interface AlertedMetric extends MetricAlertKey {
  kind: 'integration' | 'kpi';
  name: string;
}

/**
 * Scope of every notification about one condition of one metric: the notifications backend
 * updates the earlier notification of the same scope, so a recovery replaces its alert.
 */
export function metricAlertScope(key: MetricAlertKey): string {
  return `metrics:metric-alert:${key.entityRef}:${key.metricId}:${key.condition}`;
}

const WHAT: Record<MetricAlertCondition, string> = {
  'below-target': 'is below its success-rate target',
  'unclassified-share': 'has many failures without an error class',
  'unclassified-growth':
    'has a growing share of failures without an error class',
  'target-missed': 'misses its target',
};

const RECOVERED: Record<MetricAlertCondition, string> = {
  'below-target': 'is back on its success-rate target',
  'unclassified-share': 'has few unclassified failures again',
  'unclassified-growth':
    'no longer has a growing share of unclassified failures',
  'target-missed': 'meets its target again',
};

const WHY: Record<MetricAlertCondition, string> = {
  'below-target':
    'Calls to this partner fail more often than the team agreed to.',
  'unclassified-share':
    'Failures without an error class cannot be told apart: classify them (error_class) to know what to fix.',
  'unclassified-growth':
    'More and more failures arrive without an error class: a new failure mode, or classification broke.',
  'target-missed': 'The KPI is off the target its team set.',
};

function label(metric: AlertedMetric): string {
  return `${metric.kind === 'kpi' ? 'KPI' : 'Integration'} ${
    metric.name
  } of ${shortName(metric.entityRef)}`;
}

function common(metric: AlertedMetric) {
  return {
    link: metricsTabPath(metric.entityRef),
    topic: metric.kind === 'kpi' ? KPI_ALERTS_TOPIC : INTEGRATION_ALERTS_TOPIC,
    scope: metricAlertScope(metric),
  };
}

/** The notification of a condition starting to hold; `detail` says by how much. */
export function metricAlertPayload(
  metric: AlertedMetric,
  detail: string,
): NotificationPayload {
  const unclassified = metric.condition.startsWith('unclassified');
  return {
    title: `${label(metric)} ${WHAT[metric.condition]}`,
    description: [
      `${label(metric)} (${metric.entityRef}): ${detail}.`,
      WHY[metric.condition],
    ].join('\n'),
    // Missing a target is the team's agreed line; unclassified failures are hygiene.
    severity: unclassified ? 'normal' : 'high',
    ...common(metric),
  };
}

/** The notification of a condition no longer holding; replaces the alert (same scope). */
export function metricRecoveredPayload(
  metric: AlertedMetric,
  open: MetricAlertRow,
  detail: string,
): NotificationPayload {
  return {
    title: `Recovered: ${label(metric)} ${RECOVERED[metric.condition]}`,
    description: [
      `${label(metric)} (${metric.entityRef}): ${detail}.`,
      `Alerting since ${open.since}: ${open.detail}.`,
    ].join('\n'),
    severity: 'normal',
    ...common(metric),
  };
}
