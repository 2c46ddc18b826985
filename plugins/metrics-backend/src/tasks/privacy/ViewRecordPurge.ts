import type { LoggerService } from '@backstage/backend-plugin-api';
import { dayOf } from '@metrics-suite/backstage-plugin-metrics-common';
import { PrivacyConfig, viewRecordsKeptFrom } from '../../config/privacy';
import type { ActivityStore } from '../../database/ActivityStore';

export interface ViewRecordPurgeOptions {
  store: Pick<ActivityStore, 'deleteViewsBefore'>;
  config: Pick<PrivacyConfig, 'viewRecordRetentionDays'>;
  logger: LoggerService;
  now?: () => Date;
}

/** What one purge did, for the log and tests. */
export interface ViewRecordPurgeSummary {
  /** Records of days before this one were deleted. */
  keptFrom: string;
  deleted: number;
}

/**
 * Deletes the view records (who looked at which metrics, when) older than
 * `metrics.privacy.viewRecordRetentionDays`. The config refuses a retention shorter than the
 * maturity evidence reads, so a purge never changes a stage.
 */
export class ViewRecordPurge {
  constructor(private readonly options: ViewRecordPurgeOptions) {}

  async run(): Promise<ViewRecordPurgeSummary> {
    const { store, config, logger } = this.options;
    const today = dayOf(this.options.now?.() ?? new Date());
    const keptFrom = viewRecordsKeptFrom(today, config.viewRecordRetentionDays);
    const deleted = await store.deleteViewsBefore(keptFrom);
    const line = `Metrics privacy purge: ${deleted} view records of days before ${keptFrom} deleted`;
    if (deleted > 0) logger.info(line);
    else logger.debug(line);
    return { keptFrom, deleted };
  }
}
