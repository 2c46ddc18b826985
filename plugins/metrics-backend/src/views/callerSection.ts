import {
  CallerItem,
  CallerResolver,
  OTHER_CALLERS,
  UNKNOWN_CALLER,
  CallerRow,
  CallerViewItem,
  PreviousTraffic,
  TelemetryConvention,
  TrafficItem,
  callerP95Query,
  callerQueries,
  summarizeCallers,
  trafficQueries,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  PrometheusClient,
  PrometheusVectorSample,
} from '../sources/prometheus';
import type { ViewRequest } from '../http/parseViewRequest';
import { samplesOf, sumOfResult } from '../readers';
import {
  comparedSeconds,
  splitPeriods,
  sumsByPeriod,
  withPreviousPeriod,
} from './previousPeriod';

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
 * once. With `compare`, the requests and failures queries also answer the period before (no
 * extra query), and each caller carries its `previous` figures. Call only for a convention
 * with callers.
 */
export async function evaluateCallers(
  options: ServiceRead & {
    resolveCallers: (ids: string[]) => Promise<CallerResolver>;
  },
): Promise<CallerViewItem[]> {
  const { service, convention, client, request, resolveCallers } = options;
  const window = request.range;
  const seconds = comparedSeconds(request);
  const queries = callerQueries({ service, window, convention });
  const [requests, errors, p95] = await Promise.all([
    client.query(withPreviousPeriod(queries.requests, seconds), request.end),
    client.query(withPreviousPeriod(queries.errors, seconds), request.end),
    client.query(callerP95Query({ service, window, convention }), request.end),
  ]);
  const compared = seconds !== undefined;
  const label = convention.callers!.caller;
  const byCaller = (samples: PrometheusVectorSample[]) =>
    new Map(samples.map(s => [s.labels[label] ?? '', s.value]));
  const requestsBy = splitPeriods(samplesOf(requests), compared);
  const errorsBy = splitPeriods(samplesOf(errors), compared);
  const rowsOf = (
    requestSamples: PrometheusVectorSample[],
    errorSamples: PrometheusVectorSample[],
    p95By?: ReadonlyMap<string, number>,
  ): CallerRow[] => {
    const errorsOf = byCaller(errorSamples);
    return requestSamples.map(s => {
      const caller = s.labels[label] ?? '';
      const latency = finite(p95By?.get(caller));
      return {
        caller,
        requests: s.value,
        errors: errorsOf.get(caller) ?? 0,
        ...(latency !== undefined ? { p95Seconds: latency } : {}),
      };
    });
  };
  const rows = rowsOf(
    requestsBy.current,
    errorsBy.current,
    byCaller(samplesOf(p95)),
  );
  // summarizeCallers decides which callers are listed; ask the catalog about those only.
  const ids = shownCallerIds(summarizeCallers(rows));
  const items = summarizeCallers(
    rows,
    ids.length > 0 ? { resolver: await resolveCallers(ids) } : undefined,
  );
  if (!requestsBy.previous) return items;
  // Summarized the same way, so the folded other callers compare with their own kind.
  const before = new Map(
    summarizeCallers(rowsOf(requestsBy.previous, errorsBy.previous ?? [])).map(
      c => [c.caller, c],
    ),
  );
  return items.map(item => {
    const then = before.get(item.caller);
    return {
      ...item,
      previous: then
        ? { requests: then.requests, errorRatio: then.errorRatio }
        : null,
    };
  });
}

/** Requests, failures (clamped to the requests) and their ratio; undefined without requests. */
export function trafficFigures(
  requests: number | undefined,
  errors: number | undefined,
): PreviousTraffic | undefined {
  const total = finite(requests) ?? 0;
  if (total <= 0) return undefined;
  // Failures and requests come from separately extrapolated queries: clamp.
  const failed = Math.min(Math.max(finite(errors) ?? 0, 0), total);
  return { requests: total, errors: failed, errorRatio: failed / total };
}

/**
 * The service's requests, failures and p95 latency as a whole over the viewed range, from
 * the convention's request family: up to 3 instant queries; with `compare`, the requests and
 * failures queries also answer the period before. No item without requests.
 */
export async function evaluateTraffic(
  options: ServiceRead,
): Promise<TrafficItem[]> {
  const { service, convention, client, request } = options;
  const seconds = comparedSeconds(request);
  const queries = trafficQueries({
    service,
    window: request.range,
    convention,
  });
  const [requests, errors, p95] = await Promise.all([
    client.query(withPreviousPeriod(queries.requests, seconds), request.end),
    client.query(withPreviousPeriod(queries.errors, seconds), request.end),
    queries.p95 ? client.query(queries.p95, request.end) : undefined,
  ]);
  const requestSums = sumsByPeriod(requests, 'the request count', seconds);
  const errorSums = sumsByPeriod(errors, 'the failed requests', seconds);
  const current = trafficFigures(requestSums.current, errorSums.current);
  if (!current) return [];
  const latency = p95 ? finite(sumOfResult(p95, 'the p95 latency')) : undefined;
  return [
    {
      convention: convention.id,
      ...current,
      ...(latency !== undefined ? { p95Seconds: latency } : {}),
      ...(seconds !== undefined
        ? {
            previous:
              trafficFigures(requestSums.previous, errorSums.previous) ?? null,
          }
        : {}),
    },
  ];
}
