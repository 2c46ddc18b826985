import {
  SloDefinition,
  isSummedSloWindow,
  parseDuration,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  renderWindow,
  sloRecordedWindows,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { taggedQuery, valuesByWindow } from '../readers';
import type { PrometheusClient } from '../sources/prometheus';
import { PREVIOUS_PERIOD, shiftedBack } from '../views/previousPeriod';

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
const tail = (tag: string) => `${tag}:tail`;
const head = (tag: string) => `${tag}:head`;

/** Counts by window as `readSloCounts` answers them, or why the recordings cannot be used. */
export type RecordedCounts =
  | {
      good: Map<string, number>;
      total: Map<string, number>;
      /** The recordings also cover the SLO window at the range's start: the chart can use them. */
      coversRange: boolean;
    }
  | { unusable: string };

/**
 * An SLO's good and valid events by window read from its recordings
 * (docs/slo-rules.md#reading-back): two instant queries, as on raw series. A summed SLO window
 * is the sum of whole hours up to the last one, plus the raw events since (`tail`), minus the
 * raw events of the same length at the window's start (`head`): both at most an hour of raw
 * samples, so the answer is exact at any `end` and still cheap.
 */
export async function readRecordedSloCounts(
  slo: SloDefinition,
  client: PrometheusClient,
  range: { start: number; end: number },
  previousSeconds?: number,
): Promise<RecordedCounts> {
  const { start, end } = range;
  const query = (kind: 'good' | 'valid') =>
    client.query(
      taggedQuery([
        ...countParts(slo, kind, end, previousSeconds),
        ...(kind === 'valid' && isSummedSloWindow(slo.window)
          ? [
              [
                START_COVERAGE,
                shiftedBack(
                  `sum(${recordedSloCoverageQuery(slo, slo.window)!})`,
                  end - start,
                ),
              ] as [string, string],
            ]
          : []),
      ]),
      end,
    );
  const [goodResult, validResult] = await Promise.all([
    query('good'),
    query('valid'),
  ]);
  const good = valuesByWindow(
    goodResult.resultType === 'vector' ? goodResult.series : [],
  );
  const total = valuesByWindow(
    validResult.resultType === 'vector' ? validResult.series : [],
  );
  if (!total.has(slo.window)) {
    return { unusable: 'the recording rules answered nothing for this SLO' };
  }
  if (isSummedSloWindow(slo.window)) {
    const hours = parseDuration(slo.window) / HOUR;
    for (const tag of [
      COVERAGE,
      ...(previousSeconds !== undefined ? [PREVIOUS_COVERAGE] : []),
    ]) {
      const coverage = total.get(tag) ?? 0;
      if (coverage < MIN_COVERAGE) {
        return {
          unusable: `the recording rules cover ${Math.floor(
            coverage * hours,
          )} of the ${hours} hours of the SLO window${
            tag === PREVIOUS_COVERAGE ? ' of the previous period' : ''
          } (not backfilled yet)`,
        };
      }
    }
    for (const by of [good, total]) {
      settle(by, slo.window);
      if (previousSeconds !== undefined) settle(by, PREVIOUS_PERIOD);
    }
  }
  const coversRange =
    isSummedSloWindow(slo.window) &&
    (total.get(START_COVERAGE) ?? 0) >= MIN_COVERAGE;
  for (const tag of [COVERAGE, PREVIOUS_COVERAGE, START_COVERAGE]) {
    total.delete(tag);
  }
  return { good, total, coversRange };
}

/** Adds the tail and takes off the head of a summed window, leaving only its total. */
function settle(by: Map<string, number>, tag: string): void {
  const sum = by.get(tag);
  const extra = (by.get(tail(tag)) ?? 0) - (by.get(head(tag)) ?? 0);
  by.delete(tail(tag));
  by.delete(head(tag));
  if (sum !== undefined) by.set(tag, sum + extra);
}

/**
 * The tagged parts of one count: each recorded window (`sum`: after an owner change the
 * hourly recordings are two series, each holding its own hours), and a summed SLO window
 * with its tail, head and coverage; with `previousSeconds`, the SLO window one period earlier.
 */
function countParts(
  slo: SloDefinition,
  kind: 'good' | 'valid',
  end: number,
  previousSeconds: number | undefined,
): Array<[string, string]> {
  const template = kind === 'good' ? slo.queries.good : slo.queries.total;
  const recorded = (window: string) =>
    `sum(${recordedSloCountQuery(slo, kind, window)})`;
  const summed = (tag: string, coverageTag: string, at: number) => {
    const parts: Array<[string, string]> = [[tag, recorded(slo.window)]];
    // The hourly sum ends at the last whole hour; the seconds since are read raw.
    const since = at % HOUR;
    if (since > 0) {
      const raw = `sum(${renderWindow(template, `${since}s`)})`;
      parts.push([tail(tag), raw]);
      parts.push([head(tag), shiftedBack(raw, slo.windowSeconds)]);
    }
    if (kind === 'valid') {
      parts.push([
        coverageTag,
        `sum(${recordedSloCoverageQuery(slo, slo.window)!})`,
      ]);
    }
    return parts;
  };
  const isSummed = isSummedSloWindow(slo.window);
  const parts: Array<[string, string]> = sloRecordedWindows(slo).map(w => [
    w,
    recorded(w),
  ]);
  if (isSummed) parts.push(...summed(slo.window, COVERAGE, end));
  else if (!parts.some(([tag]) => tag === slo.window)) {
    // Spelled differently from its burn window (24h for 1d): the same recording, its own tag.
    parts.push([slo.window, recorded(slo.window)]);
  }
  if (previousSeconds !== undefined) {
    const previous = isSummed
      ? summed(PREVIOUS_PERIOD, PREVIOUS_COVERAGE, end - previousSeconds)
      : [[PREVIOUS_PERIOD, recorded(slo.window)] as [string, string]];
    for (const [tag, promql] of previous) {
      parts.push([tag, shiftedBack(promql, previousSeconds)]);
    }
  }
  return parts;
}

/**
 * The rolling SLO-window counts at each step of a range, from the recordings: good and valid
 * in one range query (tagged `good` and `total`). Each point covers whole hours up to the last
 * one before it (no tail: a chart point may lag the card's number by up to an hour).
 */
export function recordedSloSeriesQuery(slo: SloDefinition): string {
  return taggedQuery([
    ['good', `sum(${recordedSloCountQuery(slo, 'good', slo.window)})`],
    ['total', `sum(${recordedSloCountQuery(slo, 'valid', slo.window)})`],
  ]);
}
