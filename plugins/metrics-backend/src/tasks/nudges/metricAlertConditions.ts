import {
  KpiTarget,
  KpiUnit,
  meetsSuccessTarget,
  meetsTarget,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricAlertCondition } from '../../database/MetricAlertStore';
import type { IntegrationCounts } from '../../sweeps/metricHealth';
import { formatCount, formatRatio } from './digestText';

/**
 * What a condition says now: it holds (`firing`), it does not (`clear`), it no longer holds
 * but has not recovered past its margin (`holding`: an open alert stays open, none opens, so a
 * value hovering at the threshold does not alert and recover every run), or nobody can tell
 * (`unjudged`: too little traffic, no value), in which case an open alert stays as it was.
 */
export type Verdict = 'firing' | 'clear' | 'holding' | 'unjudged';

/** Points under an unclassified threshold a share (or its growth) must fall to to recover. */
export const UNCLASSIFIED_RECOVERY_POINTS = 2;

/**
 * Share of the failures a target allows by which a success rate must clear it to recover:
 * 99 % recovers at 99.1 %, 97 % at 97.3 %.
 */
export const TARGET_RECOVERY_SHARE = 0.1;

/** `firing` past the threshold, `clear` past the recovery margin, `holding` between. */
function verdictOf(firing: boolean, recovered: boolean): Verdict {
  if (firing) return 'firing';
  return recovered ? 'clear' : 'holding';
}

/** One condition of one metric, judged; `detail` says what moved against which threshold. */
export interface Judgement {
  condition: MetricAlertCondition;
  verdict: Verdict;
  detail: string;
}

/** What the integration alerts know of one integration. */
export interface IntegrationReadout {
  /** Success-rate target in percent, if declared. */
  target?: number;
  /**
   * Its source classifies failures (the conventional counter, SQL events): elsewhere every
   * failure is unclassified, so the unclassified conditions would say nothing.
   */
  classifiesFailures: boolean;
  /** The alerts' window, e.g. `1h`, and the calls over it. */
  window: string;
  current: IntegrationCounts;
  /** The last 7 days and the 7 days before; absent when not read. */
  weeks?: { last: IntegrationCounts; before: IntegrationCounts };
}

/** `metrics.notifications.integrationAlerts` thresholds. */
export interface IntegrationThresholds {
  minRequests: number;
  unclassifiedSharePercent: number;
  unclassifiedGrowthPoints: number;
}

const points = (value: number) => `${value.toFixed(1)} points`;
const share = (value: number) => `${(value * 100).toFixed(1)}%`;

function tooFew(
  counts: IntegrationCounts,
  over: string,
  minRequests: number,
): string | undefined {
  return counts.requests < minRequests
    ? `${formatCount(
        counts.requests,
      )} calls ${over}, fewer than the ${minRequests} needed to judge`
    : undefined;
}

function belowTarget(
  readout: IntegrationReadout,
  target: number,
  minRequests: number,
): Judgement {
  const condition = 'below-target';
  const { current, window } = readout;
  const few = tooFew(current, `over ${window}`, minRequests);
  const met = meetsSuccessTarget(current.successRate, target);
  if (few || met === undefined) {
    return { condition, verdict: 'unjudged', detail: few ?? 'no calls' };
  }
  const rate = current.successRate!;
  const gap = target - rate * 100;
  const recovered =
    rate * 100 >= target + (100 - target) * TARGET_RECOVERY_SHARE;
  return {
    condition,
    verdict: verdictOf(!met, recovered),
    detail: `success rate ${formatRatio(rate)} over ${window} (${formatCount(
      current.requests,
    )} calls), ${
      met
        ? `at or above its target of ${target}%`
        : `${points(gap)} below its target of ${target}%`
    }`,
  };
}

function unclassifiedShare(
  readout: IntegrationReadout,
  thresholds: IntegrationThresholds,
): Judgement {
  const condition = 'unclassified-share';
  const { current, window } = readout;
  const few = tooFew(current, `over ${window}`, thresholds.minRequests);
  if (few) return { condition, verdict: 'unjudged', detail: few };
  const percent = current.unknownShare * 100;
  const threshold = thresholds.unclassifiedSharePercent;
  return {
    condition,
    verdict: verdictOf(
      percent > threshold,
      percent <= threshold - UNCLASSIFIED_RECOVERY_POINTS,
    ),
    detail: `${share(current.unknownShare)} of ${formatCount(
      current.failures,
    )} failures over ${window} have no error class (threshold ${
      thresholds.unclassifiedSharePercent
    }%)`,
  };
}

function unclassifiedGrowth(
  weeks: NonNullable<IntegrationReadout['weeks']>,
  thresholds: IntegrationThresholds,
): Judgement {
  const condition = 'unclassified-growth';
  const few =
    tooFew(weeks.last, 'in the last 7 days', thresholds.minRequests) ??
    tooFew(weeks.before, 'in the 7 days before', thresholds.minRequests);
  if (few) return { condition, verdict: 'unjudged', detail: few };
  const growth = (weeks.last.unknownShare - weeks.before.unknownShare) * 100;
  const threshold = thresholds.unclassifiedGrowthPoints;
  return {
    condition,
    verdict: verdictOf(
      growth > threshold,
      growth <= threshold - UNCLASSIFIED_RECOVERY_POINTS,
    ),
    detail: `unclassified share of failures ${share(
      weeks.last.unknownShare,
    )} in the last 7 days against ${share(
      weeks.before.unknownShare,
    )} the 7 days before, ${growth >= 0 ? 'up' : 'down'} ${points(
      Math.abs(growth),
    )} (threshold ${thresholds.unclassifiedGrowthPoints} points)`,
  };
}

/**
 * The conditions of an integration: `below-target` when it has a target, the unclassified
 * ones where its source classifies failures (`unclassified-growth` only with both weeks).
 * Below `minRequests` calls nothing is judged: low traffic is noise.
 */
export function judgeIntegration(
  readout: IntegrationReadout,
  thresholds: IntegrationThresholds,
): Judgement[] {
  const judgements: Judgement[] = [];
  if (readout.target !== undefined) {
    judgements.push(
      belowTarget(readout, readout.target, thresholds.minRequests),
    );
  }
  if (readout.classifiesFailures) {
    judgements.push(unclassifiedShare(readout, thresholds));
    if (readout.weeks) {
      judgements.push(unclassifiedGrowth(readout.weeks, thresholds));
    }
  }
  return judgements;
}

/** A KPI's value in its unit: `1,008`, `42.5%`, `1.2 s`. */
export function formatKpiValue(value: number, unit?: KpiUnit): string {
  if (unit === 'percent') return `${formatCount(value)}%`;
  if (unit === 'seconds') return `${formatCount(value)} s`;
  return formatCount(value);
}

/** `target-missed` of a KPI with a target, by the rule of the view's `targetMet`. */
export function judgeKpi(
  value: number | null,
  target: KpiTarget,
  window: string,
  unit?: KpiUnit,
): Judgement {
  const condition = 'target-missed';
  const met = meetsTarget(value, target);
  const wanted = `${target.direction} ${formatKpiValue(target.value, unit)}`;
  if (met === undefined) {
    return {
      condition,
      verdict: 'unjudged',
      detail: `no value over ${window}`,
    };
  }
  const now = `${formatKpiValue(value!, unit)} over ${window}`;
  if (met) {
    return {
      condition,
      verdict: 'clear',
      detail: `${now}, meeting its target (${wanted})`,
    };
  }
  const gap = formatKpiValue(Math.abs(value! - target.value), unit);
  const side = target.direction === 'above' ? 'below' : 'above';
  return {
    condition,
    verdict: 'firing',
    detail: `${now}, ${gap} ${side} its target (${wanted})`,
  };
}
