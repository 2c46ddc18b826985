import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { ForwardedError } from '@backstage/errors';
import type { HistoryConfig } from '../../config/history';
import type { SnapshotCollector } from './SnapshotCollector';

export const COLLECTOR_TASK_ID = 'metrics-snapshot-collector';

/**
 * Schedules the snapshot collector with `metrics.history.collector` settings, scope global so
 * one replica collects when the backend is scaled out; nothing when it is disabled.
 */
export async function scheduleCollector(options: {
  scheduler: SchedulerService;
  config: { history: HistoryConfig };
  collector: Pick<SnapshotCollector, 'run'>;
  logger: LoggerService;
}): Promise<void> {
  const { scheduler, collector, logger } = options;
  const settings = options.config.history.collector;
  if (!settings.enabled) {
    logger.info(
      'Metrics snapshot collector is off (metrics.history.collector.enabled: false); history and goal outcomes are read live',
    );
    return;
  }
  await scheduler.scheduleTask({
    id: COLLECTOR_TASK_ID,
    // The deprecated minute keys, unless `schedule` replaces them.
    ...(settings.schedule ?? {
      frequency: { minutes: settings.frequencyMinutes },
      timeout: { minutes: settings.timeoutMinutes },
      initialDelay: { seconds: settings.initialDelaySeconds },
    }),
    scope: 'global',
    fn: async signal => {
      try {
        await collector.run({ signal });
      } catch (error) {
        throw new ForwardedError('Metrics snapshot collection failed', error);
      }
    },
  });
}
