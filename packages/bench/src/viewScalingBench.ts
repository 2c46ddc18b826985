import type { BenchmarkResult } from './report';
import { median } from './timing';
import { entityViewUrl, getAnswer } from './orgHttp';

export const VIEW_SCALING_BOUND = 1.2;

/**
 * Bar a: the same service view (range 1d, callers on) on a catalog of the large org against
 * one of the small org. Runs alternate between the two backends, each run at an `end` both
 * compute afresh, so both get the same Prometheus answer and drifts of the machine hit both.
 */
export async function benchViewScaling(options: {
  small: { api: string; components: number };
  large: { api: string; components: number };
  component: string;
  callers: number;
  nextEnd: () => number;
  runs: number;
}): Promise<BenchmarkResult> {
  const { small, large, component, runs } = options;
  const samples = { small: [] as number[], large: [] as number[] };
  const problems = new Set<string>();
  for (let run = 0; run <= runs; run++) {
    const end = options.nextEnd();
    for (const side of ['small', 'large'] as const) {
      const api = side === 'small' ? small.api : large.api;
      const answer = await getAnswer(
        entityViewUrl(api, component, { range: '1d', end }),
      );
      if (answer.status !== 200) {
        problems.add(`${side} org: view answered ${answer.status}`);
      } else if (answer.body.callers?.status !== 'ok') {
        problems.add(
          `${side} org: callers section ${answer.body.callers?.status}`,
        );
      }
      // The first run warms up both backends and is not kept.
      if (run > 0) samples[side].push(answer.ms);
    }
  }
  const largeMs = median(samples.large);
  const smallMs = median(samples.small);
  return {
    id: 'org-view-scaling',
    title: `Service view on the real catalog: ${large.components} vs ${small.components} Components`,
    ratios: [
      {
        id: 'view-time-by-catalog-size',
        label: `view time at ${large.components} / at ${small.components} Components (component:default/${component}, 1d, ${options.callers} callers, median of ${runs})`,
        numerator: { label: `${large.components}`, value: largeMs, unit: 'ms' },
        denominator: {
          label: `${small.components}`,
          value: smallMs,
          unit: 'ms',
        },
        bound: VIEW_SCALING_BOUND,
      },
    ],
    details: [
      {
        components: small.components,
        'median ms': smallMs,
        'max ms': Math.max(...samples.small),
      },
      {
        components: large.components,
        'median ms': largeMs,
        'max ms': Math.max(...samples.large),
      },
    ],
    problems: [...problems],
  };
}
