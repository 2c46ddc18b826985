import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { positive, readSchedule } from './read';

/** `metrics.history`: the collector of daily snapshots. */
export interface HistoryConfig {
  collector: {
    enabled: boolean;
    /** How often the collector runs, in minutes. */
    frequencyMinutes: number;
    /** Delay before the first run after start-up, in seconds. */
    initialDelaySeconds: number;
    timeoutMinutes: number;
    /** `metrics.history.collector.schedule`, when set; replaces the three keys above. */
    schedule?: SchedulerServiceTaskScheduleDefinition;
  };
  /** Snapshots older than this many days are deleted. */
  retentionDays: number;
  /** Missing days within this many days back are back-filled on the next run. */
  backfillDays: number;
}

export function readHistoryConfig(root: Config): HistoryConfig {
  const where = 'metrics.history';
  const config = root.getOptionalConfig(where);
  const collector = config?.getOptionalConfig('collector');
  const schedule = readSchedule(collector, `${where}.collector`, [
    'frequencyMinutes',
    'initialDelaySeconds',
    'timeoutMinutes',
  ]);
  const retentionDays = positive(config, 'retentionDays', 400, where, {
    integer: true,
  });
  const backfillDays = positive(config, 'backfillDays', 28, where, {
    integer: true,
    max: retentionDays,
  });
  return {
    collector: {
      enabled: collector?.getOptionalBoolean('enabled') ?? true,
      frequencyMinutes: positive(
        collector,
        'frequencyMinutes',
        60,
        `${where}.collector`,
      ),
      initialDelaySeconds:
        collector?.getOptionalNumber('initialDelaySeconds') ?? 10,
      timeoutMinutes: positive(
        collector,
        'timeoutMinutes',
        15,
        `${where}.collector`,
      ),
      ...(schedule && { schedule }),
    },
    retentionDays,
    backfillDays,
  };
}
