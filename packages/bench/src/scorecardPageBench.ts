import type { BenchmarkResult, Ratio } from './report';
import { getAnswer } from './orgHttp';
import { percentile } from './percentile';

export const SCORECARD_PAGE_P95_MS = 300;
const PAGE = 50;
const REQUESTS = 30;

export interface ScorecardPageRun {
  database: string;
  /** Why it was not measured (e.g. no PostgreSQL); the run is then invalid. */
  notMeasured?: string;
  api?: string;
}

/**
 * Bar e: p95 time of the org scorecard's first page (`/v1/maturity?limit=50`, what the page
 * asks) over 30 requests, on each database.
 */
export async function benchScorecardPage(options: {
  runs: ScorecardPageRun[];
  teams: number;
}): Promise<BenchmarkResult> {
  const problems: string[] = [];
  const details: BenchmarkResult['details'] = [];
  const ratios: Ratio[] = [];
  for (const run of options.runs) {
    let p95 = NaN;
    let what = 'not measured';
    if (run.notMeasured || !run.api) {
      problems.push(`${run.database}: not measured: ${run.notMeasured}`);
    } else {
      const url = `${run.api}/metrics/v1/maturity?limit=${PAGE}`;
      what = `first page (limit=${PAGE})`;
      const times: number[] = [];
      let bytes = 0;
      let items = 0;
      for (let i = 0; i < REQUESTS; i++) {
        const answer = await getAnswer(url);
        if (answer.status !== 200) {
          problems.push(`${run.database}: scorecard answered ${answer.status}`);
          break;
        }
        bytes = JSON.stringify(answer.body).length;
        items = answer.body.items?.length ?? 0;
        if (items > PAGE) {
          problems.push(
            `${run.database}: the first page held ${items} teams (limit=${PAGE})`,
          );
          break;
        }
        times.push(answer.ms);
      }
      if (times.length === REQUESTS) p95 = percentile(times, 95);
      details.push({
        database: run.database,
        answer: what,
        items,
        'answer kB': Math.round(bytes / 1024),
        'p50 ms': times.length ? percentile(times, 50) : null,
        'p95 ms': Number.isNaN(p95) ? null : p95,
      });
    }
    ratios.push({
      id: `scorecard-page-p95-${run.database.toLowerCase()}`,
      label: `scorecard ${what} at ${options.teams} teams, ${run.database}: p95 of ${REQUESTS} requests / 1 ms`,
      numerator: { label: 'p95', value: p95, unit: 'ms' },
      denominator: { label: 'unit', value: 1, unit: 'ms' },
      bound: SCORECARD_PAGE_P95_MS,
    });
  }
  return {
    id: 'org-scorecard-page',
    title: `Org scorecard first page at ${options.teams} teams`,
    ratios,
    details,
    problems,
  };
}
