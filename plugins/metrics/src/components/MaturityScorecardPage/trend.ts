import {
  addDays,
  dayOf,
  MaturityHistoryPoint,
  MATURITY_STAGE_NAMES,
  MaturityStage,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { NO_DELTA } from '../shared/format';

/** How far back the trend looks: about a month, long enough for a stage to move. */
export const TREND_DAYS = 28;

/** A team's stage now against its stage about {@link TREND_DAYS} days earlier. */
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
 * Compares the current stage with the last stored one at least `days` days before the
 * assessment day; when the history is younger than that, with its oldest day.
 * `history` is oldest first, as the backend returns it; gaps (days without an assessment)
 * are fine.
 */
export function stageTrend(
  history: MaturityHistoryPoint[],
  current: MaturityStage,
  assessedAt: string,
  days = TREND_DAYS,
): StageTrend {
  const today = dayOf(assessedAt);
  const reference = addDays(today, -days);
  const before = history.filter(p => p.day < today);
  if (before.length === 0) {
    return { direction: 'none', change: 0, partial: false };
  }
  const atReference = before.filter(p => p.day <= reference);
  const partial = atReference.length === 0;
  // Days are YYYY-MM-DD, so string order is date order; the backend's order is not relied on.
  const earlier = partial
    ? before.reduce((a, b) => (b.day < a.day ? b : a))
    : atReference.reduce((a, b) => (b.day > a.day ? b : a));
  const change = current - earlier.stage;
  let direction: StageTrend['direction'] = 'flat';
  if (change > 0) direction = 'up';
  else if (change < 0) direction = 'down';
  return { direction, change, earlier, partial };
}

// The typographic minus sign, as in the other deltas of the plugin.
const MINUS = '\u2212';

/** Stages gained or lost: `+2`, `−1`, `±0`; `—` without history. */
export function trendText(trend: StageTrend): string {
  if (trend.direction === 'none') return NO_DELTA;
  if (trend.change > 0) return `+${trend.change}`;
  if (trend.change < 0) return `${MINUS}${-trend.change}`;
  return '±0';
}

/** What the trend compares, in words, for the tooltip and screen readers. */
export function trendDescription(trend: StageTrend): string {
  if (!trend.earlier) return 'No earlier assessment stored yet';
  const { stage, day } = trend.earlier;
  const since = trend.partial ? ' (the first day of its history)' : '';
  if (trend.change === 0) {
    return `Unchanged since ${day}${since}: stage ${stage} (${MATURITY_STAGE_NAMES[stage]})`;
  }
  return `${trend.change > 0 ? 'Up' : 'Down'} from stage ${stage} (${
    MATURITY_STAGE_NAMES[stage]
  }) on ${day}${since}`;
}
