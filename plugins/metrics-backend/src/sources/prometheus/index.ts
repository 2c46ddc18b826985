export { PrometheusClient, serverTimeoutMs } from './PrometheusClient';
export { QueryBudget, currentQueryScope, withQueryScope } from './queryScope';
export type { QueryScope } from './queryScope';
export type { PrometheusClientOptions } from './PrometheusClient';
export {
  PrometheusQueryError,
  PrometheusUnavailableError,
  queryExcerpt,
  QUERY_EXCERPT_LENGTH,
} from './errors';
export type { PrometheusUnavailableReason } from './errors';
export {
  parseSampleValue,
  parseQueryData,
  parseLabelValues,
  parseSeriesData,
  parseAnnotations,
} from './parseValues';
export { clampStep, MAX_POINTS_PER_SERIES } from './step';
export type { StepRange, ClampedStepRange } from './step';
export type {
  PrometheusLabels,
  PrometheusVectorSample,
  PrometheusMatrixSeries,
  PrometheusVector,
  PrometheusMatrix,
  PrometheusScalar,
  PrometheusString,
  PrometheusData,
  PrometheusAnnotations,
  PrometheusQueryResult,
  PrometheusRangeResult,
  PrometheusLabelValuesResult,
  PrometheusTime,
  PrometheusRangeOptions,
  PrometheusLabelValuesOptions,
  PrometheusSeriesOptions,
  PrometheusSeriesResult,
  PrometheusSourceSummary,
} from './types';
