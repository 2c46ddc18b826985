import { InputError } from '@backstage/errors';
import {
  isValidLabelName,
  isValidMetricName,
  matcher,
  regexMatcher,
} from '../definitions/promql';
import type { ConventionIntegrations, ConventionRequests } from './types';

/*
 * How a request family's series are selected: its filter, then the service matcher. Shared by
 * the conventional queries and the list of series they read, so the two cannot drift apart.
 * Internal: not exported from the package.
 */

export function checkMetric(name: string): string {
  if (!isValidMetricName(name)) {
    throw new InputError(
      `"${String(name)}" is not a valid Prometheus metric name`,
    );
  }
  return name;
}

export function checkLabel(name: string): string {
  if (!isValidLabelName(name)) {
    throw new InputError(
      `"${String(name)}" is not a valid Prometheus label name`,
    );
  }
  return name;
}

/** One service (`label="a"`) or several (`label=~"a|b"`). */
export type ServiceScope = { one: string } | { many: Iterable<string> };

/** The family's filter matchers, without the service matcher. */
export function filterMatchers(family: ConventionRequests): string[] {
  return Object.entries(family.filter).map(([label, value]) =>
    matcher(label, value),
  );
}

/** The family's filter matchers, then the matcher of the services. */
export function familyMatchers(
  family: ConventionRequests,
  services: ServiceScope,
): string[] {
  const service = checkLabel(family.service);
  return [
    ...filterMatchers(family),
    'one' in services
      ? matcher(service, services.one)
      : regexMatcher(service, services.many),
  ];
}

/** The integration counter as a request family: its service label, failures by outcome. */
export function integrationRequests(
  names: ConventionIntegrations,
): ConventionRequests {
  return {
    count: { metric: names.metric, histogram: false },
    filter: {},
    service: names.service,
    errors: { type: 'label', label: names.outcome, value: names.failure },
  };
}

/** `metric{a="1", b="2"}`, or the bare metric without matchers. */
export function selectorOf(metric: string, matchers: string[]): string {
  const name = checkMetric(metric);
  return matchers.length === 0 ? name : `${name}{${matchers.join(', ')}}`;
}
