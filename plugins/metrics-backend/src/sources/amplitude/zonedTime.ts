/** A wall-clock time in some time zone (month 1–12). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of an instant (ms since the epoch) in an IANA time zone. */
export function wallClock(instant: number, timeZone: string): WallClock {
  const parts = formatter(timeZone).formatToParts(new Date(instant));
  const part = (type: string) =>
    Number(parts.find(p => p.type === type)?.value ?? 0);
  return {
    year: part('year'),
    month: part('month'),
    day: part('day'),
    hour: part('hour') % 24,
    minute: part('minute'),
  };
}

function wallAsUtc(wall: WallClock): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute);
}

/** Offset of the zone from UTC at an instant, in ms (Berlin in winter: +3 600 000). */
function offsetAt(instant: number, timeZone: string): number {
  const whole = instant - (((instant % 60_000) + 60_000) % 60_000);
  return wallAsUtc(wallClock(whole, timeZone)) - whole;
}

/**
 * The instant (ms) a wall-clock time names in a zone. In an hour repeated by a DST change it is
 * the first of the two; in an hour skipped by one, the instant the clock would have shown it.
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  const asUtc = wallAsUtc(wall);
  // Offsets a day before and after cover any single transition near the time.
  const candidates = [
    asUtc - offsetAt(asUtc - 86_400_000, timeZone),
    asUtc - offsetAt(asUtc + 86_400_000, timeZone),
  ];
  const valid = candidates.filter(
    t => wallAsUtc(wallClock(t, timeZone)) === asUtc,
  );
  return valid.length > 0 ? Math.min(...valid) : candidates[0];
}

/** Midnight starting the day after `wall`'s day, as a wall clock. */
export function nextDay(wall: WallClock): WallClock {
  const d = new Date(Date.UTC(wall.year, wall.month - 1, wall.day + 1));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: 0,
    minute: 0,
  };
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
