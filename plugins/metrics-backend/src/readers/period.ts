/** A period `[start, end)` in Unix seconds, as every reader takes it. */
export interface Period {
  start: number;
  end: number;
}

/** `604800` → `7d`: the largest whole unit, so rendered PromQL reads like the period. */
export function promDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86400],
    ['h', 3600],
    ['m', 60],
  ] as const) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** The `{{window}}` of a period: its length. */
export function windowOf(period: Period): string {
  return promDuration(period.end - period.start);
}

/** The period as dates, for sources that take instants. */
export function instantsOf(period: Period): { start: Date; end: Date } {
  return {
    start: new Date(period.start * 1000),
    end: new Date(period.end * 1000),
  };
}
