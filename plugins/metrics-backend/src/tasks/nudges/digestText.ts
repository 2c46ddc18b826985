import {
  MATURITY_STAGE_NAMES,
  MaturityStage,
  MetricValueUnit,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  DayRange,
  DigestPeriods,
  MetricComparison,
} from './digestMetrics';
import { shortName } from './links';

/** Notification topic of the weekly digest. */
export const DIGEST_TOPIC = 'Metrics: weekly digest';

/** Metric lines in a digest; the rest are on the Metrics tab. */
export const MAX_METRIC_LINES = 15;

/** A goal as the digest lists it. */
export interface DigestGoal {
  metricName: string;
  entityRef: string;
  unit: MetricValueUnit;
  baseline: number;
  target: number;
  dueDate: string;
}

/** The team's maturity now, and a week ago when known. */
export interface DigestMaturity {
  stage: MaturityStage;
  stageName: string;
  previousStage?: MaturityStage;
  nextStep?: string;
}

/**
 * The team's north star: this week's value against the 7 days two weeks earlier, and its open
 * goal (docs/api.md#north-star). Null values are weeks without complete stored data.
 */
export interface DigestNorthStar {
  name: string;
  entityRef: string;
  unit: MetricValueUnit;
  current: number | null;
  earlier: number | null;
  earlierPeriod: DayRange;
  goal?: DigestGoal;
}

/** Everything one team's digest says. */
export interface DigestInput {
  team: { entityRef: string; title?: string };
  /** Monday of the week the digest is sent in. */
  week: string;
  periods: DigestPeriods;
  metrics: MetricComparison[];
  /** Owned metrics left out because one of the two weeks has no data. */
  metricsWithoutData: number;
  /** Not followed up, due within the next 7 days. */
  goalsDueSoon: DigestGoal[];
  /** Not followed up, due today or earlier. */
  goalsAwaitingFollowUp: DigestGoal[];
  maturity?: DigestMaturity;
  /** Leads the digest; absent without one the team may read. */
  northStar?: DigestNorthStar;
}

const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A ratio (0–1) as a percentage: `0.9952` → `99.52%`. */
export function formatRatio(value: number): string {
  return `${(value * 100).toFixed(2)}%`;
}

/** A count with thousands separators: `1234` → `1,234`. */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

export function formatValue(value: number, unit: MetricValueUnit): string {
  return unit === 'ratio' ? formatRatio(value) : formatCount(value);
}

function signed(value: number, digits: number): string {
  return `${value > 0 ? '+' : '-'}${Math.abs(value).toFixed(digits)}`;
}

/** Change of a ratio in percentage points: `+0.31 pp`, `-1.20 pp`, `no change`. */
export function formatRatioChange(current: number, previous: number): string {
  const points = Math.round((current - previous) * 10_000) / 100;
  return points === 0 ? 'no change' : `${signed(points, 2)} pp`;
}

/** Relative change of a count: `+10.2%`, `-3.0%`, `+12 from zero`, `no change`. */
export function formatCountChange(current: number, previous: number): string {
  if (previous === 0) {
    return current === 0 ? 'no change' : `+${formatCount(current)} from zero`;
  }
  const percent = Math.round(((current - previous) / previous) * 1000) / 10;
  return percent === 0 ? 'no change' : `${signed(percent, 1)}%`;
}

function metricLine(metric: MetricComparison): string {
  const change =
    metric.unit === 'ratio'
      ? formatRatioChange(metric.current, metric.previous)
      : formatCountChange(metric.current, metric.previous);
  return `- ${metric.name} (${shortName(metric.entityRef)}): ${formatValue(
    metric.current,
    metric.unit,
  )} (${change}, was ${formatValue(metric.previous, metric.unit)})`;
}

function goalLine(goal: DigestGoal, due: 'by' | 'due'): string {
  return `- ${goal.metricName} (${shortName(goal.entityRef)}): ${formatValue(
    goal.baseline,
    goal.unit,
  )} → ${formatValue(goal.target, goal.unit)}, ${due} ${goal.dueDate}`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function metricsSection(input: DigestInput): string[] {
  const { metrics, metricsWithoutData, periods } = input;
  if (metrics.length === 0) {
    return [
      metricsWithoutData === 0
        ? "No metrics are defined for the team's services yet."
        : `None of the team's ${plural(
            metricsWithoutData,
            'metric',
          )} has stored data in both of the last two weeks yet.`,
    ];
  }
  const lines = [
    `Metrics, ${periods.current.fromDay} to ${periods.current.toDay} against the 7 days before:`,
    ...metrics.slice(0, MAX_METRIC_LINES).map(metricLine),
  ];
  if (metrics.length > MAX_METRIC_LINES) {
    lines.push(
      `- and ${metrics.length - MAX_METRIC_LINES} more on the Metrics tab`,
    );
  }
  if (metricsWithoutData > 0) {
    lines.push(
      `${plural(
        metricsWithoutData,
        'metric',
      )} without data in one of the two weeks left out.`,
    );
  }
  return lines;
}

function goalsSection(input: DigestInput): string[] {
  const { goalsDueSoon, goalsAwaitingFollowUp } = input;
  if (goalsDueSoon.length === 0 && goalsAwaitingFollowUp.length === 0) {
    return [
      'No goals due in the next 7 days and none waiting for a follow-up.',
    ];
  }
  const lines: string[] = [];
  if (goalsAwaitingFollowUp.length > 0) {
    lines.push(
      'Goals waiting for a follow-up:',
      ...goalsAwaitingFollowUp.map(goal => goalLine(goal, 'due')),
    );
  }
  if (goalsDueSoon.length > 0) {
    lines.push(
      'Goals due in the next 7 days:',
      ...goalsDueSoon.map(goal => goalLine(goal, 'by')),
    );
  }
  return lines;
}

function maturitySection(maturity: DigestMaturity): string[] {
  const top = MATURITY_STAGE_NAMES.length - 1;
  const { stage, previousStage } = maturity;
  let change = '';
  if (previousStage !== undefined) {
    if (previousStage === stage) change = ', same as last week';
    else {
      change = `, ${
        stage > previousStage ? 'up' : 'down'
      } from stage ${previousStage} last week`;
    }
  }
  const lines = [
    `Maturity: stage ${stage} of ${top}, ${maturity.stageName}${change}.`,
  ];
  if (maturity.nextStep) lines.push(`Next step: ${maturity.nextStep}`);
  return lines;
}

function northStarSection(
  northStar: DigestNorthStar,
  periods: DigestPeriods,
): string[] {
  const { current, earlier, unit, earlierPeriod } = northStar;
  const named = `North star: ${northStar.name} (${shortName(
    northStar.entityRef,
  )})`;
  const thisWeek = `${periods.current.fromDay} to ${periods.current.toDay}`;
  const before = `${earlierPeriod.fromDay} to ${earlierPeriod.toDay}`;
  let line: string;
  if (current === null) {
    line = `${named}: no complete data from ${thisWeek}.`;
  } else if (earlier === null) {
    line = `${named}: ${formatValue(
      current,
      unit,
    )} from ${thisWeek}; no complete data two weeks earlier (${before}).`;
  } else {
    const change =
      unit === 'ratio'
        ? formatRatioChange(current, earlier)
        : formatCountChange(current, earlier);
    line = `${named}: ${formatValue(
      current,
      unit,
    )} from ${thisWeek} (${change} on two weeks earlier, ${formatValue(
      earlier,
      unit,
    )} from ${before}).`;
  }
  const { goal } = northStar;
  return [
    line,
    goal
      ? `Its goal: ${formatValue(goal.baseline, unit)} → ${formatValue(
          goal.target,
          unit,
        )} by ${goal.dueDate}.`
      : 'It has no open goal.',
  ];
}

/** The digest's title and plain-text description; pure, so every case is unit-tested. */
export function buildDigestText(input: DigestInput): {
  title: string;
  description: string;
} {
  const sections = [metricsSection(input), goalsSection(input)];
  if (input.northStar) {
    sections.unshift(northStarSection(input.northStar, input.periods));
  }
  if (input.maturity) sections.push(maturitySection(input.maturity));
  return {
    title: `Weekly metrics digest: ${
      input.team.title ?? shortName(input.team.entityRef)
    }, week of ${input.week}`,
    description: sections.map(lines => lines.join('\n')).join('\n\n'),
  };
}
