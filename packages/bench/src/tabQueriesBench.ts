import type { CountingProxy } from './countingProxy';
import type { BenchmarkResult } from './report';
import { entityViewUrl, getAnswer } from './orgHttp';

export const TAB_QUERIES_BOUND = 9;

/** Keys the answer to `compare=previous` has beyond a plain view: the previous period. */
function extraKeys(compared: object, plain: object): string[] {
  return Object.keys(compared).filter(key => !(key in plain));
}

/**
 * Bar b: Prometheus queries one service tab open costs. Asks the view with
 * `compare=previous`; when the backend does not answer the previous period in it (400, or no
 * extra field), does what the frontend does today: a second view ending where the first starts.
 */
export async function benchTabQueries(options: {
  api: string;
  proxy: CountingProxy;
  component: string;
  nextEnd: () => number;
}): Promise<BenchmarkResult> {
  const { api, proxy, component, nextEnd } = options;
  const problems: string[] = [];
  const url = (query: Record<string, string | number>) =>
    entityViewUrl(api, component, { range: '1d', ...query });
  const plain = await getAnswer(url({ end: nextEnd() }));
  let mode = '';
  const { queries } = await proxy.queriesOf(async () => {
    const end = nextEnd();
    const compared = await getAnswer(url({ end, compare: 'previous' }));
    if (
      compared.status === 200 &&
      extraKeys(compared.body, plain.body).length > 0
    ) {
      mode = `one request (compare=previous answered ${extraKeys(
        compared.body,
        plain.body,
      ).join(', ')})`;
      return;
    }
    mode =
      compared.status === 400
        ? 'two requests (compare=previous answered 400)'
        : 'two requests (compare=previous ignored)';
    const first =
      compared.status === 200 ? compared : await getAnswer(url({ end }));
    const previous = await getAnswer(
      url({ end: Math.floor(Date.parse(first.body.range.start) / 1000) }),
    );
    if (first.status !== 200 || previous.status !== 200) {
      problems.push(
        `tab views answered ${first.status} and ${previous.status}`,
      );
    }
  });
  if (plain.status !== 200) problems.push(`view answered ${plain.status}`);
  return {
    id: 'org-tab-queries',
    title: 'Service tab open: Prometheus queries',
    ratios: [
      {
        id: 'queries-per-tab',
        label: `Prometheus queries per service tab open (component:default/${component}, 1d; ${mode})`,
        numerator: { label: 'tab', value: queries, unit: 'queries' },
        denominator: { label: 'per open', value: 1, unit: 'requests' },
        bound: TAB_QUERIES_BOUND,
      },
    ],
    details: [{ mode, queries }],
    problems,
  };
}
