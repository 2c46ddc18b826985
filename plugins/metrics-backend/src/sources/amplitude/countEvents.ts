import { ServiceUnavailableError } from '@backstage/errors';
import type { AmplitudeClient, AmplitudeEvent } from './AmplitudeClient';
import {
  describeCountedRange,
  planAmplitudeRange,
  sumCountedBuckets,
} from './rangePlan';

/** A count read from Amplitude, and how its period differs from the range asked for. */
export interface AmplitudeCount {
  /** null when Amplitude returned no series at all. */
  value: number | null;
  /** Set when the counted hours or days are not exactly the range. */
  note?: string;
}

/**
 * Counts an event over `[start, end)`: `totals` sums the hourly (ranges up to a day) or daily
 * buckets the range covers; `uniques` reads Amplitude's total of distinct users over whole
 * days, since users of several buckets cannot be added up.
 */
export async function countAmplitudeEvents(
  client: AmplitudeClient,
  query: {
    event: AmplitudeEvent;
    metric: 'totals' | 'uniques';
    start: Date;
    end: Date;
  },
): Promise<AmplitudeCount> {
  const plan = planAmplitudeRange(
    query,
    client.timeZone,
    query.metric === 'uniques' ? { granularity: 'day' } : {},
  );
  const result = await client.eventSegmentation({
    event: query.event,
    metric: query.metric,
    start: plan.start,
    end: plan.end,
    interval: plan.interval,
  });
  const withNote = (value: number | null, unreadable?: string[]) => {
    const note = describeCountedRange(plan, client.projectName, unreadable);
    return note ? { value, note } : { value };
  };
  if (result.series.length === 0) return withNote(null);
  if (query.metric === 'totals') {
    const { total, unreadable } = sumCountedBuckets(result, plan);
    return withNote(total, unreadable);
  }
  if (result.seriesCollapsed) {
    return withNote(result.seriesCollapsed.reduce((a, b) => a + b, 0));
  }
  // Without the range total, one day's value is still exact.
  if (result.xValues.length === 1) {
    return withNote(result.series.reduce((sum, s) => sum + (s[0] ?? 0), 0));
  }
  throw new ServiceUnavailableError(
    `Amplitude project '${client.projectName}' returned no total of unique users over the range (seriesCollapsed)`,
  );
}
