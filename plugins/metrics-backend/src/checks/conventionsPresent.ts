import {
  anyServiceRequestSelector,
  conventionNames,
  resolveConvention,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusInstance } from '../readers';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
} from '../sources/prometheus';
import type { CheckScope } from './checkSeries';

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
      selector: anyServiceRequestSelector(
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
