import type { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  MaturityThresholds,
  addDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { positive, readSchedule } from './read';

/** `metrics.privacy`: how long what the suite records about people is kept. */
export interface PrivacyConfig {
  /** View records older than this many days (before today, UTC) are purged. */
  viewRecordRetentionDays: number;
  /** `metrics.privacy.purgeSchedule`, when set; else daily. */
  purgeSchedule?: SchedulerServiceTaskScheduleDefinition;
}

export const DEFAULT_VIEW_RECORD_RETENTION_DAYS = 180;

/**
 * The first day (UTC) whose view records are kept on `today`: the retention's days before it.
 * The purge deletes the records of earlier days.
 */
export function viewRecordsKeptFrom(
  today: string,
  retentionDays: number,
): string {
  return addDays(today, -retentionDays);
}

/**
 * The fewest days of view records the maturity evidence can read on any day of the week: the
 * exploration lookback, or the "regularly looking" weeks (on a Sunday the oldest of them began
 * 7 × weeksConsidered − 1 days ago), whichever reaches further.
 */
export function minimumViewRecordRetentionDays(
  thresholds: Pick<MaturityThresholds, 'exploration' | 'looking'>,
): number {
  return Math.max(
    thresholds.exploration.lookbackDays,
    7 * thresholds.looking.weeksConsidered,
  );
}

/** Reads `metrics.privacy`; `thresholds` are the maturity thresholds already read. */
export function readPrivacyConfig(
  root: Config,
  thresholds: Pick<MaturityThresholds, 'exploration' | 'looking'>,
): PrivacyConfig {
  const where = 'metrics.privacy';
  const config = root.getOptionalConfig(where);
  const viewRecordRetentionDays = positive(
    config,
    'viewRecordRetentionDays',
    DEFAULT_VIEW_RECORD_RETENTION_DAYS,
    where,
    { integer: true },
  );
  // Purging views the assessment still reads would lower stages for no reason.
  const minimum = minimumViewRecordRetentionDays(thresholds);
  if (viewRecordRetentionDays < minimum) {
    throw new InputError(
      `${where}.viewRecordRetentionDays must be at least ${minimum}: the maturity evidence reads views of the last ${minimum} days (metrics.maturity.thresholds.exploration.lookbackDays, or 7 × looking.weeksConsidered), got ${viewRecordRetentionDays}`,
    );
  }
  const purgeSchedule = readSchedule(config, where, [], 'purgeSchedule');
  return {
    viewRecordRetentionDays,
    ...(purgeSchedule && { purgeSchedule }),
  };
}
