import { InputError } from '@backstage/errors';
import {
  dayBounds,
  daysBetween,
  isDay,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Whole UTC days, the first and the last included. */
export interface DayRange {
  fromDay: string;
  toDay: string;
  days: number;
  /** Start of `fromDay`, Unix seconds. */
  start: number;
  /** End of `toDay` (exclusive), Unix seconds: instant queries are evaluated here. */
  end: number;
}

// As far back as snapshots and Prometheus are worth reading.
const MAX_RANGE_DAYS = 400;

/** Checks and builds a day range; InputError names what is wrong. */
export function dayRange(fromDay: string, toDay: string): DayRange {
  for (const day of [fromDay, toDay]) {
    if (!isDay(day)) {
      throw new InputError(`'${day}' is not a day of the form YYYY-MM-DD`);
    }
  }
  const days = daysBetween(fromDay, toDay) + 1;
  if (days < 1) {
    throw new InputError(
      `The range ends (${toDay}) before it starts (${fromDay})`,
    );
  }
  if (days > MAX_RANGE_DAYS) {
    throw new InputError(
      `The range holds ${days} days; at most ${MAX_RANGE_DAYS} are allowed`,
    );
  }
  return {
    fromDay,
    toDay,
    days,
    start: dayBounds(fromDay).start,
    end: dayBounds(toDay).end,
  };
}
