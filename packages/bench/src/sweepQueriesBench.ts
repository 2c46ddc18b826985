import type { CountingProxy } from './countingProxy';
import type { OrgBackend } from './orgBackend';
import type { BenchmarkResult } from './report';
import { nowMs } from './timing';

export const SWEEP_QUERIES_BOUND = 1;

/**
 * Bar d: Prometheus queries of one run of the plugin's burn-rate alerts task (triggered
 * through the test backend's scheduler) for the large org against the small one.
 */
export async function benchSweepQueries(options: {
  proxy: CountingProxy;
  small: { backend: OrgBackend; teams: number };
  large: { backend: OrgBackend; teams: number };
}): Promise<BenchmarkResult> {
  const { proxy, small, large } = options;
  const sweep = async (backend: OrgBackend) => {
    const start = nowMs();
    const { queries } = await proxy.queriesOf(() => backend.runBurnRateSweep());
    return { queries, seconds: (nowMs() - start) / 1000 };
  };
  const smallRun = await sweep(small.backend);
  const largeRun = await sweep(large.backend);
  const problems =
    smallRun.queries === 0 || largeRun.queries === 0
      ? [
          `a burn-rate sweep sent no queries (${smallRun.queries}, ${largeRun.queries}): the task did not run`,
        ]
      : [];
  return {
    id: 'org-sweep-queries',
    title: `Burn-rate sweep: ${large.teams} vs ${small.teams} teams`,
    ratios: [
      {
        id: 'sweep-queries-by-org-size',
        label: `burn-rate sweep queries at ${large.teams} / at ${
          small.teams
        } teams (${largeRun.seconds.toFixed(1)} s / ${smallRun.seconds.toFixed(
          1,
        )} s)`,
        numerator: {
          label: `${large.teams} teams`,
          value: largeRun.queries,
          unit: 'queries',
        },
        denominator: {
          label: `${small.teams} teams`,
          value: smallRun.queries,
          unit: 'queries',
        },
        bound: SWEEP_QUERIES_BOUND,
      },
    ],
    details: [
      {
        teams: small.teams,
        queries: smallRun.queries,
        seconds: smallRun.seconds,
      },
      {
        teams: large.teams,
        queries: largeRun.queries,
        seconds: largeRun.seconds,
      },
    ],
    problems,
  };
}
