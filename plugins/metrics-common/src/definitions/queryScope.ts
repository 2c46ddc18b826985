import { METRICS_ANNOTATIONS } from '../annotations';
import type { TelemetryConvention } from '../conventions/types';
import { formatDuration } from '../math/windows';
import { escapeLabelValue } from './promql';
import type { ParsedPromql, PromqlRange, PromqlSelector } from './promqlTree';
import { WINDOW_PLACEHOLDER } from './windowPlaceholder';

/*
 * What catalog-authored PromQL may read on a Prometheus instance (docs/security.md#catalog-promql).
 * Whoever edits a catalog file writes these queries, and the backend runs them with the
 * instance's credentials: under `scoped` a query reads no more than the entity's annotations
 * already make the conventional queries read, plus what the operator granted its owner.
 */

/**
 * What an instance does with PromQL written in the catalog: run it (`any`), run it when every
 * selector is scoped to the entity (`scoped`, the default), or never (`none`).
 *
 * @public
 */
export type CatalogQueryPolicy = 'any' | 'scoped' | 'none';

/**
 * The policies, in order of trust.
 *
 * @public
 */
export const CATALOG_QUERY_POLICIES: ReadonlyArray<CatalogQueryPolicy> = [
  'any',
  'scoped',
  'none',
];

/**
 * What one entity's catalog PromQL may read on one instance.
 *
 * @public
 */
export interface CatalogQueryScope {
  /** The instance, for messages. */
  instance: string;
  /** The entity's `prometheus-service` annotation; without it only grants scope a selector. */
  service?: string;
  /** Labels whose value names the service (see {@link serviceLabelsOf}). */
  serviceLabels: ReadonlyArray<string>;
  /** The entity's owner, for messages. */
  owner?: string;
  /** Label sets granted to the owner: a selector with every matcher of one is in scope. */
  grants: ReadonlyArray<Readonly<Record<string, string>>>;
  /** The longest range a query may read (`limits.maxQueryRange`). */
  maxRangeSeconds: number;
  /**
   * The longest `{{window}}` the query runs with, when known (an SLO's window): `[{{window}}]`
   * is checked against the limit with it. Other windows are bounded where they are chosen.
   */
  windowSeconds?: number;
}

/** More problems than this in one query are summed up in one more line. */
const MAX_PROBLEMS = 5;

/**
 * The labels that name a service in a convention: the server family's, the callers family's
 * (the called service) and the integration counter's. The conventional queries match the
 * `prometheus-service` annotation on exactly these.
 *
 * @public
 */
export function serviceLabelsOf(convention: TelemetryConvention): string[] {
  return [
    ...new Set(
      [
        convention.server.service,
        convention.callers?.service,
        convention.integrations?.service,
      ].filter((label): label is string => typeof label === 'string'),
    ),
  ];
}

function showSeconds(seconds: number): string {
  return formatDuration(Math.max(0, Math.ceil(seconds)));
}

function rangeProblem(
  range: PromqlRange,
  scope: CatalogQueryScope,
): string | undefined {
  const limit = `${showSeconds(
    scope.maxRangeSeconds,
  )} (limits.maxQueryRange of instance "${scope.instance}")`;
  const shown = `range [${range.text}]`;
  if (range.window === 'derived') {
    return `${shown} is computed from ${WINDOW_PLACEHOLDER}; write [${WINDOW_PLACEHOLDER}] itself or a fixed duration, so that it stays within ${limit}`;
  }
  if (range.window === 'exact') {
    return scope.windowSeconds !== undefined &&
      scope.windowSeconds > scope.maxRangeSeconds
      ? `${shown} reads the ${showSeconds(
          scope.windowSeconds,
        )} window, longer than ${limit}`
      : undefined;
  }
  if (range.seconds === undefined) {
    return `${shown} cannot be known before the query runs, so it cannot be held to ${limit}; write a fixed duration or ${WINDOW_PLACEHOLDER}`;
  }
  return range.seconds > scope.maxRangeSeconds
    ? `${shown} reads ${showSeconds(range.seconds)}, longer than ${limit}`
    : undefined;
}

function hasEquality(
  selector: PromqlSelector,
  label: string,
  value: string,
): boolean {
  return selector.matchers.some(
    m => m.label === label && m.op === '=' && m.value === value,
  );
}

function inScope(selector: PromqlSelector, scope: CatalogQueryScope): boolean {
  const { service } = scope;
  if (
    service !== undefined &&
    scope.serviceLabels.some(label => hasEquality(selector, label, service))
  ) {
    return true;
  }
  return scope.grants.some(grant => {
    const entries = Object.entries(grant);
    return (
      entries.length > 0 &&
      entries.every(([label, value]) => hasEquality(selector, label, value))
    );
  });
}

// Like `matcher`, but never throws: the scope check reports, it does not fail.
function equality(label: string, value: string): string {
  return `${label}="${escapeLabelValue(value)}"`;
}

function grantText(grant: Readonly<Record<string, string>>): string {
  return `{${Object.entries(grant)
    .map(([label, value]) => equality(label, value))
    .join(', ')}}`;
}

/** What a selector lacks, in the author's terms. */
function missingScope(scope: CatalogQueryScope): string {
  const labels =
    scope.serviceLabels.length > 0 ? scope.serviceLabels : ['service'];
  const service = scope.service
    ? `no ${labels
        .map(label => equality(label, scope.service!))
        .join(' or ')} matcher`
    : `no matcher that scopes it to this entity (set the ${METRICS_ANNOTATIONS.prometheusService} annotation and match ${labels[0]}="<its value>")`;
  if (scope.grants.length === 0) return service;
  return `${service} and not every matcher of a grant to ${
    scope.owner ?? 'its owner'
  } (${scope.grants.map(grantText).join(' or ')})`;
}

function selectorProblems(
  selector: PromqlSelector,
  scope: CatalogQueryScope,
): string[] {
  const shown = `selector ${selector.text}`;
  const problems: string[] = [];
  const nameMatchers = selector.matchers.filter(m => m.label === '__name__');
  if (nameMatchers.some(m => m.op !== '=')) {
    problems.push(
      `${shown} matches metric names with a regex or a negative __name__ matcher; name one metric`,
    );
  } else if (!selector.metricName) {
    problems.push(`${shown} names no metric`);
  }
  if (!inScope(selector, scope)) {
    problems.push(`${shown} has ${missingScope(scope)}`);
  }
  return problems;
}

/**
 * The problems of a parsed catalog query under an instance's policy, as messages about the
 * query's field; empty when it may run. Syntax errors and ranges longer than
 * `scope.maxRangeSeconds` count under every policy (ranges are a cost limit); under `scoped`
 * every vector selector must also name one metric (no `__name__` regex or negative matcher)
 * and carry an equality matcher of one of the service labels with the entity's service, or
 * every matcher of one of the owner's grants; under `none` no catalog query runs.
 *
 * @public
 */
export function checkQueryScope(
  parsed: ParsedPromql,
  policy: CatalogQueryPolicy,
  scope: CatalogQueryScope,
): string[] {
  if (policy === 'none') {
    return [
      `is not run: instance "${scope.instance}" runs no PromQL from the catalog (catalogQueries: none); this instance only runs annotations and conventions`,
    ];
  }
  const problems = parsed.syntaxErrors.map(e => e.message);
  for (const range of parsed.ranges) {
    const problem = rangeProblem(range, scope);
    if (problem) problems.push(problem);
  }
  if (policy === 'scoped') {
    const suffix = ` (catalogQueries: scoped on instance "${scope.instance}")`;
    for (const selector of parsed.selectors) {
      problems.push(...selectorProblems(selector, scope).map(p => p + suffix));
    }
  }
  const unique = [...new Set(problems)];
  if (unique.length <= MAX_PROBLEMS) return unique;
  return [
    ...unique.slice(0, MAX_PROBLEMS),
    `has ${unique.length - MAX_PROBLEMS} more problem(s) like these`,
  ];
}
