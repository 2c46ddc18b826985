import {
  SloDefinition,
  isSummedSloWindow,
  parseDuration,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  renderWindow,
  sloCountRecord,
  sloCoverageRecord,
  sloRecordSelector,
  sloRecordedWindows,
  sloWindowCorrections,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { taggedQuery, valuesByWindow } from '../readers';
import type { PrometheusClient } from '../sources/prometheus';
import { PREVIOUS_PERIOD, shiftedBack } from '../views/previousPeriod';
import {
  GapRead,
  gapParts,
  missingHourRuns,
  recordedHours,
} from './recordingGaps';

/**
 * The share of a summed SLO window the hourly recordings must cover to be read: one missing
 * hour in four weeks (a restart) moves the counts by 0.15%, less than the tolerance of
 * extrapolated `increase()`; less coverage means the rules are newer than the window.
 */
export const MIN_COVERAGE = 0.99;

const HOUR = 3_600;
const COVERAGE = 'coverage';
const PREVIOUS_COVERAGE = `${PREVIOUS_PERIOD}:coverage`;
const START_COVERAGE = 'start:coverage';
const RECORDED_AT = 'recorded-at';
const tail = (tag: string) => `${tag}:tail`;
const head = (tag: string) => `${tag}:head`;

type Kind = 'good' | 'valid';
type Parts = Array<[string, string]>;

/** Counts by window as `readSloCounts` answers them, or why the recordings cannot be used. */
export type RecordedCounts =
  | {
      good: Map<string, number>;
      total: Map<string, number>;
      /** The recordings also cover the SLO window at the range's start: the chart can use them. */
      coversRange: boolean;
      /** What was read raw all the same, for people. */
      note?: string;
    }
  | { unusable: string };

/**
 * An SLO's good and valid events by window read from its recordings
 * (docs/slo-rules.md#reading-back): two instant queries, as on raw series. A summed SLO window
 * is its recording (whole hours up to the last one, recorded every minute), plus the raw events
 * since that hour (`tail`), minus the raw events of the same length at the window's start
 * (`head`): both at most an hour of raw samples, so the answer is exact at any `end` and still
 * cheap. The previous period, when compared, is summed from the hourly recordings, which reach
 * back as far as they were backfilled.
 */
export async function readRecordedSloCounts(
  slo: SloDefinition,
  client: PrometheusClient,
  range: { start: number; end: number },
  previousSeconds?: number,
): Promise<RecordedCounts> {
  const { start, end } = range;
  const summed = isSummedSloWindow(slo.window);
  const read = async (parts: (kind: Kind) => Parts) => {
    const [good, valid] = await Promise.all(
      (['good', 'valid'] as const).map(kind =>
        client.query(taggedQuery(parts(kind)), end),
      ),
    );
    return [good, valid].map(r =>
      valuesByWindow(r.resultType === 'vector' ? r.series : []),
    );
  };
  let note: string | undefined;
  let previousFromRaw = false;
  const [good, total] = await read(kind => [
    ...windowParts(slo, kind),
    ...(summed ? summedParts(slo, kind, end, 'recording') : []),
    ...(previousSeconds !== undefined
      ? previousParts(slo, kind, end, previousSeconds)
      : []),
    ...(summed && kind === 'valid'
      ? ([
          [START_COVERAGE, shiftedBack(recordedCoverage(slo), end - start)],
        ] as Parts)
      : []),
  ]);
  if (!total.has(slo.window)) {
    return { unusable: 'the recording rules answered nothing for this SLO' };
  }
  if (summed) {
    // Recorded in the hour before `end` (its first minute): it ends an hour early. Rare; the
    // window is then summed from the hourly recordings, two more queries.
    const at = total.get(RECORDED_AT);
    if (at === undefined || Math.floor(at / HOUR) !== Math.floor(end / HOUR)) {
      const [g, t] = await read(kind => summedParts(slo, kind, end, 'sum'));
      for (const [by, again] of [
        [good, g],
        [total, t],
      ]) {
        for (const tag of [slo.window, tail(slo.window), head(slo.window)]) {
          by.delete(tag);
          if (again.has(tag)) by.set(tag, again.get(tag)!);
        }
        if (again.has(COVERAGE)) by.set(COVERAGE, again.get(COVERAGE)!);
      }
    }
    const hours = parseDuration(slo.window) / HOUR;
    const short = (tag: string) => (total.get(tag) ?? 0) < MIN_COVERAGE;
    const covered = (tag: string) => Math.floor((total.get(tag) ?? 0) * hours);
    if (short(COVERAGE)) {
      return {
        unusable: `the recording rules cover ${covered(
          COVERAGE,
        )} of the ${hours} hours of the SLO window (not backfilled yet)`,
      };
    }
    if (previousSeconds !== undefined && short(PREVIOUS_COVERAGE)) {
      // Recorded for less than a period and a window: the previous period is read raw.
      previousFromRaw = true;
      note = `the previous period is from raw series (the recordings cover ${covered(
        PREVIOUS_COVERAGE,
      )} of its ${hours} hours)`;
      const [g, t] = await read(kind => [
        [
          PREVIOUS_PERIOD,
          shiftedBack(
            renderWindow(
              kind === 'good' ? slo.queries.good : slo.queries.total,
              slo.window,
            ),
            previousSeconds,
          ),
        ],
      ]);
      for (const [by, again] of [
        [good, g],
        [total, t],
      ]) {
        for (const tag of [
          PREVIOUS_PERIOD,
          tail(PREVIOUS_PERIOD),
          head(PREVIOUS_PERIOD),
        ]) {
          by.delete(tag);
        }
        if (again.has(PREVIOUS_PERIOD)) {
          by.set(PREVIOUS_PERIOD, again.get(PREVIOUS_PERIOD)!);
        }
      }
    }
    const gaps = await readGaps(slo, client, {
      end,
      current: total.get(COVERAGE) ?? 0,
      previous:
        previousSeconds !== undefined && !previousFromRaw
          ? {
              seconds: previousSeconds,
              coverage: total.get(PREVIOUS_COVERAGE) ?? 0,
            }
          : undefined,
    });
    if (gaps.note) note = note ? `${note}; ${gaps.note}` : gaps.note;
    for (const [index, by] of [good, total].entries()) {
      for (const [tag, value] of gaps.values[index]) by.set(tag, value);
      settle(by, slo.window, gaps.reads.get(slo.window));
      if (previousSeconds !== undefined) {
        settle(by, PREVIOUS_PERIOD, gaps.reads.get(PREVIOUS_PERIOD));
      }
    }
  }
  const coversRange =
    summed && (total.get(START_COVERAGE) ?? 0) >= MIN_COVERAGE;
  for (const tag of [
    COVERAGE,
    PREVIOUS_COVERAGE,
    START_COVERAGE,
    RECORDED_AT,
  ]) {
    total.delete(tag);
  }
  return { good, total, coversRange, ...(note ? { note } : {}) };
}

/**
 * Adds the tail and takes off the head of a summed window, and puts the raw reads of its
 * missing hours in place of what they cover, leaving only its total.
 */
function settle(
  by: Map<string, number>,
  tag: string,
  gaps: readonly GapRead[] = [],
): void {
  const sum = by.get(tag);
  let extra = (by.get(tail(tag)) ?? 0) - (by.get(head(tag)) ?? 0);
  for (const gap of gaps) {
    extra += by.get(gap.tag) ?? 0;
    if (gap.replaces) extra -= by.get(gap.replaces) ?? 0;
    if (gap.replacesTail) extra -= by.get(tail(tag)) ?? 0;
    by.delete(gap.tag);
    if (gap.replaces) by.delete(gap.replaces);
  }
  by.delete(tail(tag));
  by.delete(head(tag));
  if (sum !== undefined) by.set(tag, sum + extra);
}

/** Below this a summed window's coverage has a missing hour (it is a ratio of whole hours). */
const FULL_COVERAGE = 1 - 1e-9;

/**
 * The raw reads standing for the hours a summed window's recordings miss, for the window at
 * `end` and the previous period's (docs/slo-rules.md#missing-hours). Nothing is read while
 * both are fully covered; otherwise one range query finds the missing hours and two instant
 * queries read them.
 */
async function readGaps(
  slo: SloDefinition,
  client: PrometheusClient,
  options: {
    end: number;
    current: number;
    previous?: { seconds: number; coverage: number };
  },
): Promise<{
  values: [Map<string, number>, Map<string, number>];
  reads: Map<string, GapRead[]>;
  note?: string;
}> {
  const none = {
    values: [new Map(), new Map()] as [
      Map<string, number>,
      Map<string, number>,
    ],
    reads: new Map<string, GapRead[]>(),
  };
  const windows: Array<{ tag: string; at: number; shift: number }> = [];
  if (options.current < FULL_COVERAGE) {
    windows.push({ tag: slo.window, at: options.end, shift: 0 });
  }
  const { previous } = options;
  if (previous && previous.coverage < FULL_COVERAGE) {
    windows.push({
      tag: PREVIOUS_PERIOD,
      at: options.end - previous.seconds,
      shift: previous.seconds,
    });
  }
  if (windows.length === 0) return none;
  const hours = (at: number) => {
    const last = Math.floor(at / HOUR) * HOUR;
    return { first: last - slo.windowSeconds + HOUR, last };
  };
  const present = await recordedHours(
    slo,
    client,
    Math.min(...windows.map(w => hours(w.at).first)),
    Math.max(...windows.map(w => hours(w.at).last)),
  );
  const reads = new Map<string, GapRead[]>();
  const parts: Record<Kind, Parts> = { good: [], valid: [] };
  let missing = 0;
  for (const w of windows) {
    const { first, last } = hours(w.at);
    const runs = missingHourRuns(present, first, last);
    if (runs.length === 0) continue;
    if (w.shift === 0) {
      missing = runs.reduce((n, r) => n + (r.last - r.first) / HOUR + 1, 0);
    }
    for (const kind of ['good', 'valid'] as const) {
      const gap = gapParts(slo, kind, w.at, runs, w.tag);
      reads.set(w.tag, gap.reads);
      parts[kind].push(
        ...gap.parts.map(([tag, promql]): [string, string] => [
          tag,
          w.shift ? shiftedBack(promql, w.shift) : promql,
        ]),
      );
    }
  }
  if (parts.valid.length === 0) return none;
  const [good, valid] = await Promise.all(
    (['good', 'valid'] as const).map(async kind => {
      const r = await client.query(taggedQuery(parts[kind]), options.end);
      return valuesByWindow(r.resultType === 'vector' ? r.series : []);
    }),
  );
  return {
    values: [good, valid],
    reads,
    ...(missing > 0
      ? {
          note: `${missing} ${
            missing === 1 ? 'hour' : 'hours'
          } of the window had no recording (Prometheus was down or the rules were not running yet) and ${
            missing === 1 ? 'is' : 'are'
          } read from raw series`,
        }
      : {}),
  };
}

/** `sum`: after an owner change a recording is two series, each holding its own hours. */
const summedUp = (promql: string) => `sum(${promql})`;

function recordedCoverage(slo: SloDefinition): string {
  return summedUp(sloRecordSelector(slo, sloCoverageRecord(slo.window)));
}

/** Each recorded window's count, under its window; a summed SLO window is not among them. */
function windowParts(slo: SloDefinition, kind: Kind): Parts {
  const parts: Parts = sloRecordedWindows(slo).map(w => [
    w,
    summedUp(recordedSloCountQuery(slo, kind, w)),
  ]);
  if (
    !isSummedSloWindow(slo.window) &&
    !parts.some(([tag]) => tag === slo.window)
  ) {
    // Spelled differently from its burn window (24h for 1d): the same recording, its own tag.
    parts.push([
      slo.window,
      summedUp(recordedSloCountQuery(slo, kind, slo.window)),
    ]);
  }
  return parts;
}

/**
 * A summed SLO window at `at` under `tag`, with its tail, head and coverage: from its
 * recording (one sample, and when it was recorded) or summed from the hourly recordings.
 */
function summedParts(
  slo: SloDefinition,
  kind: Kind,
  at: number,
  from: 'recording' | 'sum',
  tag: string = slo.window,
  coverageTag: string = COVERAGE,
): Parts {
  const recording = sloRecordSelector(slo, sloCountRecord(kind, slo.window));
  const parts: Parts = [
    [
      tag,
      summedUp(
        from === 'recording'
          ? recording
          : recordedSloCountQuery(slo, kind, slo.window),
      ),
    ],
  ];
  const { tail: since, head: start } = sloWindowCorrections(slo, kind, at);
  if (since) parts.push([tail(tag), since]);
  if (start) parts.push([head(tag), start]);
  if (kind === 'valid') {
    parts.push([
      coverageTag,
      from === 'recording'
        ? recordedCoverage(slo)
        : summedUp(recordedSloCoverageQuery(slo, slo.window)!),
    ]);
    if (from === 'recording') {
      parts.push([RECORDED_AT, `max(timestamp(${recording}))`]);
    }
  }
  return parts;
}

/** The SLO window one period earlier, under {@link PREVIOUS_PERIOD}. */
function previousParts(
  slo: SloDefinition,
  kind: Kind,
  end: number,
  seconds: number,
): Parts {
  const parts: Parts = isSummedSloWindow(slo.window)
    ? summedParts(
        slo,
        kind,
        end - seconds,
        'sum',
        PREVIOUS_PERIOD,
        PREVIOUS_COVERAGE,
      )
    : [
        [
          PREVIOUS_PERIOD,
          summedUp(recordedSloCountQuery(slo, kind, slo.window)),
        ],
      ];
  return parts.map(([tag, promql]) => [tag, shiftedBack(promql, seconds)]);
}

/**
 * The rolling SLO-window counts at each step of a range, from the recordings: good and valid
 * in one range query (tagged `good` and `total`), summed from the hourly recordings. Each
 * point covers whole hours up to the last one before it (no tail: a chart point may lag the
 * card's number by up to an hour).
 */
export function recordedSloSeriesQuery(slo: SloDefinition): string {
  return taggedQuery([
    ['good', summedUp(recordedSloCountQuery(slo, 'good', slo.window))],
    ['total', summedUp(recordedSloCountQuery(slo, 'valid', slo.window))],
  ]);
}
