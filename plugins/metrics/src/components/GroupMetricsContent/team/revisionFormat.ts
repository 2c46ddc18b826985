import type {
  MetricRef,
  MetricValueUnit,
  RecordFieldChange,
  RecordRevision,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { entityLabel } from './metricLabel';
import { formatCalendarDay, formatMetricValue } from './teamFormat';

/** How the history names the fields of goals, follow-ups and reviews. */
const FIELD_LABELS: Record<string, string> = {
  target: 'target',
  baseline: 'baseline',
  dueDate: 'due date',
  direction: 'direction',
  notes: 'notes',
  met: 'met',
  week: 'week',
  metricsLookedAt: 'metrics looked at',
  decision: 'decision',
  actionText: 'action',
  linkedMetric: 'linked metric',
};

const KIND_LABELS: Record<RecordRevision['kind'], string> = {
  goal: 'Goal',
  'follow-up': 'Follow-up',
  review: 'Review',
};

const isMetricRef = (value: unknown): value is MetricRef =>
  typeof value === 'object' &&
  value !== null &&
  'entityRef' in value &&
  'metricId' in value;

const metricText = (ref: MetricRef) =>
  `${ref.metricId} (${entityLabel(ref.entityRef)})`;

/** One side of a change as people read it; `unit` is the goal's, for its numbers. */
export function formatFieldValue(
  field: string,
  value: unknown,
  unit?: MetricValueUnit,
): string {
  if (value === undefined || value === null) return 'none';
  if (
    typeof value === 'number' &&
    (field === 'target' || field === 'baseline')
  ) {
    return formatMetricValue(value, unit ?? 'count');
  }
  if (typeof value === 'string' && (field === 'dueDate' || field === 'week')) {
    return formatCalendarDay(value);
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (isMetricRef(value)) return metricText(value);
  if (Array.isArray(value)) {
    return value.length === 0
      ? 'none'
      : value.map(v => (isMetricRef(v) ? metricText(v) : String(v))).join(', ');
  }
  return String(value);
}

/** A changed field in one line: `target: 99.50 % → 99.90 %`. */
export function formatFieldChange(
  field: string,
  change: RecordFieldChange,
  unit?: MetricValueUnit,
): string {
  return `${FIELD_LABELS[field] ?? field}: ${formatFieldValue(
    field,
    change.from,
    unit,
  )} → ${formatFieldValue(field, change.to, unit)}`;
}

/** What a revision did, e.g. `Follow-up edited`. */
export function revisionTitle(revision: RecordRevision): string {
  return `${KIND_LABELS[revision.kind]} ${revision.change}`;
}
