export { BurnRateAlerts } from './burnRateAlerts';
export type {
  BurnRateAlertsOptions,
  BurnRateAlertsSummary,
  NudgeSweeps,
} from './burnRateAlerts';
export { MetricAlerts } from './metricAlerts';
export type {
  MetricAlertSweeps,
  MetricAlertsOptions,
  MetricAlertsSummary,
} from './metricAlerts';
export { WeeklyDigest } from './weeklyDigest';
export type {
  MaturityReader,
  WeeklyDigestOptions,
  WeeklyDigestSummary,
} from './weeklyDigest';
export { scheduleNudges } from './scheduleNudges';
export type { ScheduleNudgesOptions } from './scheduleNudges';
