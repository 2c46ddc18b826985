import { InputError } from '@backstage/errors';
import { ratio } from './counters';
import { BURN_RATE_WINDOWS, BurnRateWindow, parseDuration } from './windows';

/**
 * Event counts of a ratio SLI over one window: `good` events out of `valid` events
 * (numerator and denominator, e.g. non-5xx requests out of all requests).
 *
 * Counts are summed, never ratios averaged: to combine windows or snapshots use
 * {@link sumSliCounts}.
 *
 * @public
 */
export interface SliCounts {
  good: number;
  valid: number;
}

/**
 * {@link SliCounts} at one point of a series; `t` in Unix seconds.
 *
 * @public
 */
export interface SliCountsPoint extends SliCounts {
  t: number;
}

/**
 * Severity of the multi-window, multi-burn-rate alert.
 *
 * @public
 */
export type AlertSeverity = 'none' | 'ticket' | 'page';

/**
 * Overall state of an SLO, in the order it is decided: `no-data`, `low-traffic`,
 * `breaching`, `at-risk`, `healthy`.
 *
 * @public
 */
export type SloState =
  | 'healthy'
  | 'at-risk'
  | 'breaching'
  | 'no-data'
  | 'low-traffic';

/**
 * Burn rates by window; a window without data is absent.
 *
 * @public
 */
export type BurnRates = Partial<Record<BurnRateWindow, number>>;

/**
 * One alert condition: fires when both windows burn strictly faster than `burnRate`.
 *
 * @public
 */
export interface BurnRateAlertRule {
  severity: Exclude<AlertSeverity, 'none'>;
  longWindow: BurnRateWindow;
  shortWindow: BurnRateWindow;
  burnRate: number;
}

/**
 * The SRE workbook's recommended multi-window, multi-burn-rate conditions (Table 5-8 plus
 * the 3× ticket of its final configuration), as Sloth and Grafana SLO use for 28/30-day SLOs.
 *
 * @public
 */
export const SRE_WORKBOOK_ALERT_RULES: ReadonlyArray<BurnRateAlertRule> = [
  { severity: 'page', longWindow: '1h', shortWindow: '5m', burnRate: 14.4 },
  { severity: 'page', longWindow: '6h', shortWindow: '30m', burnRate: 6 },
  { severity: 'ticket', longWindow: '1d', shortWindow: '2h', burnRate: 3 },
  { severity: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1 },
];

/**
 * Thresholds that turn numbers into an {@link SloState}.
 *
 * @public
 */
export interface SloStateOptions {
  /**
   * Below this many valid events in the SLO window the state is `low-traffic` (numbers are
   * still reported). Default {@link DEFAULT_SLO_STATE_OPTIONS}.minValidEvents.
   */
  minValidEvents?: number;
  /**
   * Budget remaining (fraction) below which a still-positive budget is `at-risk`.
   * Default {@link DEFAULT_SLO_STATE_OPTIONS}.atRiskBudgetRemaining.
   */
  atRiskBudgetRemaining?: number;
}

/**
 * Defaults of {@link SloStateOptions}.
 *
 * - `minValidEvents: 100`: below 100 events a single event moves the SLI by more than one
 *   percentage point, so against any 99%+ objective one failure decides the verdict; 100
 *   events in 28 days (~4 a day) is a service too quiet to judge, and a higher bar would
 *   hide the state of ordinary internal services. Tune per SLO when needed.
 * - `atRiskBudgetRemaining: 0.25`: a quarter of the budget left gives a team time to act
 *   before it is spent; matches the common "75% consumed" warning of SLO tools.
 *
 * @public
 */
export const DEFAULT_SLO_STATE_OPTIONS: Readonly<Required<SloStateOptions>> = {
  minValidEvents: 100,
  atRiskBudgetRemaining: 0.25,
};

/**
 * Counts made safe to compute with: non-finite or negative counts are no data (0/0), and
 * `good` is clamped into `[0, valid]`. Clamping matters because good and valid come from
 * separate extrapolated `increase()` queries and can disagree by a fraction of an event.
 */
function clean(counts: SliCounts | undefined): SliCounts {
  const good = counts?.good;
  const valid = counts?.valid;
  if (
    typeof good !== 'number' ||
    typeof valid !== 'number' ||
    !Number.isFinite(good) ||
    !Number.isFinite(valid) ||
    valid <= 0
  ) {
    return { good: 0, valid: 0 };
  }
  return { good: Math.min(Math.max(good, 0), valid), valid };
}

/**
 * Counts from an error count, the usual PromQL shape (`5xx` out of all requests).
 *
 * @public
 */
export function sliCountsFromErrors(errors: number, valid: number): SliCounts {
  return { good: valid - errors, valid };
}

/**
 * Adds counts of several windows or snapshots: sums numerators and denominators.
 * Entries without data (non-finite, zero) add nothing instead of poisoning the total.
 *
 * @public
 */
export function sumSliCounts(counts: Iterable<SliCounts>): SliCounts {
  let good = 0;
  let valid = 0;
  for (const c of counts) {
    const usable = clean(c);
    good += usable.good;
    valid += usable.valid;
  }
  return { good, valid };
}

/**
 * The error budget `1 − target` of an objective given in percent (`99.9` → `0.001`).
 * Objectives are decimal percentages, so binary rounding noise of `100 − objective` is
 * removed: `99.9` gives exactly `0.001`, and 500 bad of 1,000,000 burns exactly 0.5.
 *
 * @throws InputError when the objective is not strictly between 0 and 100 (100% leaves no
 * budget to divide by).
 * @public
 */
export function errorBudget(objectivePercent: number): number {
  if (
    typeof objectivePercent !== 'number' ||
    !Number.isFinite(objectivePercent) ||
    objectivePercent <= 0 ||
    objectivePercent >= 100
  ) {
    throw new InputError(
      `Invalid SLO objective ${objectivePercent}: must be a percentage strictly between 0 and 100`,
    );
  }
  return Number((100 - objectivePercent).toPrecision(12)) / 100;
}

/**
 * The SLI `good / valid`, or `undefined` when there is no data (no valid events).
 *
 * @public
 */
export function sli(counts: SliCounts): number | undefined {
  const c = clean(counts);
  return ratio(c.good, c.valid);
}

/**
 * The error ratio `bad / valid`, or `undefined` when there is no data.
 *
 * @public
 */
export function errorRatio(counts: SliCounts): number | undefined {
  const c = clean(counts);
  return ratio(c.valid - c.good, c.valid);
}

/**
 * Burn rate `errorRatio / (1 − target)`: 1 spends the budget exactly over the SLO window.
 * `undefined` when there is no data.
 *
 * @throws InputError for an invalid objective (see {@link errorBudget}).
 * @public
 */
export function burnRate(
  counts: SliCounts,
  objectivePercent: number,
): number | undefined {
  const budget = errorBudget(objectivePercent);
  const errors = errorRatio(counts);
  return errors === undefined ? undefined : errors / budget;
}

/**
 * Error budget remaining `1 − (bad / valid) / (1 − target)`: 1 untouched, 0 spent,
 * negative overspent. `undefined` when there is no data.
 *
 * @throws InputError for an invalid objective (see {@link errorBudget}).
 * @public
 */
export function errorBudgetRemaining(
  counts: SliCounts,
  objectivePercent: number,
): number | undefined {
  const rate = burnRate(counts, objectivePercent);
  return rate === undefined ? undefined : 1 - rate;
}

/**
 * Burn rates of the windows that have data.
 *
 * @public
 */
export function burnRates(
  counts: Partial<Record<BurnRateWindow, SliCounts>>,
  objectivePercent: number,
): BurnRates {
  const budget = errorBudget(objectivePercent);
  const rates: BurnRates = {};
  for (const window of BURN_RATE_WINDOWS) {
    const c = counts[window];
    const errors = c ? errorRatio(c) : undefined;
    if (errors !== undefined) rates[window] = errors / budget;
  }
  return rates;
}

function exceeds(value: number | undefined, threshold: number): boolean {
  // Strictly greater, as the workbook's `>` rules; undefined/NaN never triggers.
  return typeof value === 'number' && value > threshold;
}

/**
 * Alert severity from burn rates: a condition fires when both its long and short window
 * burn strictly faster than its threshold; a missing window never fires. Page wins over
 * ticket. The objective is already folded into the burn rates.
 *
 * @param rules - defaults to {@link SRE_WORKBOOK_ALERT_RULES}
 * @public
 */
export function alertState(
  rates: BurnRates,
  rules: ReadonlyArray<BurnRateAlertRule> = SRE_WORKBOOK_ALERT_RULES,
): AlertSeverity {
  let severity: AlertSeverity = 'none';
  for (const rule of rules) {
    if (
      exceeds(rates[rule.longWindow], rule.burnRate) &&
      exceeds(rates[rule.shortWindow], rule.burnRate)
    ) {
      if (rule.severity === 'page') return 'page';
      severity = 'ticket';
    }
  }
  return severity;
}

function resolveStateOptions(
  options: SloStateOptions | undefined,
): Required<SloStateOptions> {
  const minValidEvents =
    options?.minValidEvents ?? DEFAULT_SLO_STATE_OPTIONS.minValidEvents;
  const atRiskBudgetRemaining =
    options?.atRiskBudgetRemaining ??
    DEFAULT_SLO_STATE_OPTIONS.atRiskBudgetRemaining;
  if (!Number.isFinite(minValidEvents) || minValidEvents < 0) {
    throw new InputError(
      `Invalid minValidEvents ${minValidEvents}: must be a number >= 0`,
    );
  }
  if (
    !Number.isFinite(atRiskBudgetRemaining) ||
    atRiskBudgetRemaining < 0 ||
    atRiskBudgetRemaining > 1
  ) {
    throw new InputError(
      `Invalid atRiskBudgetRemaining ${atRiskBudgetRemaining}: must be between 0 and 1`,
    );
  }
  return { minValidEvents, atRiskBudgetRemaining };
}

/**
 * Input of {@link sloState}.
 *
 * @public
 */
export interface SloStateInput {
  /** Valid events in the SLO window. */
  validEvents: number;
  /** Budget remaining over the SLO window; `undefined` when there is no data. */
  budgetRemaining: number | undefined;
  alert: AlertSeverity;
}

/**
 * The state of an SLO:
 * `no-data` without valid events; `low-traffic` below `minValidEvents` (checked before
 * breaching, since a handful of events cannot prove a breach); `breaching` when the
 * budget is overspent (below zero); `at-risk` when an alert fires or less than
 * `atRiskBudgetRemaining` is left; otherwise `healthy`.
 *
 * @throws InputError for invalid options.
 * @public
 */
export function sloState(
  input: SloStateInput,
  options?: SloStateOptions,
): SloState {
  const { minValidEvents, atRiskBudgetRemaining } =
    resolveStateOptions(options);
  const { validEvents, budgetRemaining, alert } = input;
  if (
    !Number.isFinite(validEvents) ||
    validEvents <= 0 ||
    budgetRemaining === undefined ||
    !Number.isFinite(budgetRemaining)
  ) {
    return 'no-data';
  }
  if (validEvents < minValidEvents) return 'low-traffic';
  if (budgetRemaining < 0) return 'breaching';
  if (alert !== 'none' || budgetRemaining < atRiskBudgetRemaining) {
    return 'at-risk';
  }
  return 'healthy';
}

/**
 * One point of the budget burn-down chart; `null` until the window has seen valid events.
 *
 * @public
 */
export interface BudgetBurnDownPoint {
  t: number;
  budgetRemaining: number | null;
}

/**
 * Options of {@link budgetBurnDown}.
 *
 * @public
 */
export interface BudgetBurnDownOptions {
  /**
   * `true` when each point already holds the counts from the window start up to `t`
   * (e.g. stored running totals); default `false`: each point holds the counts of its own
   * step (e.g. `increase(...[step])`) and they are summed from the window start.
   */
  cumulative?: boolean;
}

function byTime<T extends { t: number }>(points: ReadonlyArray<T>): T[] {
  return points.filter(p => Number.isFinite(p.t)).sort((a, b) => a.t - b.t);
}

/**
 * Series for a budget burn-down chart: at each point, the budget remaining over the counts
 * from the window start (the first point) up to that point. Steps without data add nothing.
 *
 * @throws InputError for an invalid objective.
 * @public
 */
export function budgetBurnDown(
  points: ReadonlyArray<SliCountsPoint>,
  objectivePercent: number,
  options?: BudgetBurnDownOptions,
): BudgetBurnDownPoint[] {
  errorBudget(objectivePercent);
  let total: SliCounts = { good: 0, valid: 0 };
  return byTime(points).map(point => {
    total = options?.cumulative ? clean(point) : sumSliCounts([total, point]);
    const remaining = errorBudgetRemaining(total, objectivePercent);
    return { t: point.t, budgetRemaining: remaining ?? null };
  });
}

/**
 * One point of an SLI series; `null` where the step has no valid events.
 *
 * @public
 */
export interface SliSeriesPoint {
  t: number;
  sli: number | null;
}

/**
 * The SLI of each step of a per-step counts series (for the SLI-vs-target chart).
 *
 * @public
 */
export function sliSeries(
  points: ReadonlyArray<SliCountsPoint>,
): SliSeriesPoint[] {
  return byTime(points).map(point => ({
    t: point.t,
    sli: sli(point) ?? null,
  }));
}

/**
 * Options of {@link evaluateSlo}.
 *
 * @public
 */
export interface EvaluateSloOptions extends SloStateOptions {
  /** Defaults to {@link SRE_WORKBOOK_ALERT_RULES}. */
  alertRules?: ReadonlyArray<BurnRateAlertRule>;
}

/**
 * Input of {@link evaluateSlo}: the definition and the counts fetched for it.
 *
 * @public
 */
export interface EvaluateSloInput {
  name: string;
  /** Objective in percent, e.g. `99.9`. */
  objective: number;
  /** SLO window, e.g. `28d`. */
  window: string;
  counts: {
    /** Counts over the whole SLO window. */
    window: SliCounts;
    /** Counts over each burn-rate window that could be fetched. */
    burn?: Partial<Record<BurnRateWindow, SliCounts>>;
  };
  /** Optional per-step counts from the window start, for the charts. */
  series?: ReadonlyArray<SliCountsPoint>;
  options?: EvaluateSloOptions;
}

/**
 * One point of {@link SloItem.series}: the step's SLI and the budget remaining from the
 * window start up to the point.
 *
 * @public
 */
export interface SloSeriesPoint {
  t: number;
  sli: number | null;
  budgetRemaining: number | null;
}

/**
 * An SLO as the API returns it (docs/api.md#entity-view). JSON-safe: no `NaN` or `Infinity`; no data
 * is `null`.
 *
 * @public
 */
export interface SloItem {
  name: string;
  /** Percent, e.g. `99.9`. */
  objective: number;
  window: string;
  /** 0–1 over the SLO window; `null` without data. */
  sli: number | null;
  /** Fraction of the error budget left; negative when overspent; `null` without data. */
  budgetRemaining: number | null;
  /** Only the windows with data. */
  burnRates: BurnRates;
  alert: AlertSeverity;
  state: SloState;
  /** The counts behind `sli`, so the UI can show the volume (after cleaning). */
  counts: SliCounts;
  series?: SloSeriesPoint[];
}

/**
 * Evaluates one SLO from its counts into the API's SLO item.
 *
 * @throws InputError for an invalid objective, window or options.
 * @public
 */
export function evaluateSlo(input: EvaluateSloInput): SloItem {
  const { name, objective, window, options } = input;
  errorBudget(objective);
  parseDuration(window);
  const counts = clean(input.counts.window);
  const budgetRemaining = errorBudgetRemaining(counts, objective);
  const rates = burnRates(input.counts.burn ?? {}, objective);
  const alert = alertState(rates, options?.alertRules);
  const state = sloState(
    { validEvents: counts.valid, budgetRemaining, alert },
    options,
  );
  const item: SloItem = {
    name,
    objective,
    window,
    sli: sli(counts) ?? null,
    budgetRemaining: budgetRemaining ?? null,
    burnRates: rates,
    alert,
    state,
    counts,
  };
  if (input.series) {
    const slis = sliSeries(input.series);
    const budgets = budgetBurnDown(input.series, objective);
    item.series = slis.map((point, i) => ({
      t: point.t,
      sli: point.sli,
      budgetRemaining: budgets[i].budgetRemaining,
    }));
  }
  return item;
}
