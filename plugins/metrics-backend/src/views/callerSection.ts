import {
  CallerItem,
  CallerResolver,
  OTHER_CALLERS,
  UNKNOWN_CALLER,
  CallerRow,
  TelemetryConvention,
  TrafficItem,
  callerP95Query,
  callerQueries,
  summarizeCallers,
  trafficQueries,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  PrometheusClient,
  PrometheusQueryResult,
} from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import { samplesOf, sumOfResult } from '../readers';

interface ServiceRead {
  service: string;
  convention: TelemetryConvention;
  client: PrometheusClient;
  request: ViewRequest;
}

function finite(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

/** The caller ids a list of caller items shows individually: what is worth a catalog link. */
export function shownCallerIds(items: ReadonlyArray<CallerItem>): string[] {
  return items
    .map(item => item.caller)
    .filter(caller => caller !== UNKNOWN_CALLER && caller !== OTHER_CALLERS);
}

/**
 * Requests to one service by caller over the viewed range: 3 instant queries (requests,
 * failures, p95 latency) on the convention's caller family. Only the callers the section
 * lists (the top ones, not the folded rest) are handed to `resolveCallers` for catalog links,
 * once. Call only for a convention with callers.
 */
export async function evaluateCallers(
  options: ServiceRead & {
    resolveCallers: (ids: string[]) => Promise<CallerResolver>;
  },
): Promise<CallerItem[]> {
  const { service, convention, client, request, resolveCallers } = options;
  const window = request.range;
  const queries = callerQueries({ service, window, convention });
  const [requests, errors, p95] = await Promise.all([
    client.query(queries.requests, request.end),
    client.query(queries.errors, request.end),
    client.query(callerP95Query({ service, window, convention }), request.end),
  ]);
  const label = convention.callers!.caller;
  const byCaller = (result: PrometheusQueryResult) =>
    new Map(samplesOf(result).map(s => [s.labels[label] ?? '', s.value]));
  const errorsBy = byCaller(errors);
  const p95By = byCaller(p95);
  const rows: CallerRow[] = samplesOf(requests).map(s => {
    const caller = s.labels[label] ?? '';
    const latency = finite(p95By.get(caller));
    return {
      caller,
      requests: s.value,
      errors: errorsBy.get(caller) ?? 0,
      ...(latency !== undefined ? { p95Seconds: latency } : {}),
    };
  });
  // summarizeCallers decides which callers are listed; ask the catalog about those only.
  const ids = shownCallerIds(summarizeCallers(rows));
  if (ids.length === 0) return summarizeCallers(rows);
  return summarizeCallers(rows, { resolver: await resolveCallers(ids) });
}

/**
 * The service's requests, failures and p95 latency as a whole over the viewed range, from
 * the convention's request family: up to 3 instant queries. No item without requests.
 */
export async function evaluateTraffic(
  options: ServiceRead,
): Promise<TrafficItem[]> {
  const { service, convention, client, request } = options;
  const queries = trafficQueries({
    service,
    window: request.range,
    convention,
  });
  const [requests, errors, p95] = await Promise.all([
    client.query(queries.requests, request.end),
    client.query(queries.errors, request.end),
    queries.p95 ? client.query(queries.p95, request.end) : undefined,
  ]);
  const total = finite(sumOfResult(requests, 'the request count')) ?? 0;
  if (total <= 0) return [];
  // Failures and requests come from separately extrapolated queries: clamp.
  const failed = Math.min(
    Math.max(finite(sumOfResult(errors, 'the failed requests')) ?? 0, 0),
    total,
  );
  const latency = p95 ? finite(sumOfResult(p95, 'the p95 latency')) : undefined;
  return [
    {
      convention: convention.id,
      requests: total,
      errors: failed,
      errorRatio: failed / total,
      ...(latency !== undefined ? { p95Seconds: latency } : {}),
    },
  ];
}
