import {
  RANGE_WINDOW_SECONDS,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Shown wherever a number has no data (never `NaN`, never `0 %`). */
export const NO_DATA = 'no data';

/** Shown for a delta when either period has no data. */
export const NO_DELTA = '—';

// The typographic minus sign: "−35.0 %" reads better than "-35.0 %".
const MINUS = '\u2212';

function isNumber(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function signed(text: string, negative: boolean): string {
  return negative ? `${MINUS}${text}` : text;
}

/** A 0–1 ratio as a percentage: `0.9995` → `99.950 %` (3 decimals), `null` → `no data`. */
export function formatPercent(
  ratio: number | null | undefined,
  decimals = 1,
): string {
  if (!isNumber(ratio)) return NO_DATA;
  const value = ratio * 100;
  const text = Math.abs(value).toFixed(decimals);
  // -0.0001 rounds to "0.0": no minus sign in front of a zero.
  return `${signed(text, value < 0 && Number(text) !== 0)} %`;
}

/** An SLI (0–1) with the precision SLOs need: `0.9995` → `99.950 %`. */
export function formatSli(sli: number | null | undefined): string {
  return formatPercent(sli, 3);
}

/**
 * Error budget left (fraction, may be negative): `0.5` → `50.0 %`,
 * `-0.35` → `−35.0 % (overspent)`, `null` → `no data`.
 */
export function formatBudget(budget: number | null | undefined): string {
  if (!isNumber(budget)) return NO_DATA;
  const text = formatPercent(budget, 1);
  return budget < 0 ? `${text} (overspent)` : text;
}

/** A success or error rate (0–1) with 2 decimals: `0.9712` → `97.12 %`. */
export function formatRate(ratio: number | null | undefined): string {
  return formatPercent(ratio, 2);
}

/** An SLO objective in percent as declared: `99.9` → `99.9 %`. */
export function formatObjective(objectivePercent: number): string {
  return `${Number(objectivePercent.toFixed(4))} %`;
}

const countFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 0,
});

/** A count with thousands separators: `1234567` → `1,234,567`. */
export function formatCount(count: number | null | undefined): string {
  if (!isNumber(count)) return NO_DATA;
  return countFormat.format(count);
}

const compactFormat = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** A count for tight spaces: `1234567` → `1.2M`. */
export function formatCompactCount(count: number | null | undefined): string {
  if (!isNumber(count)) return NO_DATA;
  return compactFormat.format(count);
}

function significant(value: number): string {
  if (value === 0) return '0';
  if (value >= 100) return countFormat.format(Math.round(value));
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/**
 * Requests over the range as a rate: per second, or per minute when below 1 req/s.
 * `formatRequestRate(36_000, '1h')` → `10.0 req/s`; `formatRequestRate(60, '1h')` → `1.00 req/min`.
 */
export function formatRequestRate(
  requests: number | null | undefined,
  range: RangeWindow,
): string {
  if (!isNumber(requests)) return NO_DATA;
  const perSecond = requests / RANGE_WINDOW_SECONDS[range];
  if (perSecond === 0) return '0 req/s';
  if (perSecond >= 1) return `${significant(perSecond)} req/s`;
  return `${significant(perSecond * 60)} req/min`;
}

/** A latency in seconds as milliseconds: `0.2345` → `235 ms`, `undefined` → `no data`. */
export function formatLatency(seconds: number | null | undefined): string {
  if (!isNumber(seconds)) return NO_DATA;
  const ms = seconds * 1000;
  return `${ms < 10 ? ms.toFixed(1) : countFormat.format(Math.round(ms))} ms`;
}

/** A burn rate: `0.5` → `0.50×`, `14.4` → `14.4×`, `120` → `120×`. */
export function formatBurnRate(rate: number | null | undefined): string {
  if (!isNumber(rate)) return NO_DELTA;
  return `${significant(rate)}×`;
}

/** The range control's choices, in order, with the label people read. */
export const RANGE_OPTIONS: ReadonlyArray<{
  value: RangeWindow;
  label: string;
  long: string;
}> = [
  { value: '1h', label: '1h', long: 'last hour' },
  { value: '1d', label: '24h', long: 'last 24 hours' },
  { value: '7d', label: '7d', long: 'last 7 days' },
  { value: '28d', label: '28d', long: 'last 28 days' },
];

/** `1d` → `last 24 hours`. */
export function formatRange(range: RangeWindow): string {
  return RANGE_OPTIONS.find(o => o.value === range)?.long ?? range;
}

/** `1d` → `previous 24 hours`: the period deltas compare against. */
export function formatPreviousRange(range: RangeWindow): string {
  return formatRange(range).replace(/^last/, 'previous');
}

const MONTHS = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
];

/**
 * A stored UTC day as people read it: `2026-11-21` → `21 Nov 2026`. Read as written, not in
 * the viewer's time zone: a snapshot covers a UTC day.
 */
export function formatStoredDay(day: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const month = match ? MONTHS[Number(match[2]) - 1] : undefined;
  return match && month ? `${Number(match[3])} ${month} ${match[1]}` : day;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function toDate(time: Date | number): Date {
  // Chart points carry Unix seconds; Dates pass through.
  return time instanceof Date ? time : new Date(time * 1000);
}

/** `HH:mm` in the viewer's time zone. */
export function formatClock(time: Date | number): string {
  const d = toDate(time);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** `dd MMM` in the viewer's time zone. */
export function formatDay(time: Date | number): string {
  const d = toDate(time);
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]}`;
}

/** A time-axis tick: `HH:mm` for ranges up to a day, `dd MMM` beyond. `t` in Unix seconds. */
export function formatTimeTick(t: number, range: RangeWindow): string {
  return RANGE_WINDOW_SECONDS[range] <= RANGE_WINDOW_SECONDS['1d']
    ? formatClock(t)
    : formatDay(t);
}

/** A point in time for tooltips and headers: `05 Mar 14:07`. */
export function formatDateTime(time: Date | number | string): string {
  const d = typeof time === 'string' ? new Date(time) : toDate(time);
  if (Number.isNaN(d.getTime())) return String(time);
  return `${formatDay(d)} ${formatClock(d)}`;
}

/** Whether a change is good, bad or neither for the reader. */
export type DeltaMeaning = 'good' | 'bad' | 'neutral';

/** A change between two periods, ready to render. */
export interface Delta {
  /** `▲ 0.012 pp`, `▼ 12 %`, `0.000 pp` or `—`. */
  text: string;
  direction: 'up' | 'down' | 'flat' | 'none';
  meaning: DeltaMeaning;
}

/** Which direction is good for a number. */
export type GoodWhen = 'up' | 'down' | 'neither';

function direction(change: number, epsilon: number): 'up' | 'down' | 'flat' {
  if (Math.abs(change) < epsilon) return 'flat';
  return change > 0 ? 'up' : 'down';
}

function meaningOf(
  dir: 'up' | 'down' | 'flat',
  goodWhen: GoodWhen,
): DeltaMeaning {
  if (dir === 'flat' || goodWhen === 'neither') return 'neutral';
  return dir === goodWhen ? 'good' : 'bad';
}

function arrow(dir: 'up' | 'down' | 'flat'): string {
  if (dir === 'up') return '▲ ';
  if (dir === 'down') return '▼ ';
  return '';
}

const NONE: Delta = { text: NO_DELTA, direction: 'none', meaning: 'neutral' };

/**
 * Change of a 0–1 ratio in percentage points: `pointsDelta(0.9995, 0.9990, 'up', 3)` →
 * `▲ 0.050 pp` (good). `—` when either side has no data.
 */
export function pointsDelta(
  current: number | null | undefined,
  previous: number | null | undefined,
  goodWhen: GoodWhen,
  decimals = 1,
): Delta {
  if (!isNumber(current) || !isNumber(previous)) return NONE;
  const change = (current - previous) * 100;
  const dir = direction(change, 0.5 * 10 ** -decimals);
  return {
    text: `${arrow(dir)}${Math.abs(change).toFixed(decimals)} pp`,
    direction: dir,
    meaning: meaningOf(dir, goodWhen),
  };
}

/**
 * Relative change of a count: `relativeDelta(1200, 1000, 'neither')` → `▲ 20 %`.
 * `—` when either side has no data or the previous count is 0.
 */
export function relativeDelta(
  current: number | null | undefined,
  previous: number | null | undefined,
  goodWhen: GoodWhen,
): Delta {
  if (!isNumber(current) || !isNumber(previous) || previous <= 0) return NONE;
  const change = ((current - previous) / previous) * 100;
  const dir = direction(change, 0.5);
  const size = Math.abs(change);
  return {
    text: `${arrow(dir)}${
      size >= 1000 ? countFormat.format(size) : size.toFixed(0)
    } %`,
    direction: dir,
    meaning: meaningOf(dir, goodWhen),
  };
}

/** Plural helper: `plural(1, 'problem')` → `1 problem`, `plural(2, 'problem')` → `2 problems`. */
export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
