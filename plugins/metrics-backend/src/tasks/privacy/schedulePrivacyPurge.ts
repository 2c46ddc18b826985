import type { SchedulerService } from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { PrivacyConfig } from '../../config/privacy';
import type { ViewRecordPurge } from './ViewRecordPurge';

export const PRIVACY_PURGE_TASK_ID = 'metrics-privacy-purge';

/**
 * Schedules the purge of old view records as a global task (one replica runs it), on
 * `metrics.privacy.purgeSchedule` or else daily. It cannot be turned off: the retention is
 * what the README promises people about their records.
 */
export async function schedulePrivacyPurge(options: {
  scheduler: SchedulerService;
  config: Pick<PrivacyConfig, 'purgeSchedule'>;
  purge: Pick<ViewRecordPurge, 'run'>;
}): Promise<void> {
  const { scheduler, config, purge } = options;
  await scheduler.scheduleTask({
    id: PRIVACY_PURGE_TASK_ID,
    ...(config.purgeSchedule ?? {
      frequency: { hours: 24 },
      timeout: { minutes: 10 },
      // Soon after start-up, so a backend restarted daily still purges.
      initialDelay: { minutes: 5 },
    }),
    scope: 'global',
    fn: async () => {
      try {
        await purge.run();
      } catch (error) {
        throw new ForwardedError('Metrics privacy purge failed', error);
      }
    },
  });
}
