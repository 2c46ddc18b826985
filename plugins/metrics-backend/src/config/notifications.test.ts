import { ConfigReader } from '@backstage/config';
import { readNotificationsConfig } from './notifications';

const read = (metrics: object) => new ConfigReader({ metrics });

describe('readNotificationsConfig', () => {
  it('has defaults', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual({
      digest: { enabled: true, cron: '0 8 * * 1' },
      burnRateAlerts: { enabled: true, frequencyMinutes: 5 },
      integrationAlerts: {
        enabled: true,
        frequencyMinutes: 15,
        window: { window: '1h', seconds: 3600 },
        minRequests: 20,
        unclassifiedSharePercent: 20,
        unclassifiedGrowthPoints: 5,
      },
      kpiAlerts: {
        enabled: true,
        frequencyMinutes: 60,
        window: { window: '7d', seconds: 604800 },
      },
    });
  });

  it('rejects a cron without five fields', () => {
    expect(() =>
      readNotificationsConfig(
        read({ notifications: { digest: { cron: '0 8 * *' } } }),
      ),
    ).toThrow('metrics.notifications.digest.cron');
  });
});

describe('notification schedules', () => {
  it('reads digest.schedule and burnRateAlerts.schedule', () => {
    const config = readNotificationsConfig(
      read({
        notifications: {
          digest: {
            schedule: {
              frequency: { cron: '0 9 * * 2' },
              timeout: { hours: 1 },
            },
          },
          burnRateAlerts: { schedule: { frequency: 'PT2M', timeout: 'PT10M' } },
        },
      }),
    );
    expect(config.digest.schedule?.frequency).toEqual({ cron: '0 9 * * 2' });
    expect(config.burnRateAlerts.schedule?.frequency).toMatchObject({
      minutes: 2,
    });
  });

  it('names the key of a bad schedule', () => {
    expect(() =>
      readNotificationsConfig(
        read({
          notifications: { digest: { schedule: { frequency: 'soon' } } },
        }),
      ),
    ).toThrow(
      'metrics.notifications.digest.schedule is not a valid task schedule',
    );
  });
});

describe('integration and KPI alerts', () => {
  it('reads every key', () => {
    const config = readNotificationsConfig(
      read({
        notifications: {
          integrationAlerts: {
            enabled: false,
            window: '30m',
            minRequests: 100,
            unclassifiedSharePercent: 35,
            unclassifiedGrowthPoints: 2.5,
            schedule: { frequency: { minutes: 5 }, timeout: { minutes: 5 } },
          },
          kpiAlerts: { frequencyMinutes: 120, window: '28d' },
        },
      }),
    );
    expect(config.integrationAlerts).toMatchObject({
      enabled: false,
      window: { window: '30m', seconds: 1800 },
      minRequests: 100,
      unclassifiedSharePercent: 35,
      unclassifiedGrowthPoints: 2.5,
      schedule: { frequency: { minutes: 5 } },
    });
    expect(config.kpiAlerts).toEqual({
      enabled: true,
      frequencyMinutes: 120,
      window: { window: '28d', seconds: 2419200 },
    });
  });

  it.each([
    [
      { integrationAlerts: { window: 'hourly' } },
      'metrics.notifications.integrationAlerts.window must look like',
    ],
    [
      { integrationAlerts: { minRequests: 2.5 } },
      'metrics.notifications.integrationAlerts.minRequests must be a positive whole number',
    ],
    [
      { integrationAlerts: { unclassifiedSharePercent: 120 } },
      'metrics.notifications.integrationAlerts.unclassifiedSharePercent must be a positive number up to 100',
    ],
    [
      { integrationAlerts: { unclassifiedGrowthPoints: 0 } },
      'metrics.notifications.integrationAlerts.unclassifiedGrowthPoints must be a positive number',
    ],
    [
      { kpiAlerts: { frequencyMinutes: -1 } },
      'metrics.notifications.kpiAlerts.frequencyMinutes must be a positive number',
    ],
    [
      { kpiAlerts: { window: '7 days' } },
      'metrics.notifications.kpiAlerts.window must look like',
    ],
    [
      {
        kpiAlerts: {
          frequencyMinutes: 30,
          schedule: { frequency: { minutes: 5 }, timeout: { minutes: 5 } },
        },
      },
      'metrics.notifications.kpiAlerts.schedule replaces metrics.notifications.kpiAlerts.frequencyMinutes',
    ],
  ])('names the bad key of %j', (notifications, message) => {
    expect(() => readNotificationsConfig(read({ notifications }))).toThrow(
      message,
    );
  });
});
