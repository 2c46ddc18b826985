import {
  MetricValueUnit,
  OwnedMetric,
  addDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { SnapshotRow } from '../../database/SnapshotStore';

/** Whole UTC days, inclusive. */
export interface DayRange {
  fromDay: string;
  toDay: string;
}

/** The two weeks a digest compares: the last 7 complete days and the 7 days before them. */
export interface DigestPeriods {
  current: DayRange;
  previous: DayRange;
}

/** One metric's value this week and last week. */
export interface MetricComparison {
  entityRef: string;
  metricId: string;
  name: string;
  unit: MetricValueUnit;
  current: number;
  previous: number;
}

/**
 * The 7 days two weeks before the current week, which the north star is compared with: the
 * squads' weekly message looks two weeks back, past last week's noise (docs/api.md#north-star).
 */
export function twoWeeksEarlier(today: string): DayRange {
  return { fromDay: addDays(today, -21), toDay: addDays(today, -15) };
}

/** Today's partial day never counts: the current week ends yesterday. */
export function digestPeriods(today: string): DigestPeriods {
  return {
    current: { fromDay: addDays(today, -7), toDay: addDays(today, -1) },
    previous: { fromDay: addDays(today, -14), toDay: addDays(today, -8) },
  };
}

function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let day = range.fromDay; day <= range.toDay; day = addDays(day, 1)) {
    days.push(day);
  }
  return days;
}

interface Sum {
  numerator: number;
  denominator: number;
  rows: number;
}

function valueOf(
  sum: Sum | undefined,
  unit: MetricValueUnit,
  complete: boolean,
): number | null {
  if (!sum || sum.rows === 0) return null;
  // A ratio of the stored days is still the ratio; no events is "no data", not 100%.
  if (unit === 'ratio') {
    return sum.denominator > 0 ? sum.numerator / sum.denominator : null;
  }
  // A count over a week with days missing would read as a drop.
  return complete ? sum.numerator : null;
}

/** Whether the collector completed every day of the range. */
function completeIn(range: DayRange, collected: ReadonlySet<string>): boolean {
  return daysOf(range).every(day => collected.has(day));
}

const unitOf = (kind: OwnedMetric['kind']): MetricValueUnit =>
  kind === 'kpi' ? 'count' : 'ratio';

/**
 * The north star's value this week and two weeks earlier, from the same stored snapshots and
 * by the same rules as every compared metric; null for a week without (complete) data.
 */
export function compareNorthStar(
  metric: Pick<OwnedMetric, 'entityRef' | 'id' | 'name' | 'kind'>,
  rows: ReadonlyArray<SnapshotRow>,
  periods: { current: DayRange; earlier: DayRange },
  collectedDays: ReadonlyArray<string>,
): { current: number | null; earlier: number | null } {
  const collected = new Set(collectedDays);
  const unit = unitOf(metric.kind);
  const over = (range: DayRange) => {
    const sum: Sum = { numerator: 0, denominator: 0, rows: 0 };
    for (const row of rows) {
      if (
        row.entityRef === metric.entityRef &&
        row.metricId === metric.id &&
        row.day >= range.fromDay &&
        row.day <= range.toDay
      ) {
        sum.numerator += row.numerator;
        sum.denominator += row.denominator ?? 0;
        sum.rows += 1;
      }
    }
    return valueOf(sum, unit, completeIn(range, collected));
  };
  return { current: over(periods.current), earlier: over(periods.earlier) };
}

/**
 * Each owned metric's value in both periods from stored daily snapshots: ratios from summed
 * numerators and denominators (never averaged ratios), counts summed. Metrics without data in
 * either period are counted in `withoutData` rather than compared.
 */
export function compareMetrics(
  metrics: ReadonlyArray<
    Pick<OwnedMetric, 'entityRef' | 'id' | 'name' | 'kind'>
  >,
  rows: ReadonlyArray<SnapshotRow>,
  periods: DigestPeriods,
  collectedDays: ReadonlyArray<string>,
): { compared: MetricComparison[]; withoutData: number } {
  const sums = new Map<string, Sum>();
  for (const row of rows) {
    const period = (['current', 'previous'] as const).find(
      name =>
        row.day >= periods[name].fromDay && row.day <= periods[name].toDay,
    );
    if (!period) continue;
    const key = `${period}\u0000${row.entityRef}\u0000${row.metricId}`;
    const sum = sums.get(key) ?? { numerator: 0, denominator: 0, rows: 0 };
    sum.numerator += row.numerator;
    sum.denominator += row.denominator ?? 0;
    sum.rows += 1;
    sums.set(key, sum);
  }
  const collected = new Set(collectedDays);
  const currentComplete = completeIn(periods.current, collected);
  const previousComplete = completeIn(periods.previous, collected);

  const compared: MetricComparison[] = [];
  const done = new Set<string>();
  let withoutData = 0;
  for (const metric of metrics) {
    const id = `${metric.entityRef}\u0000${metric.id}`;
    if (done.has(id)) continue;
    done.add(id);
    const unit = unitOf(metric.kind);
    const current = valueOf(
      sums.get(`current\u0000${id}`),
      unit,
      currentComplete,
    );
    const previous = valueOf(
      sums.get(`previous\u0000${id}`),
      unit,
      previousComplete,
    );
    if (current === null || previous === null) {
      withoutData += 1;
      continue;
    }
    compared.push({
      entityRef: metric.entityRef,
      metricId: metric.id,
      name: metric.name,
      unit,
      current,
      previous,
    });
  }
  compared.sort(
    (a, b) =>
      a.entityRef.localeCompare(b.entityRef) || a.name.localeCompare(b.name),
  );
  return { compared, withoutData };
}
