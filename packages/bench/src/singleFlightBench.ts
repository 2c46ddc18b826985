import type { CountingProxy } from './countingProxy';
import type { BenchmarkResult } from './report';
import { entityViewUrl, getAnswer } from './orgHttp';

export const SINGLE_FLIGHT_BOUND = 1;
const CONCURRENT = 20;

/**
 * Bar c: Prometheus queries of 20 identical views asked at once (same requester, entity,
 * range and end) against the queries of one such view asked alone.
 */
export async function benchSingleFlight(options: {
  api: string;
  proxy: CountingProxy;
  component: string;
  nextEnd: () => number;
}): Promise<BenchmarkResult> {
  const { api, proxy, component, nextEnd } = options;
  const url = (end: number) =>
    entityViewUrl(api, component, { range: '1d', end });
  const alone = await proxy.queriesOf(() => getAnswer(url(nextEnd())));
  const end = nextEnd();
  const together = await proxy.queriesOf(() =>
    Promise.all(Array.from({ length: CONCURRENT }, () => getAnswer(url(end)))),
  );
  const statuses = [alone.result, ...together.result].map(a => a.status);
  const problems = statuses.some(s => s !== 200)
    ? [`views answered ${[...new Set(statuses)].join(', ')}`]
    : [];
  return {
    id: 'org-single-flight',
    title: `${CONCURRENT} identical concurrent service views`,
    ratios: [
      {
        id: 'concurrent-view-queries',
        label: `Prometheus queries of ${CONCURRENT} identical concurrent views / of one (component:default/${component}, 1d)`,
        numerator: {
          label: `${CONCURRENT} views`,
          value: together.queries,
          unit: 'queries',
        },
        denominator: {
          label: 'one view',
          value: alone.queries,
          unit: 'queries',
        },
        bound: SINGLE_FLIGHT_BOUND,
      },
    ],
    details: [],
    problems,
  };
}
