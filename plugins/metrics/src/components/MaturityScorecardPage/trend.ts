import {
  MATURITY_STAGE_NAMES,
  MaturityTrendCount,
  StageTrend,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { NO_DELTA, plural } from '../shared/format';

// The trend rule itself (stageTrend) lives in metrics-common: the backend counts with it too.

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

/** The scorecard's summary: `12 teams · 3 moved up · 1 moved down in 4 weeks`, as counted by the backend. */
export function movementText(teams: number, trend: MaturityTrendCount): string {
  const period =
    trend.days % 7 === 0
      ? plural(trend.days / 7, 'week')
      : plural(trend.days, 'day');
  return [
    plural(teams, 'team'),
    `${trend.up} moved up`,
    `${trend.down} moved down in ${period}`,
  ].join(' · ');
}
