import { addDays, dayOf } from './dates';
import type { MaturityHistoryPoint, MaturityStage } from './types';

/**
 * How far back the trend looks: about a month, long enough for a stage to move.
 *
 * @public
 */
export const TREND_DAYS = 28;

/**
 * A team's stage now against its stage about {@link TREND_DAYS} days earlier.
 *
 * @public
 */
export interface StageTrend {
  /** `none` when the history holds no day before today's assessment. */
  direction: 'up' | 'down' | 'flat' | 'none';
  /** Stages gained (negative when lost); 0 without history. */
  change: number;
  /** The assessment compared against. */
  earlier?: MaturityHistoryPoint;
  /** The history starts less than {@link TREND_DAYS} days ago, so `earlier` is its first day. */
  partial: boolean;
}

/**
 * The days {@link stageTrend} compares: the assessment day and the day `days` before it.
 * The trend reads only the last stored point on or before `reference` and, when there is
 * none, the oldest one before `today`, so a store can read just those.
 *
 * @public
 */
export function trendDays(
  assessedAt: string,
  days = TREND_DAYS,
): { today: string; reference: string } {
  const today = dayOf(assessedAt);
  return { today, reference: addDays(today, -days) };
}

/**
 * Compares the current stage with the last stored one at least `days` days before the
 * assessment day; when the history is younger than that, with its oldest day.
 * `history` may be in any order and have gaps (days without an assessment).
 *
 * @public
 */
export function stageTrend(
  history: MaturityHistoryPoint[],
  current: MaturityStage,
  assessedAt: string,
  days = TREND_DAYS,
): StageTrend {
  const { today, reference } = trendDays(assessedAt, days);
  const before = history.filter(p => p.day < today);
  if (before.length === 0) {
    return { direction: 'none', change: 0, partial: false };
  }
  const atReference = before.filter(p => p.day <= reference);
  const partial = atReference.length === 0;
  // Days are YYYY-MM-DD, so string order is date order.
  const earlier = partial
    ? before.reduce((a, b) => (b.day < a.day ? b : a))
    : atReference.reduce((a, b) => (b.day > a.day ? b : a));
  const change = current - earlier.stage;
  let direction: StageTrend['direction'] = 'flat';
  if (change > 0) direction = 'up';
  else if (change < 0) direction = 'down';
  return {
    direction,
    change,
    earlier: { day: earlier.day, stage: earlier.stage },
    partial,
  };
}
