/** One side of a ratio. */
export interface Quantity {
  label: string;
  value: number;
  unit: 'ms' | 'requests' | 'reads' | 'ms/team' | 'MB' | 'queries' | 'samples';
}

/** A ratio measured in one run; with a bound it is a bar the suite must hold. */
export interface Ratio {
  id: string;
  label: string;
  numerator: Quantity;
  denominator: Quantity;
  /** The ratio must be at most this; without it the ratio is reported only. */
  bound?: number;
}

export interface BenchmarkResult {
  id: string;
  title: string;
  ratios: Ratio[];
  /** Per-case rows (a service, a group, a team count), printed under the summary. */
  details: Array<Record<string, string | number | null>>;
  /**
   * Why the measurement cannot be trusted (a failed view section, an unexpected answer);
   * a benchmark with problems neither passes nor fails a bar.
   */
  problems: string[];
}

export type Verdict = 'pass' | 'FAIL' | 'info';

export function ratioValue(ratio: Ratio): number {
  return ratio.numerator.value / ratio.denominator.value;
}

export function verdictOf(ratio: Ratio): Verdict {
  if (ratio.bound === undefined) return 'info';
  const value = ratioValue(ratio);
  return Number.isFinite(value) && value <= ratio.bound ? 'pass' : 'FAIL';
}

/** 0: every bar holds; 1: a bar is broken; 2: something could not be measured. */
export function exitCodeOf(results: readonly BenchmarkResult[]): number {
  if (results.some(r => r.problems.length > 0)) return 2;
  const broken = results.some(r => r.ratios.some(x => verdictOf(x) === 'FAIL'));
  return broken ? 1 : 0;
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return value >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 2);
}

function formatQuantity(q: Quantity): string {
  return `${q.label} ${formatNumber(q.value)} ${q.unit}`;
}

/** A plain-text table, columns padded to their widest cell. */
export function table(
  header: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string>>,
): string {
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(r => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map(w => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

/** The summary: one row per ratio, with its inputs, bound and verdict. */
export function summaryTable(results: readonly BenchmarkResult[]): string {
  const rows = results.flatMap(result =>
    result.ratios.map(ratio => [
      result.title,
      ratio.label,
      formatNumber(ratioValue(ratio)),
      `${formatQuantity(ratio.numerator)} / ${formatQuantity(
        ratio.denominator,
      )}`,
      ratio.bound === undefined ? '-' : `<= ${ratio.bound}`,
      result.problems.length > 0 ? 'INVALID' : verdictOf(ratio),
    ]),
  );
  return table(
    ['benchmark', 'ratio', 'value', 'inputs', 'bar', 'result'],
    rows,
  );
}

/** The per-case rows of one benchmark. */
export function detailsTable(result: BenchmarkResult): string {
  if (result.details.length === 0) return '';
  const header = Object.keys(result.details[0]);
  const rows = result.details.map(row =>
    header.map(key => {
      const value = row[key];
      if (value === null || value === undefined) return '-';
      return typeof value === 'number' ? formatNumber(value) : value;
    }),
  );
  return table(header, rows);
}

/** The JSON written to `.bench/results.json`. */
export function resultsJson(
  results: readonly BenchmarkResult[],
  meta: Record<string, string | number>,
) {
  return {
    ...meta,
    exitCode: exitCodeOf(results),
    benchmarks: results.map(result => ({
      ...result,
      ratios: result.ratios.map(ratio => ({
        ...ratio,
        value: ratioValue(ratio),
        verdict: result.problems.length > 0 ? 'invalid' : verdictOf(ratio),
      })),
    })),
  };
}
