import { InputError } from '@backstage/errors';
import type {
  PrometheusData,
  PrometheusLabels,
  PrometheusMatrixSeries,
  PrometheusVectorSample,
} from './types';

// Prometheus writes sample values as JSON strings (JSON has no NaN or infinities) using Go's
// strconv.FormatFloat: "0.9993", "1e-07", "NaN", "+Inf", "-Inf". `Number("+Inf")` is NaN in
// JavaScript, so the special values are mapped explicitly and everything else must look like
// a decimal float; anything else means the body is not what Prometheus sends.
const SPECIAL_VALUES = new Map<string, number>([
  ['NaN', NaN],
  ['+Inf', Infinity],
  ['Inf', Infinity],
  ['-Inf', -Infinity],
]);
const DECIMAL_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses one Prometheus sample value, keeping `NaN` (e.g. 0/0, no traffic), `Infinity`
 * (`"+Inf"`, x/0) and `-Infinity` (`"-Inf"`).
 *
 * @throws InputError when the value is not a Prometheus sample string
 */
export function parseSampleValue(raw: unknown): number {
  if (typeof raw === 'string') {
    const special = SPECIAL_VALUES.get(raw);
    if (special !== undefined) return special;
    if (DECIMAL_FLOAT.test(raw)) return Number(raw);
  }
  throw new InputError(
    `not a Prometheus sample value: ${JSON.stringify(raw) ?? String(raw)}`,
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseTimestamp(raw: unknown): number {
  if (typeof raw === 'number' && Number.isFinite(raw)) return raw;
  throw new InputError(
    `not a Prometheus timestamp: ${JSON.stringify(raw) ?? String(raw)}`,
  );
}

/** `[<unix seconds>, "<value>"]` → `[t, value]`. */
function parsePair(raw: unknown): [number, number] {
  if (!Array.isArray(raw) || raw.length !== 2) {
    throw new InputError(
      `not a Prometheus [time, value] pair: ${JSON.stringify(raw)}`,
    );
  }
  return [parseTimestamp(raw[0]), parseSampleValue(raw[1])];
}

function parseLabels(raw: unknown): PrometheusLabels {
  if (raw === undefined) return {};
  if (!isRecord(raw)) {
    throw new InputError(
      `series labels are not an object: ${JSON.stringify(raw)}`,
    );
  }
  const labels: PrometheusLabels = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') {
      throw new InputError(`label "${key}" is not a string`);
    }
    labels[key] = value;
  }
  return labels;
}

const HISTOGRAMS_SKIPPED = (count: number) =>
  `${count} native histogram series were left out: this client reads float samples only`;

/**
 * Turns the `data` of a successful Prometheus answer into {@link PrometheusData}.
 *
 * Native histogram samples (`histogram`/`histograms`) are not read; a series made only of them
 * is left out and reported in the returned `warnings` rather than failing the whole answer.
 *
 * @throws InputError when `data` does not have the documented shape
 */
export function parseQueryData(data: unknown): {
  data: PrometheusData;
  warnings: string[];
} {
  if (!isRecord(data)) {
    throw new InputError('"data" is not an object');
  }
  const { resultType, result } = data;
  const warnings: string[] = [];

  switch (resultType) {
    case 'vector': {
      if (!Array.isArray(result))
        throw new InputError('vector "result" is not an array');
      const series: PrometheusVectorSample[] = [];
      let skipped = 0;
      for (const item of result) {
        if (!isRecord(item))
          throw new InputError('vector item is not an object');
        if (item.value === undefined && item.histogram !== undefined) {
          skipped++;
          continue;
        }
        const [t, value] = parsePair(item.value);
        series.push({ labels: parseLabels(item.metric), value, t });
      }
      if (skipped) warnings.push(HISTOGRAMS_SKIPPED(skipped));
      return { data: { resultType, series }, warnings };
    }
    case 'matrix': {
      if (!Array.isArray(result))
        throw new InputError('matrix "result" is not an array');
      const series: PrometheusMatrixSeries[] = [];
      let skipped = 0;
      for (const item of result) {
        if (!isRecord(item))
          throw new InputError('matrix item is not an object');
        if (item.values === undefined && item.histograms !== undefined) {
          skipped++;
          continue;
        }
        const values = item.values ?? [];
        if (!Array.isArray(values)) {
          throw new InputError('matrix "values" is not an array');
        }
        series.push({
          labels: parseLabels(item.metric),
          points: values.map(parsePair),
        });
      }
      if (skipped) warnings.push(HISTOGRAMS_SKIPPED(skipped));
      return { data: { resultType, series }, warnings };
    }
    case 'scalar': {
      const [t, value] = parsePair(result);
      return { data: { resultType, t, value }, warnings };
    }
    case 'string': {
      if (
        !Array.isArray(result) ||
        result.length !== 2 ||
        typeof result[1] !== 'string'
      ) {
        throw new InputError('string "result" is not a [time, "text"] pair');
      }
      return {
        data: { resultType, t: parseTimestamp(result[0]), value: result[1] },
        warnings,
      };
    }
    default:
      throw new InputError(
        `unknown resultType ${
          JSON.stringify(resultType) ?? String(resultType)
        }`,
      );
  }
}

/** Reads `warnings`/`infos`-style annotations, keeping only strings. */
export function parseAnnotations(raw: unknown): string[] {
  return Array.isArray(raw)
    ? raw.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The `data` of a label values answer: an array of strings. */
export function parseLabelValues(data: unknown): string[] {
  if (data === null) return []; // some older servers send null for "no values"
  if (!Array.isArray(data) || data.some(v => typeof v !== 'string')) {
    throw new InputError('label values "data" is not an array of strings');
  }
  return data;
}

/** The `data` of a series answer: one label set per series. */
export function parseSeriesData(data: unknown): PrometheusLabels[] {
  if (data === null) return [];
  if (!Array.isArray(data)) {
    throw new InputError('series "data" is not an array');
  }
  return data.map(item => {
    if (!isRecord(item)) throw new InputError('series item is not an object');
    return parseLabels(item);
  });
}

/**
 * The labels of every recording rule in a rules answer (`data.groups[].rules[]` of type
 * `recording`); alerting rules and malformed entries are skipped, a malformed envelope throws.
 */
export function parseRecordingRuleLabels(data: unknown): PrometheusLabels[] {
  if (!isRecord(data) || !Array.isArray(data.groups)) {
    throw new InputError('rules "data.groups" is not an array');
  }
  const labels: PrometheusLabels[] = [];
  for (const group of data.groups) {
    if (!isRecord(group) || !Array.isArray(group.rules)) continue;
    for (const rule of group.rules) {
      if (!isRecord(rule) || rule.type !== 'recording') continue;
      if (!isRecord(rule.labels)) continue;
      labels.push(parseLabels(rule.labels));
    }
  }
  return labels;
}
