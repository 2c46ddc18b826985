export { SnapshotCollector } from './SnapshotCollector';
export type {
  CollectorSummary,
  SnapshotCollectorOptions,
} from './SnapshotCollector';
export { COLLECTOR_TASK_ID, scheduleCollector } from './scheduleCollector';
export { MetricValues } from '../../team/MetricValues';
export type {
  MetricDescription,
  MetricValuesOptions,
} from '../../team/MetricValues';
