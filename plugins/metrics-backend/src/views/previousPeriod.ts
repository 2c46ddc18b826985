import {
  ViewRange,
  renderWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  PrometheusQueryResult,
  PrometheusVectorSample,
} from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import {
  WINDOW_LABEL,
  multiWindowQuery,
  samplesOf,
  sumOfResult,
  taggedQuery,
} from '../readers';
import { viewRange } from './resolveForView';

/** Tags of the two periods in a {@link withPreviousPeriod} answer. */
export const CURRENT_PERIOD = 'current';
export const PREVIOUS_PERIOD = 'previous';

/** The period of the same length just before the view's range (`compare=previous`). */
export function previousPeriodOf(request: ViewRequest): ViewRequest {
  const length = request.end - request.start;
  const { compare: _, ...rest } = request;
  return { ...rest, end: request.start, start: request.start - length };
}

/** How far back the previous period's figures are: the range's length, when comparing. */
export function comparedSeconds(request: ViewRequest): number | undefined {
  return request.compare === 'previous'
    ? request.end - request.start
    : undefined;
}

/** The range the `previous` figures cover, for the response; absent without `compare`. */
export function previousRangeOf(request: ViewRequest): ViewRange | undefined {
  return request.compare === 'previous'
    ? viewRange(previousPeriodOf(request))
    : undefined;
}

/**
 * `promql` as evaluated `seconds` earlier, as an instant query: a one-point subquery moved
 * back with `offset`. Unlike `offset` on the selectors it works for any expression (the
 * definitions' templates), and unlike a two-point range query it is not moved by the step
 * alignment of the client or of a query frontend (Thanos, Mimir). Times are whole seconds.
 */
export function shiftedBack(promql: string, seconds: number): string {
  return `last_over_time((${promql})[1s:1s] offset ${seconds}s)`;
}

/**
 * One instant query answering `promql` at the view's end and `seconds` earlier, each sample
 * tagged with its period ({@link splitPeriods}): the comparison costs no extra request.
 * Without `seconds`, `promql` itself.
 */
export function withPreviousPeriod(
  promql: string,
  seconds: number | undefined,
): string {
  if (seconds === undefined) return promql;
  return taggedQuery([
    [CURRENT_PERIOD, promql],
    [PREVIOUS_PERIOD, shiftedBack(promql, seconds)],
  ]);
}

/** The samples of a {@link withPreviousPeriod} answer by period, without the period tag. */
export interface SamplesByPeriod {
  current: PrometheusVectorSample[];
  /** Undefined when the query did not ask for the previous period. */
  previous?: PrometheusVectorSample[];
}

/** Splits a {@link withPreviousPeriod} answer; with `compared` false, all of it is current. */
export function splitPeriods(
  samples: PrometheusVectorSample[],
  compared: boolean,
): SamplesByPeriod {
  if (!compared) return { current: samples };
  const current: PrometheusVectorSample[] = [];
  const previous: PrometheusVectorSample[] = [];
  for (const sample of samples) {
    const { [WINDOW_LABEL]: period, ...labels } = sample.labels;
    if (period === CURRENT_PERIOD) current.push({ ...sample, labels });
    else if (period === PREVIOUS_PERIOD) previous.push({ ...sample, labels });
  }
  return { current, previous };
}

/**
 * A multi-window query ({@link multiWindowQuery}) that also answers `previousWindow` one
 * period earlier, tagged {@link PREVIOUS_PERIOD}; without `seconds`, the multi-window query.
 */
export function multiWindowWithPrevious(
  template: string,
  windows: string[],
  previousWindow: string,
  seconds: number | undefined,
): string {
  if (seconds === undefined) return multiWindowQuery(template, windows);
  return taggedQuery([
    ...windows.map((w): [string, string] => [w, renderWindow(template, w)]),
    [
      PREVIOUS_PERIOD,
      shiftedBack(renderWindow(template, previousWindow), seconds),
    ],
  ]);
}

/**
 * The sum of each period's values in an answer to {@link withPreviousPeriod} (as
 * {@link sumOfResult}: undefined without samples); only `current` without `seconds`.
 *
 * @throws InputError when the answer is neither an instant vector nor a scalar.
 */
export function sumsByPeriod(
  result: PrometheusQueryResult,
  what: string,
  seconds: number | undefined,
): { current?: number; previous?: number } {
  const whole = sumOfResult(result, what);
  if (seconds === undefined) return { current: whole };
  const { current, previous = [] } = splitPeriods(samplesOf(result), true);
  return { current: sumOf(current), previous: sumOf(previous) };
}

function sumOf(samples: PrometheusVectorSample[]): number | undefined {
  const values = samples.map(s => s.value).filter(Number.isFinite);
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
}
