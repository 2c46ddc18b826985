import type { MetricsSourceSummary } from '@metrics-suite/backstage-plugin-metrics-common';

// Times are Unix seconds throughout (as Prometheus sends them and as `Sample` in
// metrics-common expects); sample values are numbers in which `NaN`, `Infinity` and
// `-Infinity` are kept, never turned into 0 or null.

/** Labels of one series, `__name__` included when Prometheus sends it. */
export type PrometheusLabels = Record<string, string>;

/** One series of an instant vector: its value at `t` (Unix seconds). */
export interface PrometheusVectorSample {
  labels: PrometheusLabels;
  value: number;
  t: number;
}

/** One series of a matrix: `[t in Unix seconds, value]` pairs, oldest first. */
export interface PrometheusMatrixSeries {
  labels: PrometheusLabels;
  points: Array<[t: number, value: number]>;
}

/** `resultType: "vector"`: the answer of an instant query such as `sum by (job) (up)`. */
export interface PrometheusVector {
  resultType: 'vector';
  series: PrometheusVectorSample[];
}

/** `resultType: "matrix"`: every range query, or an instant query of a range selector. */
export interface PrometheusMatrix {
  resultType: 'matrix';
  series: PrometheusMatrixSeries[];
}

/** `resultType: "scalar"`, e.g. `scalar(...)` or `1 + 1`. */
export interface PrometheusScalar {
  resultType: 'scalar';
  value: number;
  t: number;
}

/** `resultType: "string"` (a string literal query). */
export interface PrometheusString {
  resultType: 'string';
  value: string;
  t: number;
}

/** The `data` of a successful query, in a typed shape. */
export type PrometheusData =
  | PrometheusVector
  | PrometheusMatrix
  | PrometheusScalar
  | PrometheusString;

/**
 * Annotations Prometheus (or Thanos/Mimir) attaches to a successful answer, e.g. a partial
 * response or a truncated result. Panels should show them; an empty array when none.
 */
export interface PrometheusAnnotations {
  warnings: string[];
  infos: string[];
}

/** Answer of {@link PrometheusClient.query}. */
export type PrometheusQueryResult = PrometheusData & PrometheusAnnotations;

/**
 * Answer of {@link PrometheusClient.queryRange}: always a matrix, plus the range actually
 * asked for after step clamping and alignment (Unix seconds; `step` in seconds).
 */
export type PrometheusRangeResult = PrometheusMatrix &
  PrometheusAnnotations & {
    start: number;
    end: number;
    step: number;
  };

/** Answer of {@link PrometheusClient.labelValues}. */
export interface PrometheusLabelValuesResult extends PrometheusAnnotations {
  values: string[];
}

/** A time: a `Date`, or a number of Unix **seconds** (not milliseconds). */
export type PrometheusTime = Date | number;

/** Options of {@link PrometheusClient.queryRange}. */
export interface PrometheusRangeOptions {
  start: PrometheusTime;
  end: PrometheusTime;
  /** Requested resolution in seconds; raised when needed, see `clampStep`. */
  step: number;
}

/** Options of {@link PrometheusClient.labelValues}. */
export interface PrometheusLabelValuesOptions {
  /** Series selectors (`match[]`) that scope the values; strongly advised on big servers. */
  match?: string | string[];
  start?: PrometheusTime;
  end?: PrometheusTime;
  /** At most this many values (Prometheus ≥ 2.54); 0 or absent for no limit. */
  limit?: number;
}

/** Options of {@link PrometheusClient.series}. */
export interface PrometheusSeriesOptions {
  /** Only series with samples after this (else every series the server still holds). */
  start?: PrometheusTime;
  end?: PrometheusTime;
  /** At most this many series (Prometheus ≥ 2.54; older servers ignore it); 0 or absent for no limit. */
  limit?: number;
}

/** Answer of {@link PrometheusClient.series}: the label set of each series, `__name__` included. */
export interface PrometheusSeriesResult extends PrometheusAnnotations {
  series: PrometheusLabels[];
}

/** Public description of an instance, for the sources list: no credentials, no headers. */
export interface PrometheusSourceSummary extends MetricsSourceSummary {
  type: 'prometheus';
  name: string;
  /** Only when configured: the internal `baseUrl` is never shown. */
  externalUrl?: string;
  default: boolean;
}
