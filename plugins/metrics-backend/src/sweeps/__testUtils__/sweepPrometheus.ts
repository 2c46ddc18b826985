import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';

// A Prometheus for sweep tests, played by msw: it answers a batched query with one sample per
// service its `=~` matcher names, or per service it holds for a `label!=""` matcher (and per
// window of a multi-window query), and counts queries.

export const SWEEP_PROMETHEUS = 'http://prom.sweep.test';

/** The values of the first `label=~"…"` matcher of a query, unescaped as PromQL and RE2 would. */
export function matchedValues(query: string): {
  label: string;
  values: string[];
} {
  const found = /(\w+)=~"((?:[^"\\]|\\.)*)"/.exec(query);
  if (!found) return { label: '', values: [] };
  const regex = found[2].replace(/\\(.)/g, '$1');
  const values = regex.split(/(?<!\\)\|/).map(v => v.replace(/\\(.)/g, '$1'));
  return { label: found[1], values };
}

/** The label of a `label!=""` matcher (every series with the label), if the query has one. */
function everyValueOf(query: string): string | undefined {
  return /(\w+)!=""/.exec(query)?.[1];
}

/**
 * Serves `/api/v1/query`: `value(service, query)` gives a service's sample (undefined: none);
 * `held` are the services the Prometheus has series of, for queries over every service.
 * Returns the queries received, in order.
 */
export function sweepPrometheus(
  server: SetupServer,
  value: (
    service: string,
    query: string,
    window?: string,
  ) => number | undefined,
  held: string[] = [],
): string[] {
  const queries: string[] = [];
  server.use(
    http.post(`${SWEEP_PROMETHEUS}/api/v1/query`, async ({ request }) => {
      const query = new URLSearchParams(await request.text()).get('query')!;
      queries.push(query);
      const every = everyValueOf(query);
      const { label, values } = every
        ? { label: every, values: held }
        : matchedValues(query);
      const windows = [...query.matchAll(/"metrics_window", "([^"]+)"/g)].map(
        m => m[1],
      );
      const result = [...new Set(values)].flatMap(service =>
        (windows.length > 0 ? windows : [undefined]).flatMap(window => {
          const v = value(service, query, window);
          return v === undefined
            ? []
            : [
                {
                  metric: {
                    [label]: service,
                    ...(window ? { metrics_window: window } : {}),
                  },
                  value: [0, String(v)],
                },
              ];
        }),
      );
      return HttpResponse.json({
        status: 'success',
        data: { resultType: 'vector', result },
      });
    }),
  );
  return queries;
}
