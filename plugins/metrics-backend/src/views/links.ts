import type { SourceLink } from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';

// About 120 points per chart: enough for a smooth line, cheap for Prometheus.
const CHART_POINTS = 120;

/** Step in seconds for a chart over `rangeSeconds`, rounded to a whole minute. */
export function chartStep(rangeSeconds: number): number {
  return Math.max(60, Math.ceil(rangeSeconds / CHART_POINTS / 60) * 60);
}

/**
 * Links to queries in the instance's own graph UI, one per `[title, promql]`; undefined when
 * the instance has no `externalUrl` (its `baseUrl` is internal and never shown).
 */
export function graphLinks(
  client: PrometheusClient,
  request: ViewRequest,
  queries: ReadonlyArray<readonly [title: string, promql: string]>,
): SourceLink[] | undefined {
  const { externalUrl } = client.describe();
  if (!externalUrl) return undefined;
  return queries.map(([title, promql]) => {
    const params = new URLSearchParams({
      'g0.expr': promql,
      'g0.tab': '0',
      'g0.range_input': `${request.end - request.start}s`,
      'g0.end_input': new Date(request.end * 1000).toISOString(),
    });
    return { title, url: `${externalUrl}/graph?${params.toString()}` };
  });
}
