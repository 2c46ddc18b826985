import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { WindowValue, positive, readSchedule, readWindow } from './read';

/** How often an alert task runs: its own schedule, else every `frequencyMinutes`. */
export interface AlertTaskSchedule {
  enabled: boolean;
  frequencyMinutes: number;
  /** The task's `schedule`, when set; replaces `frequencyMinutes`. */
  schedule?: SchedulerServiceTaskScheduleDefinition;
}

/** `metrics.notifications.integrationAlerts` (docs/architecture.md#nudges). */
export interface IntegrationAlertsConfig extends AlertTaskSchedule {
  /** Success rate and unclassified share are judged over this window (`1h`). */
  window: WindowValue;
  /** Calls over the window (and each week) below which nothing is judged. */
  minRequests: number;
  /** `unclassified-share` fires above this share of failures, in percent. */
  unclassifiedSharePercent: number;
  /** `unclassified-growth` fires when the share grew by more points than this week over week. */
  unclassifiedGrowthPoints: number;
}

/** `metrics.notifications.kpiAlerts` (docs/architecture.md#nudges). */
export interface KpiAlertsConfig extends AlertTaskSchedule {
  /** A KPI's value is read over this window (`7d`, the squad tab's default range). */
  window: WindowValue;
}

/** `metrics.notifications`: weekly digest, burn-rate, integration and KPI alerts. */
export interface NotificationsConfig {
  digest: {
    enabled: boolean;
    /** Cron expression (backend time zone) of the digest, e.g. Mondays 08:00. */
    cron: string;
    /** `metrics.notifications.digest.schedule`, when set; replaces `cron`. */
    schedule?: SchedulerServiceTaskScheduleDefinition;
  };
  burnRateAlerts: {
    enabled: boolean;
    frequencyMinutes: number;
    /** `metrics.notifications.burnRateAlerts.schedule`, when set; replaces `frequencyMinutes`. */
    schedule?: SchedulerServiceTaskScheduleDefinition;
  };
  integrationAlerts: IntegrationAlertsConfig;
  kpiAlerts: KpiAlertsConfig;
}

function readAlertTask(
  config: Config | undefined,
  where: string,
  frequencyMinutes: number,
): AlertTaskSchedule {
  // Unlike burnRateAlerts.frequencyMinutes this one is not deprecated: it is the short form.
  const schedule = readSchedule(config, where, []);
  if (schedule && config?.has('frequencyMinutes')) {
    throw new InputError(
      `${where}.schedule replaces ${where}.frequencyMinutes; set only one`,
    );
  }
  return {
    enabled: config?.getOptionalBoolean('enabled') ?? true,
    frequencyMinutes: positive(
      config,
      'frequencyMinutes',
      frequencyMinutes,
      where,
    ),
    ...(schedule && { schedule }),
  };
}

function readIntegrationAlerts(
  config: Config | undefined,
  where: string,
): IntegrationAlertsConfig {
  return {
    ...readAlertTask(config, where, 15),
    window: readWindow(config, 'window', '1h', where),
    minRequests: positive(config, 'minRequests', 20, where, { integer: true }),
    unclassifiedSharePercent: positive(
      config,
      'unclassifiedSharePercent',
      20,
      where,
      { max: 100 },
    ),
    unclassifiedGrowthPoints: positive(
      config,
      'unclassifiedGrowthPoints',
      5,
      where,
      { max: 100 },
    ),
  };
}

export function readNotificationsConfig(root: Config): NotificationsConfig {
  const where = 'metrics.notifications';
  const config = root.getOptionalConfig(where);
  const digest = config?.getOptionalConfig('digest');
  const alerts = config?.getOptionalConfig('burnRateAlerts');
  const kpi = config?.getOptionalConfig('kpiAlerts');
  const digestSchedule = readSchedule(digest, `${where}.digest`, ['cron']);
  const alertsSchedule = readSchedule(alerts, `${where}.burnRateAlerts`, [
    'frequencyMinutes',
  ]);
  const cron = digest?.getOptionalString('cron') ?? '0 8 * * 1';
  if (cron.trim().split(/\s+/).length !== 5) {
    throw new InputError(
      `${where}.digest.cron must be a cron expression with five fields, got "${cron}"`,
    );
  }
  return {
    digest: {
      enabled: digest?.getOptionalBoolean('enabled') ?? true,
      cron,
      ...(digestSchedule && { schedule: digestSchedule }),
    },
    burnRateAlerts: {
      enabled: alerts?.getOptionalBoolean('enabled') ?? true,
      frequencyMinutes: positive(
        alerts,
        'frequencyMinutes',
        5,
        `${where}.burnRateAlerts`,
      ),
      ...(alertsSchedule && { schedule: alertsSchedule }),
    },
    integrationAlerts: readIntegrationAlerts(
      config?.getOptionalConfig('integrationAlerts'),
      `${where}.integrationAlerts`,
    ),
    kpiAlerts: {
      ...readAlertTask(kpi, `${where}.kpiAlerts`, 60),
      window: readWindow(kpi, 'window', '7d', `${where}.kpiAlerts`),
    },
  };
}
