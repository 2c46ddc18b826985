import type { SloDefinition } from '@metrics-suite/backstage-plugin-metrics-common';
import { valuesByWindow } from '../readers';
import type { PrometheusClient } from '../sources/prometheus';
import { multiWindowWithPrevious } from './previousPeriod';

/**
 * Good and valid events of an SLO by window: two instant queries at `end` for all windows
 * (the SLO window and the burn windows), no chart. With `previousSeconds`, the same queries
 * also answer the SLO window that much earlier, under the `previous` key.
 */
export async function readSloCounts(
  slo: SloDefinition,
  client: PrometheusClient,
  windows: string[],
  end: number,
  previousSeconds?: number,
): Promise<{ good: Map<string, number>; total: Map<string, number> }> {
  const query = (template: string) =>
    client.query(
      multiWindowWithPrevious(template, windows, slo.window, previousSeconds),
      end,
    );
  const [good, total] = await Promise.all([
    query(slo.queries.good),
    query(slo.queries.total),
  ]);
  return {
    good: valuesByWindow(good.resultType === 'vector' ? good.series : []),
    total: valuesByWindow(total.resultType === 'vector' ? total.series : []),
  };
}
