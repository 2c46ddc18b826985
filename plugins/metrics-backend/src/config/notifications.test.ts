import { ConfigReader } from '@backstage/config';
import { readNotificationsConfig } from './notifications';

const read = (metrics: object) => new ConfigReader({ metrics });

describe('readNotificationsConfig', () => {
  it('has defaults', () => {
    expect(readNotificationsConfig(new ConfigReader({}))).toEqual({
      digest: { enabled: true, cron: '0 8 * * 1' },
      burnRateAlerts: { enabled: true, frequencyMinutes: 5 },
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
