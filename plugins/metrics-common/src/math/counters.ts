/**
 * One sample of a series: `[timestamp in Unix seconds, value]`, the shape of a parsed
 * Prometheus range-query value.
 *
 * @public
 */
export type Sample = readonly [tSeconds: number, value: number];

/**
 * `n / d`, or `undefined` when the ratio is not defined: `d` is zero or negative, or either
 * value is not finite (Prometheus returns `"NaN"` for 0/0). Callers turn `undefined` into
 * "no data" rather than 0 or 100%.
 *
 * @public
 */
export function ratio(n: number, d: number): number | undefined {
  if (!Number.isFinite(n) || !Number.isFinite(d) || d <= 0) return undefined;
  return n / d;
}

/**
 * Exact increase of a counter across its samples, with counter resets handled like
 * Prometheus: a drop means the process restarted and the counter counted up from 0, so the
 * new value is added whole.
 *
 * Unlike PromQL `increase()` this does not extrapolate to the edges of a range: it is the
 * increase between the first and last sample, which is what stored snapshots need to add up.
 * Samples that are not finite (stale markers, `NaN`) are skipped; samples are ordered by time.
 *
 * @returns the increase, or `undefined` with fewer than two usable samples (as Prometheus
 * returns no result then).
 * @public
 */
export function increaseFromSamples(
  samples: ReadonlyArray<Sample>,
): number | undefined {
  const usable = samples
    .filter(([t, v]) => Number.isFinite(t) && Number.isFinite(v))
    .sort((a, b) => a[0] - b[0]);
  if (usable.length < 2) return undefined;
  let increase = 0;
  for (let i = 1; i < usable.length; i++) {
    const previous = usable[i - 1][1];
    const current = usable[i][1];
    increase += current < previous ? current : current - previous;
  }
  return increase;
}
