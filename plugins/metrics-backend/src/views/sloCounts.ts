import type { SloDefinition } from '@metrics-suite/backstage-plugin-metrics-common';
import { multiWindowQuery, valuesByWindow } from '../readers';
import type { PrometheusClient } from '../sources/prometheus';

/**
 * Good and valid events of an SLO with queries of its own, by window: two instant queries
 * at `end` for all windows (the SLO window and the burn windows), no chart.
 */
export async function readSloCounts(
  slo: SloDefinition,
  client: PrometheusClient,
  windows: string[],
  end: number,
): Promise<{ good: Map<string, number>; total: Map<string, number> }> {
  const [good, total] = await Promise.all([
    client.query(multiWindowQuery(slo.queries.good, windows), end),
    client.query(multiWindowQuery(slo.queries.total, windows), end),
  ]);
  return {
    good: valuesByWindow(good.resultType === 'vector' ? good.series : []),
    total: valuesByWindow(total.resultType === 'vector' ? total.series : []),
  };
}
