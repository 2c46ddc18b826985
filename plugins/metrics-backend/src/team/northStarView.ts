import type {
  KpiDefinition,
  MetricRef,
  NorthStarView,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { weeklyTotals } from '@metrics-suite/backstage-plugin-metrics-common';
import type { NorthStarRow } from '../database/NorthStarStore';
import type { SnapshotRow } from '../database/SnapshotStore';
import type { GoalRow } from '../database/TeamRecordStore';
import { goalStatus } from './GoalService';
import { sameRef } from './TeamMetrics';

export const sameMetric = (a: MetricRef, b: MetricRef) =>
  a.metricId === b.metricId && sameRef(a.entityRef, b.entityRef);

/**
 * The newest goal on the metric that is not followed up yet (open or due), if any. `goals`
 * are newest first, as the store lists them.
 */
export function northStarGoalRow(
  goals: ReadonlyArray<GoalRow>,
  metric: MetricRef,
): GoalRow | undefined {
  return goals.find(g => !g.followUp && sameMetric(g.metric, metric));
}

/** The north star's goal as the view shows it (northStarGoalRow). */
export function northStarGoal(
  goals: ReadonlyArray<GoalRow>,
  metric: MetricRef,
  today: string,
): NorthStarView['goal'] {
  const goal = northStarGoalRow(goals, metric);
  if (!goal) return undefined;
  return {
    id: goal.id,
    baseline: goal.baseline,
    target: goal.target,
    direction: goal.direction,
    dueDate: goal.dueDate,
    status: goalStatus(goal, today),
  };
}

/**
 * A north star as every reader shows it (docs/api.md#north-star): the KPI's definition, the
 * value its caller read, the weekly trend of its stored snapshots and its open goal.
 */
export function northStarView(input: {
  row: NorthStarRow;
  definition: KpiDefinition;
  value: { value: number | null; error?: string };
  /** Snapshots over the trend's days; rows of other metrics are ignored. */
  snapshots: ReadonlyArray<SnapshotRow>;
  goals: ReadonlyArray<GoalRow>;
  today: string;
}): NorthStarView {
  const { row, definition, value, today } = input;
  const metric = { entityRef: definition.entityRef, metricId: definition.id };
  const goal = northStarGoal(input.goals, metric, today);
  return {
    metric,
    name: definition.name,
    bucket: definition.bucket,
    ...(definition.unit ? { unit: definition.unit } : {}),
    value: value.value,
    ...(value.error ? { valueError: value.error } : {}),
    ...(definition.target ? { target: definition.target } : {}),
    trend: weeklyTotals(
      input.snapshots.filter(s =>
        sameMetric({ entityRef: s.entityRef, metricId: s.metricId }, metric),
      ),
      today,
    ),
    ...(goal ? { goal } : {}),
    setBy: row.setBy,
    setAt: row.setAt,
  };
}
