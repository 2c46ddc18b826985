import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type {
  AlertTaskSchedule,
  NotificationsConfig,
} from '../../config/notifications';
import type { BurnRateAlertsSummary } from './burnRateAlerts';
import type { MetricAlertsSummary } from './metricAlerts';
import type { WeeklyDigestSummary } from './weeklyDigest';

export const BURN_RATE_TASK_ID = 'metrics-burn-rate-alerts';
export const DIGEST_TASK_ID = 'metrics-weekly-digest';
export const INTEGRATION_ALERTS_TASK_ID = 'metrics-integration-alerts';
export const KPI_ALERTS_TASK_ID = 'metrics-kpi-alerts';

export interface ScheduleNudgesOptions {
  scheduler: SchedulerService;
  logger: LoggerService;
  config: NotificationsConfig;
  burnRateAlerts: { run(): Promise<BurnRateAlertsSummary> };
  weeklyDigest: { run(): Promise<WeeklyDigestSummary> };
  metricAlerts: {
    integrations(): Promise<MetricAlertsSummary>;
    kpis(): Promise<MetricAlertsSummary>;
  };
}

/** An alert task's schedule: its own, else every few minutes. */
function alertSchedule(config: AlertTaskSchedule) {
  const minutes = config.frequencyMinutes;
  return (
    config.schedule ?? {
      frequency: { minutes },
      // A slow run delays the next one rather than overlapping it.
      timeout: { minutes: Math.max(10, minutes) },
      initialDelay: { seconds: 30 },
    }
  );
}

/**
 * Schedules the enabled nudges as global tasks, so one replica runs each when the backend is
 * scaled out: burn-rate, integration and KPI alerts on their `schedule` (else every
 * `frequencyMinutes`), the digest on `digest.schedule` (else `digest.cron`).
 */
export async function scheduleNudges(
  options: ScheduleNudgesOptions,
): Promise<void> {
  const { scheduler, logger, config } = options;
  if (config.burnRateAlerts.enabled) {
    await scheduler.scheduleTask({
      id: BURN_RATE_TASK_ID,
      ...alertSchedule(config.burnRateAlerts),
      scope: 'global',
      fn: async () => {
        let summary: BurnRateAlertsSummary;
        try {
          summary = await options.burnRateAlerts.run();
        } catch (error) {
          throw new ForwardedError('Metrics burn-rate alerts failed', error);
        }
        const line = `Metrics burn-rate alerts: ${summary.slos} SLOs of ${summary.teams} teams checked, ${summary.alerts} alerts and ${summary.recoveries} recoveries sent, ${summary.failures} failures, ${summary.prometheusQueries} Prometheus queries`;
        if (summary.alerts + summary.recoveries + summary.failures > 0) {
          logger.info(line);
        } else {
          logger.debug(line);
        }
      },
    });
  }
  const metricAlerts = [
    {
      id: INTEGRATION_ALERTS_TASK_ID,
      what: 'integration',
      schedule: config.integrationAlerts,
      run: () => options.metricAlerts.integrations(),
    },
    {
      id: KPI_ALERTS_TASK_ID,
      what: 'KPI',
      schedule: config.kpiAlerts,
      run: () => options.metricAlerts.kpis(),
    },
  ];
  for (const task of metricAlerts) {
    if (!task.schedule.enabled) continue;
    await scheduler.scheduleTask({
      id: task.id,
      ...alertSchedule(task.schedule),
      scope: 'global',
      fn: async () => {
        let summary: MetricAlertsSummary;
        try {
          summary = await task.run();
        } catch (error) {
          throw new ForwardedError(`Metrics ${task.what} alerts failed`, error);
        }
        const line = `Metrics ${task.what} alerts: ${summary.metrics} metrics of ${summary.teams} teams checked, ${summary.alerts} alerts and ${summary.recoveries} recoveries sent, ${summary.unjudged} conditions not judged, ${summary.failures} failures, ${summary.prometheusQueries} Prometheus queries`;
        if (summary.alerts + summary.recoveries + summary.failures > 0) {
          logger.info(line);
        } else {
          logger.debug(line);
        }
      },
    });
  }
  if (config.digest.enabled) {
    await scheduler.scheduleTask({
      id: DIGEST_TASK_ID,
      ...(config.digest.schedule ?? {
        frequency: { cron: config.digest.cron },
        timeout: { minutes: 60 },
      }),
      scope: 'global',
      fn: async () => {
        let summary: WeeklyDigestSummary;
        try {
          summary = await options.weeklyDigest.run();
        } catch (error) {
          throw new ForwardedError('Metrics weekly digest failed', error);
        }
        logger.info(
          `Metrics weekly digest for ${summary.week}: ${summary.sent} of ${summary.teams} teams sent, ${summary.alreadySent} sent earlier, ${summary.failures} failures, ${summary.prometheusQueries} Prometheus queries`,
        );
      },
    });
  }
}
