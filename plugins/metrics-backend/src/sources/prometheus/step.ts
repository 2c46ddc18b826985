import { InputError } from '@backstage/errors';

/**
 * Prometheus rejects a range query when `(end - start) / step > 11000` with
 * `bad_data: exceeded maximum resolution of 11,000 points per timeseries`.
 */
export const MAX_POINTS_PER_SERIES = 11_000;

/** A range query's range; `start`/`end` in Unix seconds, `step` in seconds. */
export interface StepRange {
  start: number;
  end: number;
  step: number;
}

/** {@link StepRange} after {@link clampStep}; `clamped` when the step had to grow. */
export interface ClampedStepRange extends StepRange {
  clamped: boolean;
}

// Guards against 60.00000000001-style float noise turning 60 into 61.
const EPSILON = 1e-9;

/**
 * Picks the step and range actually sent to `query_range`:
 *
 * 1. `step = max(requested, (end - start) / maxPoints)`, rounded up to a whole second, so a
 *    long range at a fine step (28 days at 60 s would be 40,320 points) is not rejected;
 * 2. `start` is aligned down and `end` up to a multiple of `step`, so the requested range is
 *    covered and the same panel asks the same range for a whole step — which is what lets
 *    Mimir/Cortex/Thanos result caches (and our own request coalescing) hit;
 * 3. alignment adds up to one step at each end, so if that crosses `maxPoints` the step is
 *    raised by a second until it does not.
 *
 * @throws InputError for a non-positive or non-finite step, or `end` before `start`
 */
export function clampStep(
  range: StepRange,
  maxPoints: number = MAX_POINTS_PER_SERIES,
): ClampedStepRange {
  const { start, end, step: requested } = range;
  if (!Number.isFinite(requested) || requested <= 0) {
    throw new InputError(
      `The step of a range query must be a positive number of seconds, got ${requested}`,
    );
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new InputError(
      'The start and end of a range query must be finite times',
    );
  }
  if (end < start) {
    throw new InputError(
      `The end of a range query (${end}) must not be before its start (${start})`,
    );
  }
  if (!Number.isInteger(maxPoints) || maxPoints < 1) {
    throw new InputError(
      `maxPoints must be a positive integer, got ${maxPoints}`,
    );
  }

  let step = Math.max(
    1,
    Math.ceil(Math.max(requested, (end - start) / maxPoints) - EPSILON),
  );
  for (;;) {
    const first = Math.floor(start / step);
    const last = Math.ceil(end / step);
    if (last - first <= maxPoints) {
      return {
        start: first * step,
        end: last * step,
        step,
        clamped: step !== requested,
      };
    }
    step += 1;
  }
}
