import {
  SLO_BASE_WINDOW,
  SloDefinition,
  parseDuration,
  sloCountRecord,
  sloRawCountQuery,
  sloRecordSelector,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import { shiftedBack } from '../views/previousPeriod';

const HOUR = parseDuration(SLO_BASE_WINDOW);

/** Whole hours (Unix seconds) in a row whose hourly recordings are missing, `first` to `last`. */
export interface MissingHours {
  first: number;
  last: number;
}

/**
 * The runs of whole hours from `from` to `to` (both whole hours) that are not in `present`,
 * oldest first.
 */
export function missingHourRuns(
  present: ReadonlySet<number>,
  from: number,
  to: number,
): MissingHours[] {
  const runs: MissingHours[] = [];
  for (let hour = from; hour <= to; hour += HOUR) {
    if (present.has(hour)) continue;
    const previous = runs[runs.length - 1];
    if (previous && previous.last === hour - HOUR) previous.last = hour;
    else runs.push({ first: hour, last: hour });
  }
  return runs;
}

/**
 * The whole hours from `from` to `to` that have an hourly recording of the SLO, as the
 * summed window sees them (the sample at or up to five minutes before each hour): one range
 * query of a single series, one point an hour.
 */
export async function recordedHours(
  slo: SloDefinition,
  client: PrometheusClient,
  from: number,
  to: number,
): Promise<Set<number>> {
  const result = await client.queryRange(
    `sum(${sloRecordSelector(slo, sloCountRecord('valid', SLO_BASE_WINDOW))})`,
    { start: from, end: to, step: HOUR },
  );
  return new Set(result.series.flatMap(s => s.points.map(([t]) => t)));
}

/** A raw read that stands for missing recordings, and what it replaces besides them. */
export interface GapRead {
  /** Tag of the raw events over the missing hours and the recorded hour after them. */
  tag: string;
  /** Tag of the value the raw read also covers, to take off: that next hour's recording. */
  replaces?: string;
  /** The missing run reaches the window's last hour: the raw read also covers the tail. */
  replacesTail: boolean;
}

/**
 * Raw reads standing for the missing hours of a summed SLO window read at `at`
 * (docs/slo-rules.md#missing-hours). Each run of missing hours is read raw from the start of
 * its first hour to the end of the recorded hour after it, whose recording is taken off: a
 * Prometheus that was down over the run has no samples in it, and only a raw window reaching
 * past the outage counts the events across it. A run ending at the window's last whole hour
 * is read up to `at`, standing for the tail too.
 */
export function gapParts(
  slo: SloDefinition,
  kind: 'good' | 'valid',
  at: number,
  runs: readonly MissingHours[],
  tag: string,
): { parts: Array<[string, string]>; reads: GapRead[] } {
  const lastHour = Math.floor(at / HOUR) * HOUR;
  const parts: Array<[string, string]> = [];
  const reads: GapRead[] = [];
  const recording = sloRecordSelector(
    slo,
    sloCountRecord(kind, SLO_BASE_WINDOW),
  );
  runs.forEach((run, i) => {
    const from = run.first - HOUR;
    const reachesEnd = run.last >= lastHour;
    const to = reachesEnd ? at : run.last + HOUR;
    const raw = sloRawCountQuery(slo, kind, to - from);
    const rawTag = `${tag}:gap${i}`;
    parts.push([rawTag, to === at ? raw : shiftedBack(raw, at - to)]);
    if (reachesEnd) {
      reads.push({ tag: rawTag, replacesTail: true });
      return;
    }
    const nextTag = `${rawTag}:next`;
    parts.push([nextTag, `sum(${recording} offset ${at - to}s)`]);
    reads.push({ tag: rawTag, replaces: nextTag, replacesTail: false });
  });
  return { parts, reads };
}
