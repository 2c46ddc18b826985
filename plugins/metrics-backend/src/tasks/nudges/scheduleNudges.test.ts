import type { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ForwardedError } from '@backstage/errors';
import { readNotificationsConfig } from '../../config/notifications';
import {
  BURN_RATE_TASK_ID,
  DIGEST_TASK_ID,
  INTEGRATION_ALERTS_TASK_ID,
  KPI_ALERTS_TASK_ID,
  scheduleNudges,
} from './scheduleNudges';

function setUp(notifications: object = {}) {
  const scheduler = mockServices.scheduler.mock();
  const logger = mockServices.logger.mock();
  const burnRateAlerts = {
    run: jest.fn(async () => ({
      teams: 3,
      slos: 7,
      alerts: 1,
      recoveries: 0,
      failures: 0,
      prometheusQueries: 4,
    })),
  };
  const weeklyDigest = {
    run: jest.fn(async () => ({
      week: '2025-03-10',
      teams: 3,
      sent: 3,
      alreadySent: 0,
      failures: 0,
      prometheusQueries: 1,
    })),
  };
  const summary = (alerts: number) => ({
    teams: 3,
    metrics: 5,
    alerts,
    recoveries: 0,
    unjudged: 2,
    failures: 0,
    prometheusQueries: 1,
  });
  const metricAlerts = {
    integrations: jest.fn(async () => summary(1)),
    kpis: jest.fn(async () => summary(0)),
  };
  const config = readNotificationsConfig(
    new ConfigReader({ metrics: { notifications } }),
  );
  const schedule = () =>
    scheduleNudges({
      scheduler,
      logger,
      config,
      burnRateAlerts,
      weeklyDigest,
      metricAlerts,
    });
  const task = (id: string) =>
    scheduler.scheduleTask.mock.calls.find(([t]) => t.id === id)?.[0];
  const run = (id: string) =>
    (task(id) as SchedulerServiceTaskInvocationDefinition).fn(
      new AbortController().signal,
    );
  return {
    scheduler,
    logger,
    burnRateAlerts,
    weeklyDigest,
    metricAlerts,
    schedule,
    task,
    run,
  };
}

describe('scheduleNudges', () => {
  it('schedules both nudges as global tasks from the config', async () => {
    const { schedule, task } = setUp({
      digest: { cron: '0 9 * * 1' },
      burnRateAlerts: { frequencyMinutes: 2 },
    });
    await schedule();
    expect(task(BURN_RATE_TASK_ID)).toMatchObject({
      frequency: { minutes: 2 },
      timeout: { minutes: 10 },
      scope: 'global',
    });
    expect(task(DIGEST_TASK_ID)).toMatchObject({
      frequency: { cron: '0 9 * * 1' },
      scope: 'global',
    });
  });

  it('schedules the integration and KPI alerts as global tasks', async () => {
    const { schedule, task } = setUp({
      integrationAlerts: { frequencyMinutes: 20 },
      kpiAlerts: { schedule: { frequency: { hours: 2 }, timeout: 'PT30M' } },
    });
    await schedule();
    expect(task(INTEGRATION_ALERTS_TASK_ID)).toMatchObject({
      frequency: { minutes: 20 },
      timeout: { minutes: 20 },
      scope: 'global',
    });
    expect(task(KPI_ALERTS_TASK_ID)).toMatchObject({
      frequency: { hours: 2 },
      scope: 'global',
    });
  });

  it('runs the metric alerts and logs what they did', async () => {
    const { schedule, run, metricAlerts, logger } = setUp();
    await schedule();
    await run(INTEGRATION_ALERTS_TASK_ID);
    await run(KPI_ALERTS_TASK_ID);
    expect(metricAlerts.integrations).toHaveBeenCalledTimes(1);
    expect(metricAlerts.kpis).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Metrics integration alerts: 5 metrics of 3 teams checked, 1 alerts and 0 recoveries sent, 2 conditions not judged, 0 failures, 1 Prometheus queries',
    );
    // A quiet run is logged at debug level only.
    expect(logger.debug).toHaveBeenCalledWith(
      expect.stringContaining('Metrics KPI alerts: 5 metrics'),
    );
  });

  it('schedules nothing that is disabled', async () => {
    const { schedule, scheduler, task } = setUp({
      digest: { enabled: false },
      integrationAlerts: { enabled: false },
      kpiAlerts: { enabled: false },
    });
    await schedule();
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    expect(task(DIGEST_TASK_ID)).toBeUndefined();
    expect(task(BURN_RATE_TASK_ID)).toMatchObject({
      frequency: { minutes: 5 },
    });
  });

  it('runs the nudges and logs what they did', async () => {
    const { schedule, run, burnRateAlerts, weeklyDigest, logger } = setUp();
    await schedule();
    await run(BURN_RATE_TASK_ID);
    await run(DIGEST_TASK_ID);
    expect(burnRateAlerts.run).toHaveBeenCalledTimes(1);
    expect(weeklyDigest.run).toHaveBeenCalledTimes(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Metrics burn-rate alerts: 7 SLOs of 3 teams checked, 1 alerts and 0 recoveries sent, 0 failures, 4 Prometheus queries',
    );
    expect(logger.info).toHaveBeenCalledWith(
      'Metrics weekly digest for 2025-03-10: 3 of 3 teams sent, 0 sent earlier, 0 failures, 1 Prometheus queries',
    );
  });

  it('fails the task with the cause when a run cannot start', async () => {
    const { schedule, run, weeklyDigest } = setUp();
    weeklyDigest.run.mockRejectedValueOnce(new Error('catalog unavailable'));
    await schedule();
    const failure = run(DIGEST_TASK_ID);
    await expect(failure).rejects.toThrow(ForwardedError);
    await expect(run(DIGEST_TASK_ID)).resolves.toBeUndefined();
    await expect(failure).rejects.toThrow(
      'Metrics weekly digest failed; caused by Error: catalog unavailable',
    );
  });
});
