import type { NorthStarWeek } from '../api';
import { addDays, weekOf } from './dates';

/**
 * Whole ISO weeks in a north star's trend (docs/api.md#north-star).
 *
 * @public
 */
export const NORTH_STAR_TREND_WEEKS = 12;

/**
 * The days a north star's trend reads: the whole ISO weeks before the week of `today`, oldest
 * Monday first; the current week is partial and left out.
 *
 * @public
 */
export function northStarTrendDays(
  today: string,
  weeks: number = NORTH_STAR_TREND_WEEKS,
): { fromDay: string; toDay: string; mondays: string[] } {
  const thisWeek = weekOf(today);
  const mondays = Array.from({ length: weeks }, (_, i) =>
    addDays(thisWeek, -7 * (weeks - i)),
  );
  return {
    fromDay: mondays[0] ?? thisWeek,
    toDay: addDays(thisWeek, -1),
    mondays,
  };
}

/**
 * A KPI's daily snapshots summed per ISO week over the trend's weeks, oldest first; a week
 * with no stored day is null (unknown, not zero). Rows outside the weeks are ignored.
 *
 * @public
 */
export function weeklyTotals(
  rows: ReadonlyArray<{ day: string; numerator: number }>,
  today: string,
  weeks: number = NORTH_STAR_TREND_WEEKS,
): NorthStarWeek[] {
  const { mondays } = northStarTrendDays(today, weeks);
  const totals = new Map<string, number>(); // Monday → sum of its stored days
  for (const row of rows) {
    const monday = weekOf(row.day);
    totals.set(monday, (totals.get(monday) ?? 0) + row.numerator);
  }
  return mondays.map(week => ({ week, value: totals.get(week) ?? null }));
}
