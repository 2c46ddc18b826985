import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { positive, readSchedule } from './read';

/** `metrics.notifications`: weekly digest and burn-rate alerts. */
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
}

export function readNotificationsConfig(root: Config): NotificationsConfig {
  const where = 'metrics.notifications';
  const config = root.getOptionalConfig(where);
  const digest = config?.getOptionalConfig('digest');
  const alerts = config?.getOptionalConfig('burnRateAlerts');
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
  };
}
