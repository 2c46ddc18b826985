export { ViewRecordPurge } from './ViewRecordPurge';
export type {
  ViewRecordPurgeOptions,
  ViewRecordPurgeSummary,
} from './ViewRecordPurge';
export {
  PRIVACY_PURGE_TASK_ID,
  schedulePrivacyPurge,
} from './schedulePrivacyPurge';
