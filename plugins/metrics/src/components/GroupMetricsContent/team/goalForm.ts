import { addDays, isDay } from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  CreateGoalRequest,
  Goal,
  GoalFollowUp,
  MetricRef,
  MetricValueUnit,
  UpdateFollowUpRequest,
  UpdateGoalRequest,
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

/** The edit form of a goal, pre-filled from it (`goalFormValues`). */
export function goalFormValues(goal: Goal): GoalFormValues {
  return {
    baseline: toInputValue(goal.baseline, goal.unit),
    target: toInputValue(goal.target, goal.unit),
    dueDate: goal.dueDate,
    notes: goal.notes ?? '',
  };
}

/** A number as typed, unless the field still shows `value` as pre-filled (kept exactly). */
function typedOrKept(
  text: string,
  value: number,
  unit: MetricValueUnit,
): { value?: number; error?: string } {
  return text === toInputValue(value, unit)
    ? { value }
    : parseValue(text, unit);
}

/**
 * Checks a goal's edit form and turns it into the request body: only the fields that changed,
 * on the revision the form was opened on. A due date is checked against today only when it
 * changed, so a goal past its due date can still be corrected; emptied notes are cleared.
 */
export function toUpdateGoalRequest(options: {
  goal: Goal;
  values: GoalFormValues;
  reason: string;
  today: string;
}):
  | { ok: true; request: UpdateGoalRequest; changed: boolean }
  | { ok: false; errors: GoalFormErrors } {
  const { goal, values } = options;
  const errors: GoalFormErrors = {};
  const baseline = typedOrKept(values.baseline, goal.baseline, goal.unit);
  if (baseline.error) errors.baseline = baseline.error;
  const target = typedOrKept(values.target, goal.target, goal.unit);
  if (target.error) errors.target = target.error;
  if (!isDay(values.dueDate)) {
    errors.dueDate = 'Enter a date';
  } else if (
    values.dueDate !== goal.dueDate &&
    values.dueDate < options.today
  ) {
    errors.dueDate = 'The due date must not be in the past';
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const notes = values.notes.trim();
  const changes: Omit<UpdateGoalRequest, 'revision' | 'reason'> = {
    ...(baseline.value !== goal.baseline ? { baseline: baseline.value } : {}),
    ...(target.value !== goal.target ? { target: target.value } : {}),
    ...(values.dueDate !== goal.dueDate ? { dueDate: values.dueDate } : {}),
    ...(notes !== (goal.notes ?? '') ? { notes: notes || null } : {}),
  };
  return {
    ok: true,
    changed: Object.keys(changes).length > 0,
    request: {
      ...changes,
      revision: goal.revision,
      ...withReason(options.reason),
    },
  };
}

/** The reason of an edit or withdrawal, when one was typed. */
export function withReason(reason: string): { reason?: string } {
  const trimmed = reason.trim();
  return trimmed ? { reason: trimmed } : {};
}

/** A follow-up's edit: the verdict and notes that changed, on the follow-up's revision. */
export function toUpdateFollowUpRequest(
  followUp: GoalFollowUp,
  values: { met: boolean; notes: string; reason: string },
): { request: UpdateFollowUpRequest; changed: boolean } {
  const notes = values.notes.trim();
  const changes = {
    ...(values.met !== followUp.met ? { met: values.met } : {}),
    ...(notes !== (followUp.notes ?? '') ? { notes: notes || null } : {}),
  };
  return {
    changed: Object.keys(changes).length > 0,
    request: {
      ...changes,
      revision: followUp.revision,
      ...withReason(values.reason),
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
