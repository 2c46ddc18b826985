import {
  addDays,
  dayOf,
  daysBetween,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  MetricValueUnit,
  OwnedMetric,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { formatCount, formatPercent, NO_DATA } from '../../shared/format';

/**
 * A goal or metric value as people read it: ratios (0–1) as percentages with 2 decimals
 * (`0.995` → `99.50 %`), counts as integers with thousands separators (`12345` → `12,345`).
 */
export function formatMetricValue(
  value: number | null | undefined,
  unit: MetricValueUnit,
): string {
  if (value === null || value === undefined) return NO_DATA;
  return unit === 'ratio' ? formatPercent(value, 2) : formatCount(value);
}

/** How an owned metric's values read: SLO SLIs and integration success rates are ratios. */
export function unitOfMetric(
  metric: Pick<OwnedMetric, 'kind'>,
): MetricValueUnit {
  return metric.kind === 'kpi' ? 'count' : 'ratio';
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

const SHORT_DAY_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: '2-digit',
  month: 'short',
  timeZone: 'UTC',
});

// Days are UTC calendar days: formatting them in the viewer's zone could show the day before.
function utc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** A calendar day `YYYY-MM-DD` as `03 Mar 2025`. */
export function formatCalendarDay(day: string): string {
  const date = utc(day);
  return Number.isNaN(date.getTime()) ? day : DAY_FORMAT.format(date);
}

/** A calendar day `YYYY-MM-DD` as `03 Mar`, for chart ticks. */
export function formatShortDay(day: string): string {
  const date = utc(day);
  return Number.isNaN(date.getTime()) ? day : SHORT_DAY_FORMAT.format(date);
}

/** An ISO week named by its Monday: `week of 03 Mar 2025`. */
export function formatWeek(week: string): string {
  return `week of ${formatCalendarDay(week)}`;
}

/** Today as a UTC calendar day, the way the backend counts days. */
export function today(now: number = Date.now()): string {
  return dayOf(now);
}

/** How far a due date is from today: `today`, `in 3 days`, `2 days ago`. */
export function formatDueIn(dueDate: string, now: string = today()): string {
  const days = daysBetween(now, dueDate);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  return days > 0 ? `in ${days} days` : `${-days} days ago`;
}

/**
 * The 7 days a goal's outcome is measured over: those ending at its due date, or yesterday
 * when the due date is today (today is not complete yet).
 */
export function outcomeWindow(
  dueDate: string,
  now: string = today(),
): { fromDay: string; toDay: string } {
  const yesterday = addDays(now, -1);
  const toDay = dueDate < yesterday ? dueDate : yesterday;
  return { fromDay: addDays(toDay, -6), toDay };
}
