/*
 * History: cumulative counter samples from the model, written as
 * OpenMetrics for `promtool tsdb create-blocks-from openmetrics`.
 */
import fs from 'node:fs';
import {
  CumulativeTracker,
  exportedValue,
  DAY,
  FAMILIES,
  HISTORY_SECONDS,
  HOUR,
  MINUTE,
  SeriesInfo,
  TrafficModel,
} from './model';

/** A sampling schedule: `step` seconds between samples while the age (T0 - t) is below `upTo`. */
export type Schedule = Array<{ upTo: number; step: number }>;

/**
 * Counters (requests, integrations): 60 s for the last 26 h, 5 min up to
 * 3 days, 15 min before. Every window edge of the ground truth (T0-1h, -1d,
 * -7d, -28d) and the restart fall on a sample.
 */
export const COUNTER_SCHEDULE: Schedule = [
  { upTo: 26 * HOUR, step: 60 },
  { upTo: 3 * DAY, step: 300 },
  { upTo: HISTORY_SECONDS, step: 900 },
];

/** Histograms of every convention (many series; OpenTelemetry's `_count` is the request count too): 60 s for 2 h, 5 min up to 2 days, 15 min up to 7 days, 30 min before. */
export const HISTOGRAM_SCHEDULE: Schedule = [
  { upTo: 2 * HOUR, step: 60 },
  { upTo: 2 * DAY, step: 300 },
  { upTo: 7 * DAY, step: 900 },
  { upTo: HISTORY_SECONDS, step: 1800 },
];

/** Sample times (ascending, Unix seconds) of a schedule ending at t0. */
export function sampleTimes(t0: number, schedule: Schedule): number[] {
  const times: number[] = [];
  let age = 0;
  for (const { upTo, step } of schedule) {
    for (; age < upTo; age += step) times.push(t0 - age);
  }
  times.push(t0 - age);
  return times.reverse();
}

/** A label value as OpenMetrics writes it between double quotes. */
export function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `name{a="b",…}` of a series. */
export function seriesSelector(s: SeriesInfo): string {
  const labels = Object.entries(s.labels)
    .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
    .join(',');
  return `${s.name}{${labels}}`;
}

/** Formats an internal value (integer; `_sum` in ms) for exposition. */
export function formatValue(value: number, series: SeriesInfo): string {
  return String(exportedValue(value, series));
}

export interface HistorySamples {
  counterTimes: number[];
  histogramTimes: number[];
  /** values[seriesIndex][sampleIndex] in the internal unit. */
  values: Float64Array[];
}

/** Computes every history sample of every series. */
export function computeHistory(model: TrafficModel): HistorySamples {
  const counterTimes = sampleTimes(model.t0, COUNTER_SCHEDULE);
  const histogramTimes = sampleTimes(model.t0, HISTOGRAM_SCHEDULE);
  if (counterTimes[0] !== model.start || histogramTimes[0] !== model.start) {
    throw new Error('schedules must start at the start of the model');
  }
  const startMinute = model.start / MINUTE;
  const endMinute = model.t0 / MINUTE;
  const counterSlot = new Int32Array(endMinute - startMinute + 1).fill(-1);
  const histSlot = new Int32Array(endMinute - startMinute + 1).fill(-1);
  counterTimes.forEach((t, i) => {
    counterSlot[t / MINUTE - startMinute] = i;
  });
  histogramTimes.forEach((t, i) => {
    histSlot[t / MINUTE - startMinute] = i;
  });

  const values = model.series.map(
    s =>
      new Float64Array(
        s.schedule === 'counter' ? counterTimes.length : histogramTimes.length,
      ),
  );
  const counterIdx = Int32Array.from(model.counterSeries);
  const histIdx = Int32Array.from(model.histogramSeries);
  const tracker = new CumulativeTracker(model);
  const cum = tracker.values;
  tracker.advanceTo(endMinute, m => {
    const c = counterSlot[m - startMinute];
    if (c >= 0) for (const i of counterIdx) values[i][c] = cum[i];
    const h = histSlot[m - startMinute];
    if (h >= 0) for (const i of histIdx) values[i][h] = cum[i];
  });
  return { counterTimes, histogramTimes, values };
}

export interface OpenMetricsStats {
  series: number;
  samples: number;
  bytes: number;
}

/** First index i with times[i] >= t (times ascending). */
function lowerBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Renders the history as OpenMetrics (families together, each series'
 * samples in time order, timestamps in seconds, final `# EOF`), one chunk
 * per series. Only samples with from <= t < to are rendered.
 */
export function renderOpenMetrics(
  model: TrafficModel,
  history: HistorySamples,
  write: (chunk: string) => void,
  range: { from: number; to: number } = { from: -Infinity, to: Infinity },
): number {
  let samples = 0;
  const counterTs = history.counterTimes.map(t => ` ${t}\n`);
  const histTs = history.histogramTimes.map(t => ` ${t}\n`);
  const counterRange = [
    lowerBound(history.counterTimes, range.from),
    lowerBound(history.counterTimes, range.to),
  ];
  const histRange = [
    lowerBound(history.histogramTimes, range.from),
    lowerBound(history.histogramTimes, range.to),
  ];
  for (const meta of FAMILIES) {
    const members = model.series.filter(s => s.family === meta.family);
    if (members.length === 0) continue;
    write(
      `# HELP ${meta.family} ${meta.help}\n# TYPE ${meta.family} ${meta.type}\n`,
    );
    for (const s of members) {
      const prefix = `${seriesSelector(s)} `;
      const isCounter = s.schedule === 'counter';
      const ts = isCounter ? counterTs : histTs;
      const [from, to] = isCounter ? counterRange : histRange;
      const vals = history.values[s.index];
      const parts: string[] = new Array(Math.max(0, to - from));
      for (let k = from; k < to; k++) {
        parts[k - from] = prefix + formatValue(vals[k], s) + ts[k];
      }
      samples += parts.length;
      write(parts.join(''));
    }
  }
  write('# EOF\n');
  return samples;
}

/** Writes the history as OpenMetrics to `file`. */
export function writeOpenMetrics(
  model: TrafficModel,
  file: string,
  history: HistorySamples = computeHistory(model),
): OpenMetricsStats {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let samples = 0;
  try {
    samples = renderOpenMetrics(model, history, chunk => {
      bytes += fs.writeSync(fd, chunk);
    });
  } finally {
    fs.closeSync(fd);
  }
  return { series: model.size, samples, bytes };
}

/**
 * The OpenMetrics text of samples with from <= t < to as a string (for
 * tests). The whole history (~740 MB) is longer than a JavaScript string can
 * be: render it chunk by chunk with renderOpenMetrics instead.
 */
export function openMetricsString(
  model: TrafficModel,
  history: HistorySamples = computeHistory(model),
  range: { from: number; to: number } = { from: -Infinity, to: Infinity },
): string {
  const chunks: string[] = [];
  renderOpenMetrics(model, history, c => chunks.push(c), range);
  return chunks.join('');
}

/** Duration of the blocks promtool writes with `--max-block-duration=54h`. */
export const BLOCK_SECONDS = 54 * HOUR;

export interface OpenMetricsFile extends OpenMetricsStats {
  file: string;
  from: number;
  to: number;
}

/**
 * The time ranges of the blocks promtool writes (aligned to multiples of
 * `blockSeconds` since the epoch, as promtool aligns them), newest first.
 */
export function blockRanges(
  model: TrafficModel,
  blockSeconds: number = BLOCK_SECONDS,
): Array<{ from: number; to: number }> {
  const ranges: Array<{ from: number; to: number }> = [];
  const first = Math.floor(model.start / blockSeconds) * blockSeconds;
  for (let from = first; from <= model.t0; from += blockSeconds) {
    ranges.push({ from, to: from + blockSeconds });
  }
  return ranges.reverse();
}

/** Writes the samples with from <= t < to as one OpenMetrics file. */
export function writeOpenMetricsRange(
  model: TrafficModel,
  history: HistorySamples,
  file: string,
  range: { from: number; to: number },
): OpenMetricsFile {
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  let samples = 0;
  try {
    samples = renderOpenMetrics(
      model,
      history,
      chunk => {
        bytes += fs.writeSync(fd, chunk);
      },
      range,
    );
  } finally {
    fs.closeSync(fd);
  }
  return { file, ...range, series: model.size, samples, bytes };
}

/**
 * Writes the history as one OpenMetrics file per promtool block. promtool
 * re-parses a whole file once per block it spans, so one file per block
 * means each sample is parsed once, and the files can be loaded in parallel.
 */
export function writeOpenMetricsFiles(
  model: TrafficModel,
  dir: string,
  options: { blockSeconds?: number; history?: HistorySamples } = {},
): OpenMetricsFile[] {
  const history = options.history ?? computeHistory(model);
  fs.mkdirSync(dir, { recursive: true });
  return blockRanges(model, options.blockSeconds).map(range =>
    writeOpenMetricsRange(
      model,
      history,
      `${dir}/history-${range.from}.om`,
      range,
    ),
  );
}
