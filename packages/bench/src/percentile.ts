/** The p-th percentile (0 < p <= 100) by nearest rank: a value that was actually measured. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no values');
  if (!(p > 0 && p <= 100)) {
    throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}
