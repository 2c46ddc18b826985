import { DateTime } from 'luxon';

/** A wall-clock time in some time zone (month 1–12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall clock of an instant (ms since the epoch) in an IANA time zone. */
export function wallClock(instant: number, timeZone: string): WallClock {
  const { year, month, day, hour, minute } = DateTime.fromMillis(instant, {
    zone: timeZone,
  });
  return { year, month, day, hour, minute };
}

/**
 * The instant (ms) a wall-clock time names in a zone. In an hour repeated by a DST change it is
 * the first of the two; in an hour skipped by one, the instant the clock would have shown it.
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  // Luxon moves a skipped time forward (02:30 → 03:30), the instant sought; of a repeated
  // time it picks either offset, so take the earlier of the possible ones.
  const at = DateTime.fromObject(wall, { zone: timeZone });
  return Math.min(...at.getPossibleOffsets().map(d => d.toMillis()));
}

/** Midnight starting the day after `wall`'s day, as a wall clock. */
export function nextDay(wall: WallClock): WallClock {
  const { year, month, day } = DateTime.fromObject(
    { year: wall.year, month: wall.month, day: wall.day },
    { zone: 'utc' },
  ).plus({ days: 1 });
  return { year, month, day, hour: 0, minute: 0 };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-01-07`. */
export function formatWallDay(wall: WallClock): string {
  return `${wall.year}-${pad(wall.month)}-${pad(wall.day)}`;
}

/** `2025-01-07 14:00`. */
export function formatWallTime(wall: WallClock): string {
  return `${formatWallDay(wall)} ${pad(wall.hour)}:${pad(wall.minute)}`;
}

// `2025-01-07`, `2025-01-07T05:00:00`, `2025-01-07 05:00` (seconds and fraction optional).
const X_VALUE =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * Reads an Amplitude `xValues` entry: a project-local date (`YYYY-MM-DD`) or date and hour
 * (`YYYY-MM-DDTHH:mm:ss`, also with a space). Undefined for anything else.
 */
export function parseXValue(value: string): WallClock | undefined {
  const match = X_VALUE.exec(value.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi] = match;
  const wall = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: h === undefined ? 0 : Number(h),
    minute: mi === undefined ? 0 : Number(mi),
  };
  if (
    wall.month < 1 ||
    wall.month > 12 ||
    wall.day < 1 ||
    wall.day > 31 ||
    wall.hour > 23 ||
    wall.minute > 59
  ) {
    return undefined;
  }
  return wall;
}
