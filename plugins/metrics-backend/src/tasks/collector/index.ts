export { SnapshotCollector } from './SnapshotCollector';
export type {
  CollectorSummary,
  SnapshotCollectorOptions,
} from './SnapshotCollector';
export { COLLECTOR_TASK_ID, scheduleCollector } from './scheduleCollector';
