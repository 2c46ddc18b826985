import type { CountingProxy } from './countingProxy';
import type { BenchmarkResult } from './report';
import { entityViewUrl, getAnswer } from './orgHttp';

export const TAB_QUERIES_BOUND = 9;

/**
 * Bar b: Prometheus queries one service tab open costs: the one view with
 * `compare=previous` the tab asks for (useEntityMetrics). An answer without the previous
 * period makes the measurement invalid.
 */
export async function benchTabQueries(options: {
  api: string;
  proxy: CountingProxy;
  component: string;
  nextEnd: () => number;
}): Promise<BenchmarkResult> {
  const { api, proxy, component, nextEnd } = options;
  const problems: string[] = [];
  const { queries, result } = await proxy.queriesOf(() =>
    getAnswer(
      entityViewUrl(api, component, {
        range: '1d',
        end: nextEnd(),
        compare: 'previous',
      }),
    ),
  );
  if (result.status !== 200) {
    problems.push(`the tab's view answered ${result.status}`);
  } else if (!result.body.previousRange) {
    problems.push('the view answered no previous period (previousRange)');
  }
  return {
    id: 'org-tab-queries',
    title: 'Service tab open: Prometheus queries',
    ratios: [
      {
        id: 'queries-per-tab',
        label: `Prometheus queries per service tab open (component:default/${component}, 1d, one request with compare=previous)`,
        numerator: { label: 'tab', value: queries, unit: 'queries' },
        denominator: { label: 'per open', value: 1, unit: 'requests' },
        bound: TAB_QUERIES_BOUND,
      },
    ],
    details: [{ queries }],
    problems,
  };
}
