import {
  CallerEntity,
  CallerItem,
  CallerRow,
  PrometheusNames,
  callerP95Query,
  callerQueries,
  summarizeCallers,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusClient } from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';

/**
 * Requests to one service by caller over the viewed range: 3 instant queries (requests,
 * server errors, p95 latency), callers resolved to catalog entities through `directory`.
 */
export async function evaluateCallers(options: {
  service: string;
  names: PrometheusNames;
  client: PrometheusClient;
  request: ViewRequest;
  directory: ReadonlyMap<string, CallerEntity>;
}): Promise<CallerItem[]> {
  const { service, names, client, request, directory } = options;
  const window = request.range;
  const queries = callerQueries({ service, window, names });
  const [requests, errors, p95] = await Promise.all([
    client.query(queries.requests, request.end),
    client.query(queries.errors, request.end),
    client.query(callerP95Query({ service, window, names }), request.end),
  ]);
  const label = names.labels.caller;
  const vector = (result: typeof requests) =>
    result.resultType === 'vector' ? result.series : [];
  const errorsBy = new Map(
    vector(errors).map(s => [s.labels[label] ?? '', s.value]),
  );
  const p95By = new Map(vector(p95).map(s => [s.labels[label] ?? '', s.value]));
  const rows: CallerRow[] = vector(requests).map(s => {
    const caller = s.labels[label] ?? '';
    const latency = p95By.get(caller);
    return {
      caller,
      requests: s.value,
      errors: errorsBy.get(caller) ?? 0,
      ...(latency !== undefined && Number.isFinite(latency)
        ? { p95Seconds: latency }
        : {}),
    };
  });
  return summarizeCallers(rows, { resolver: directory });
}
