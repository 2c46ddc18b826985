import { InputError } from '@backstage/errors';
import {
  addDays,
  clipInput,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { DateTime } from 'luxon';

/*
 * Every date a request may carry, and the window it must fall in (docs/api.md#date-windows).
 * Dates outside them are typos or probes, never plans: a due date in 2099, a review of 1970.
 */

/** No date input may name a day before this one. */
export const EARLIEST_DAY = '2000-01-01';

/** Review weeks up to this many days ahead of today: the next week may be prepared. */
export const REVIEW_WEEK_DAYS_AHEAD = 7;
/** Goals are due at most this many years ahead of today. */
export const GOAL_DUE_YEARS_AHEAD = 5;
/** A view's `end` within this many days before now; older data is gone from Prometheus. */
export const VIEW_END_LOOKBACK_DAYS = 400;
/** A view's `end` up to this many seconds ahead of now, for clocks a little ahead of ours. */
export const VIEW_END_SECONDS_AHEAD = 60;

/** Inclusive bounds of a day input, `YYYY-MM-DD` (UTC). */
export interface DayWindow {
  from: string;
  to: string;
  /** How people read the window, e.g. "today to 5 years ahead". */
  reads: string;
}

const later = (a: string, b: string) => (a > b ? a : b);

/** `years` calendar years after `day` (29 February becomes 28 February). */
function addYears(day: string, years: number): string {
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ years }).toISODate()!;
}

/** `week` of a review: the Monday of a week from 2000 up to 7 days ahead of `today`. */
export function reviewWeekWindow(today: string): DayWindow {
  return {
    from: EARLIEST_DAY,
    to: addDays(today, REVIEW_WEEK_DAYS_AHEAD),
    reads: `${EARLIEST_DAY} to ${REVIEW_WEEK_DAYS_AHEAD} days ahead`,
  };
}

/** `dueDate` of a goal: from today (never in the past) to 5 years ahead. */
export function goalDueDateWindow(today: string): DayWindow {
  return {
    from: later(EARLIEST_DAY, today),
    to: addYears(today, GOAL_DUE_YEARS_AHEAD),
    reads: `today to ${GOAL_DUE_YEARS_AHEAD} years ahead`,
  };
}

/** @throws InputError naming the field and the window when `day` is outside it. */
export function checkDayWindow(
  field: string,
  day: string,
  window: DayWindow,
): void {
  if (day < window.from || day > window.to) {
    throw new InputError(
      `'${field}' must be from ${window.from} to ${window.to} (${
        window.reads
      }), got ${clipInput(day)}`,
    );
  }
}

/** Inclusive bounds of the `end` of a view, in Unix seconds. */
export interface InstantWindow {
  from: number;
  to: number;
}

export function viewEndWindow(nowSeconds: number): InstantWindow {
  return {
    from: nowSeconds - VIEW_END_LOOKBACK_DAYS * 86400,
    to: nowSeconds + VIEW_END_SECONDS_AHEAD,
  };
}

/** @throws InputError naming the parameter and the window when `end` is outside it. */
export function checkViewEnd(
  end: number,
  window: InstantWindow,
  given: string,
): void {
  if (end < window.from || end > window.to) {
    throw new InputError(
      `Query parameter 'end' must be within the last ${VIEW_END_LOOKBACK_DAYS} days and not in the future (${new Date(
        window.from * 1000,
      ).toISOString()} to ${new Date(
        window.to * 1000,
      ).toISOString()}), got '${clipInput(given)}'`,
    );
  }
}
