import { addDays, isDay } from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  CreateGoalRequest,
  Goal,
  MetricRef,
  MetricValueUnit,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** How long a new goal runs by default. */
export const DEFAULT_GOAL_DAYS = 28;

/** The new-goal form as typed; ratios are typed in percent. */
export interface GoalFormValues {
  baseline: string;
  target: string;
  dueDate: string;
  notes: string;
}

/** Problems of the form, by field. */
export interface GoalFormErrors {
  metric?: string;
  baseline?: string;
  target?: string;
  dueDate?: string;
}

/** The form field a value is typed in: percent with up to 2 decimals for ratios. */
export function toInputValue(value: number, unit: MetricValueUnit): string {
  const shown = unit === 'ratio' ? value * 100 : value;
  return String(Number(shown.toFixed(2)));
}

// 0.1 + 0.2 style noise from the percent → ratio division is not what anybody typed.
function fromPercent(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}

function parseValue(
  text: string,
  unit: MetricValueUnit,
): { value?: number; error?: string } {
  const trimmed = text.trim().replace(/,/g, '');
  if (trimmed === '') return { error: 'Required' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: 'Enter a number' };
  if (unit === 'ratio') {
    if (value < 0 || value > 100) {
      return { error: 'Enter a percentage from 0 to 100' };
    }
    return { value: fromPercent(value) };
  }
  if (value < 0) return { error: 'Enter a count of 0 or more' };
  return { value };
}

/**
 * Checks the new-goal form and turns it into the request body: percentages become 0–1
 * ratios. A baseline left as pre-filled is sent exactly as measured (the field shows it
 * rounded); an empty one is left out so the backend measures it.
 */
export function toCreateGoalRequest(options: {
  metric?: MetricRef;
  unit: MetricValueUnit;
  values: GoalFormValues;
  /** The measured baseline and how the form showed it. */
  prefilled?: { value: number; text: string };
  today: string;
}):
  | { ok: true; request: CreateGoalRequest }
  | { ok: false; errors: GoalFormErrors } {
  const { metric, unit, values, prefilled } = options;
  const errors: GoalFormErrors = {};
  if (!metric) errors.metric = 'Pick one of the squad’s metrics';

  let baseline: number | undefined;
  if (prefilled && values.baseline === prefilled.text) {
    baseline = prefilled.value;
  } else if (values.baseline.trim() !== '') {
    const parsed = parseValue(values.baseline, unit);
    baseline = parsed.value;
    if (parsed.error) errors.baseline = parsed.error;
  }

  const target = parseValue(values.target, unit);
  if (target.error) errors.target = target.error;

  if (!isDay(values.dueDate)) {
    errors.dueDate = 'Enter a date';
  } else if (values.dueDate < options.today) {
    // Today is allowed: a goal due today is followed up today.
    errors.dueDate = 'The due date must not be in the past';
  }

  if (!metric || target.value === undefined || Object.keys(errors).length) {
    return { ok: false, errors };
  }
  const notes = values.notes.trim();
  return {
    ok: true,
    request: {
      metric,
      target: target.value,
      dueDate: values.dueDate,
      ...(baseline !== undefined ? { baseline } : {}),
      ...(notes ? { notes } : {}),
    },
  };
}

/** The default due date of a new goal: four weeks from today. */
export function defaultDueDate(today: string): string {
  return addDays(today, DEFAULT_GOAL_DAYS);
}

/**
 * Whether a measured outcome meets the goal: at or above the target when the goal is to
 * increase, at or below when it is to decrease; undefined without data.
 */
export function isGoalMet(
  goal: Pick<Goal, 'target' | 'direction'>,
  outcome: number | null | undefined,
): boolean | undefined {
  if (outcome === null || outcome === undefined) return undefined;
  return goal.direction === 'increase'
    ? outcome >= goal.target
    : outcome <= goal.target;
}
