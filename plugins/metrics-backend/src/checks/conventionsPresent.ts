import {
  ConventionRequests,
  conventionNames,
  matcher,
  requestCountMetric,
  resolveConvention,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusInstance } from '../readers';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
} from '../sources/prometheus';
import type { CheckScope } from './checkSeries';

/**
 * Series of a family's request count with its filter and any value of its service label: a
 * metric name alone can mislead, as OpenTelemetry's `http_server_request_duration_seconds`
 * is also the suite's latency histogram (labelled `service`, not `service_name`).
 */
function anyServiceSelector(family: ConventionRequests): string {
  const matchers = [
    ...Object.entries(family.filter).map(([label, value]) =>
      matcher(label, value),
    ),
    `${family.service}=~".+"`,
  ];
  return `${requestCountMetric(family)}{${matchers.join(', ')}}`;
}

/**
 * The shipped conventions, other than `except`, whose request series (with the instance's
 * renames) have recent samples on the instance: a hint for an entity whose own metric is not
 * there at all. One `series` request with `limit=1` per distinct selector; a failed one counts
 * as "not there", as this only adds a hint.
 */
export async function conventionsPresent(
  scope: CheckScope,
  instance: PrometheusInstance,
  except: ReadonlyArray<string>,
): Promise<string[]> {
  const candidates = conventionNames()
    .filter(name => !except.includes(name))
    .map(name => ({
      name,
      selector: anyServiceSelector(
        resolveConvention([name], instance.renames).server,
      ),
    }));
  const present = new Map<string, Promise<boolean>>();
  for (const { selector } of candidates) {
    if (present.has(selector)) continue;
    present.set(
      selector,
      scope.client
        .series(selector, { start: scope.start, end: scope.end, limit: 1 })
        .then(
          answer => answer.series.length > 0,
          error => {
            if (
              error instanceof PrometheusUnavailableError ||
              error instanceof PrometheusQueryError
            ) {
              return false;
            }
            throw error;
          },
        ),
    );
  }
  const found = await Promise.all(
    candidates.map(async c => ((await present.get(c.selector)) ? c.name : [])),
  );
  return found.flat();
}
