import type { AmplitudeSegmentationResult } from './AmplitudeClient';
import {
  WallClock,
  formatWallDay,
  formatWallTime,
  instantOf,
  nextDay,
  parseXValue,
  wallClock,
} from './zonedTime';

/**
 * Ranges up to a day are counted by the hour, longer ones by the day: Amplitude serves hourly
 * buckets for at most 7 days, and a 7d range spans 8 calendar days.
 */
export const AMPLITUDE_HOURLY_MAX_MS = 86_400_000;

const HOUR_MS = 3_600_000;

/** Size of the buckets Amplitude counts in. */
export type AmplitudeGranularity = 'hour' | 'day';

interface Span {
  /** ms since the epoch, included. */
  start: number;
  /** ms since the epoch, excluded. */
  end: number;
}

/**
 * How a time range is read from Amplitude, which counts whole hours or days of the project's
 * time zone: which buckets are asked for and summed, and whether they are the range exactly.
 */
export interface AmplitudeRangePlan {
  granularity: AmplitudeGranularity;
  /** Sent as `i`. */
  interval: -3600000 | 1;
  timeZone: string;
  requested: Span;
  /** The buckets summed: those the range covers at least half of. */
  counted: Span;
  /** Sent as `start` and `end` (turned into project-local days by the client). */
  start: Date;
  end: Date;
  /** `counted` is `requested`. */
  exact: boolean;
}

function bucketAt(
  instant: number,
  granularity: AmplitudeGranularity,
  timeZone: string,
): Span {
  const wall = wallClock(instant, timeZone);
  if (granularity === 'hour') {
    // Zone offsets are whole minutes: the local hour starts `minute` minutes back.
    const start = instant - wall.minute * 60_000 - (instant % 60_000);
    return { start, end: start + HOUR_MS };
  }
  const midnight: WallClock = { ...wall, hour: 0, minute: 0 };
  return {
    start: instantOf(midnight, timeZone),
    end: instantOf(nextDay(midnight), timeZone),
  };
}

/**
 * Plans the reading of `[start, end)` from an Amplitude project in `timeZone`. A bucket is
 * counted when the range covers (at least) half of it, so each end of the range is off by at
 * most half a bucket; a range shorter than half a bucket counts the bucket holding most of it.
 */
export function planAmplitudeRange(
  range: { start: Date; end: Date },
  timeZone: string,
  options: { granularity?: AmplitudeGranularity } = {},
): AmplitudeRangePlan {
  const requested = { start: range.start.getTime(), end: range.end.getTime() };
  const granularity =
    options.granularity ??
    (requested.end - requested.start <= AMPLITUDE_HOURLY_MAX_MS
      ? 'hour'
      : 'day');
  const at = (instant: number) => bucketAt(instant, granularity, timeZone);
  const overlap = (b: Span) =>
    Math.max(
      0,
      Math.min(b.end, requested.end) - Math.max(b.start, requested.start),
    );
  // A bucket covered exactly half counts at the start and not at the end, so a range as long
  // as N buckets always counts N of them.
  const halfOrMore = (b: Span) => overlap(b) * 2 >= b.end - b.start;
  const moreThanHalf = (b: Span) => overlap(b) * 2 > b.end - b.start;

  let first = at(requested.start);
  if (!halfOrMore(first)) first = at(first.end);
  let last = at(Math.max(requested.start, requested.end - 1));
  if (!moreThanHalf(last)) last = at(last.start - 1);
  let counted: Span;
  if (first.start <= last.start) {
    counted = { start: first.start, end: last.end };
  } else {
    const a = at(requested.start);
    const b = at(Math.max(requested.start, requested.end - 1));
    counted = overlap(a) >= overlap(b) ? a : b;
  }
  return {
    granularity,
    interval: granularity === 'hour' ? -3600000 : 1,
    timeZone,
    requested,
    counted,
    start: new Date(counted.start),
    end: new Date(counted.end - 1),
    exact: counted.start === requested.start && counted.end === requested.end,
  };
}

/** Sums of the counted buckets of a segmentation result. */
export interface CountedBuckets {
  /** Per series (group), the sum of its counted buckets. */
  perSeries: number[];
  /** Sum over every series. */
  total: number;
  /** `xValues` entries that are no date: nothing could be trimmed, every bucket was summed. */
  unreadable: string[];
}

/**
 * Sums the buckets of `result` that lie in `plan.counted`, reading each `xValues` entry as a
 * project-local date (daily) or date and hour (hourly). When an entry cannot be read, every
 * bucket is summed and the entries are reported.
 */
export function sumCountedBuckets(
  result: AmplitudeSegmentationResult,
  plan: AmplitudeRangePlan,
): CountedBuckets {
  const walls = result.xValues.map(parseXValue);
  const unreadable = result.xValues.filter((_, i) => walls[i] === undefined);
  const included = walls.map(wall => {
    if (unreadable.length > 0 || !wall) return true;
    const start = instantOf(wall, plan.timeZone);
    return start >= plan.counted.start && start < plan.counted.end;
  });
  const perSeries = result.series.map(values =>
    values.reduce(
      (sum, value, i) => sum + (i < included.length && included[i] ? value : 0),
      0,
    ),
  );
  return {
    perSeries,
    total: perSeries.reduce((a, b) => a + b, 0),
    unreadable,
  };
}

/**
 * Says how the counted buckets differ from the range asked for, for people; undefined when
 * they are the range exactly.
 */
export function describeCountedRange(
  plan: AmplitudeRangePlan,
  project: string,
  unreadable: string[] = [],
): string | undefined {
  const { timeZone } = plan;
  if (unreadable.length > 0) {
    return `Amplitude project "${project}" returned bucket dates that cannot be read (${unreadable
      .slice(0, 3)
      .map(x => JSON.stringify(x))
      .join(
        ', ',
      )}); every bucket it returned is counted, which may exceed the range`;
  }
  if (plan.exact) return undefined;
  const requested = `${formatWallTime(
    wallClock(plan.requested.start, timeZone),
  )} – ${formatWallTime(wallClock(plan.requested.end, timeZone))}`;
  if (plan.granularity === 'hour') {
    return `Amplitude project "${project}" counts whole hours in its time zone (${timeZone}): counted ${formatWallTime(
      wallClock(plan.counted.start, timeZone),
    )} – ${formatWallTime(
      wallClock(plan.counted.end, timeZone),
    )} for ${requested}`;
  }
  const firstDay = formatWallDay(wallClock(plan.counted.start, timeZone));
  const lastDay = formatWallDay(wallClock(plan.counted.end - 1, timeZone));
  const days = firstDay === lastDay ? firstDay : `${firstDay} to ${lastDay}`;
  return `Amplitude project "${project}" counts whole days in its time zone (${timeZone}): counted ${days} for ${requested}`;
}
