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

/**
 * One service (`label="a"`), several (`label=~"a|b"`), or every service with the label
 * (`label!=""`: org-wide sweeps, which keep the services they know on arrival).
 */
export type ServiceScope =
  | { one: string }
  | { many: Iterable<string> }
  | { all: true };

/** The family's filter matchers, without the service matcher. */
export function filterMatchers(family: ConventionRequests): string[] {
  return Object.entries(family.filter).map(([label, value]) =>
    matcher(label, value),
  );
}

function serviceMatcher(label: string, services: ServiceScope): string {
  if ('one' in services) return matcher(label, services.one);
  if ('many' in services) return regexMatcher(label, services.many);
  return `${label}!=""`;
}

/** The family's filter matchers, then the matcher of the services. */
export function familyMatchers(
  family: ConventionRequests,
  services: ServiceScope,
): string[] {
  const service = checkLabel(family.service);
  return [...filterMatchers(family), serviceMatcher(service, services)];
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
