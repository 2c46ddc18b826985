/**
 * Calendar helpers for history: days are `YYYY-MM-DD` in UTC, weeks are named by their
 * Monday (ISO weeks).
 */

import { DateTime } from 'luxon';

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The UTC day of an instant, `YYYY-MM-DD`.
 *
 * @public
 */
export function dayOf(instant: Date | number | string): string {
  return new Date(instant).toISOString().slice(0, 10);
}

/**
 * Whether a string is a real calendar day `YYYY-MM-DD`.
 *
 * @public
 */
export function isDay(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    DAY.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    dayOf(`${value}T00:00:00Z`) === value
  );
}

/**
 * The day `days` after (or before, when negative) a day.
 *
 * @public
 */
export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @public
 */
export function daysBetween(from: string, to: string): number {
  return Math.round(
    (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS,
  );
}

/**
 * The Monday of the ISO week holding a day or instant.
 *
 * @public
 */
export function weekOf(instant: Date | number | string): string {
  const day =
    typeof instant === 'string' && isDay(instant) ? instant : dayOf(instant);
  // Luxon's weeks are ISO weeks (Monday first) unless asked for locale weeks.
  return DateTime.fromISO(day, { zone: 'utc' }).startOf('week').toISODate()!;
}

/**
 * Start (inclusive) and end (exclusive) of a day in Unix seconds.
 *
 * @public
 */
export function dayBounds(day: string): { start: number; end: number } {
  const start = Date.parse(`${day}T00:00:00Z`) / 1000;
  return { start, end: start + 86_400 };
}
