import { errorBudget, BurnRateAlertRule } from '../math/slo';
import { renderWindow } from '../definitions/promql';
import type { SloDefinition } from '../definitions/resolve';
import {
  sloCountRecord,
  sloErrorRatioRecord,
  sloRecordSelector,
} from './names';

// The PromQL of the suite's SLO rules (docs/slo-rules.md#what-is-generated). Multi-line where
// an expression has parts, so the rendered files read like hand-written ones.

type SloIdentity = Pick<SloDefinition, 'name' | 'entityRef' | 'queries'>;

/** A number as PromQL writes it; callers pass values without binary noise. */
function numberText(value: number): string {
  return String(value);
}

/**
 * The objective as a ratio without binary noise (`99.9` → `0.999`, `93` → `0.93`), derived
 * from {@link errorBudget} so the two recordings always add up to 1.
 *
 * @throws InputError for an objective not strictly between 0 and 100.
 */
export function objectiveRatio(objectivePercent: number): number {
  return Number((1 - errorBudget(objectivePercent)).toPrecision(12));
}

/** `vector(<value>)`: a constant recording such as the objective. */
export function constantExpr(value: number): string {
  return `vector(${numberText(value)})`;
}

/**
 * One count over `window`: the catalog query summed to one series, which the rule's labels
 * then name, whatever labels the query keeps.
 */
export function countExpr(template: string, window: string): string {
  return `sum(${renderWindow(template, window)})`;
}

/**
 * The error ratio over `window` from the recorded counts. Each side is summed: after an owner
 * change the old owner's hourly recordings stay in a summed window's range for a whole
 * window, and two series with the same labels once the rule's labels are applied would make
 * Prometheus reject the evaluation.
 */
export function errorRatioExpr(slo: SloIdentity, window: string): string {
  return [
    '1 - (',
    `  sum(${sloRecordSelector(slo, sloCountRecord('good', window))})`,
    '  /',
    `  sum(${sloRecordSelector(slo, sloCountRecord('valid', window))})`,
    ')',
  ].join('\n');
}

/**
 * A summed SLO window's count (or coverage) from the hourly recordings, recorded once a
 * minute so a view reads one sample instead of a subquery of `window / 1h` steps.
 */
export function summedExpr(summed: string): string {
  return `sum(${summed})`;
}

/**
 * The alert condition of one severity: for each of its rules, both windows' error ratios
 * strictly above `burnRate × budget` (docs/slo-math.md#multi-window-alerts), rules or-ed.
 */
export function burnAlertExpr(
  slo: SloIdentity,
  rules: ReadonlyArray<BurnRateAlertRule>,
  budget: number,
): string {
  return rules
    .map(rule => {
      const threshold = `(${numberText(rule.burnRate)} * ${numberText(
        budget,
      )})`;
      const above = (window: string) =>
        `  ${sloRecordSelector(
          slo,
          sloErrorRatioRecord(window),
        )} > ${threshold}`;
      return [
        '(',
        above(rule.shortWindow),
        '  and',
        above(rule.longWindow),
        ')',
      ].join('\n');
    })
    .join('\nor\n');
}
