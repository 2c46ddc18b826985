import {
  CatalogQueryScope,
  DefinitionProblem,
  MetricDefinition,
  ResolvedEntityMetrics,
  TelemetryConvention,
  catalogPromqlOf,
  checkQueryScope,
  formatDuration,
  parsePromqlTemplate,
  serviceLabelsOf,
  sloFieldPath,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { ownerKey } from '../config/catalogQueries';

/** The scope the entity's catalog PromQL is held to on `instance`. */
export function catalogQueryScope(
  resolved: ResolvedEntityMetrics,
  instance: PrometheusInstanceConfig,
  convention: TelemetryConvention,
): CatalogQueryScope {
  let owner: string | undefined;
  try {
    owner = resolved.owner ? ownerKey(resolved.owner) : undefined;
  } catch {
    owner = undefined;
  }
  // The entity's owner, not a definition's: a definition names its owner itself.
  const grants = instance.catalogQueries.grants
    .filter(grant => owner !== undefined && grant.owner === owner)
    .map(grant => grant.matchers);
  const service = resolved.annotations.prometheusService;
  return {
    instance: instance.name,
    ...(service !== undefined ? { service } : {}),
    serviceLabels: serviceLabelsOf(convention),
    ...(resolved.owner !== undefined ? { owner: resolved.owner } : {}),
    grants,
    maxRangeSeconds: instance.limits.maxQueryRangeSeconds,
  };
}

function sloWindowProblem(
  definition: MetricDefinition,
  instance: PrometheusInstanceConfig,
  defaultSloNames: ReadonlyArray<string>,
): DefinitionProblem | undefined {
  if (definition.kind !== 'slo') return undefined;
  const max = instance.limits.maxSloWindowSeconds;
  if (definition.windowSeconds <= max) return undefined;
  const path =
    sloFieldPath(definition, 'window') ??
    `metrics.defaultSlos[${Math.max(
      0,
      defaultSloNames.indexOf(definition.name),
    )}].window`;
  return {
    path,
    message: `is ${definition.window}, longer than the ${formatDuration(
      max,
    )} instance "${instance.name}" allows (limits.maxSloWindow)`,
  };
}

/**
 * The entity's definitions as `instance` may run them: every definition whose catalog PromQL
 * fails the instance's `catalogQueries` policy or range limit, and every SLO whose window is
 * longer than `limits.maxSloWindow`, is left out and reported at the path of its field.
 */
export function applyCatalogQueryPolicy(
  resolved: ResolvedEntityMetrics,
  instance: PrometheusInstanceConfig,
  options: {
    convention: TelemetryConvention;
    /** Names of `metrics.defaultSlos`, in order, to point at the one at fault. */
    defaultSloNames: ReadonlyArray<string>;
  },
): ResolvedEntityMetrics {
  const scope = catalogQueryScope(resolved, instance, options.convention);
  const problems: DefinitionProblem[] = [];
  const definitions = resolved.definitions.filter(definition => {
    const found: DefinitionProblem[] = [];
    const window = sloWindowProblem(
      definition,
      instance,
      options.defaultSloNames,
    );
    if (window) found.push(window);
    const windowSeconds =
      definition.kind === 'slo' ? definition.windowSeconds : undefined;
    for (const { path, template } of catalogPromqlOf(definition)) {
      const messages = checkQueryScope(
        parsePromqlTemplate(template),
        instance.catalogQueries.policy,
        { ...scope, ...(windowSeconds !== undefined ? { windowSeconds } : {}) },
      );
      found.push(...messages.map(message => ({ path, message })));
    }
    problems.push(...found);
    return found.length === 0;
  });
  if (problems.length === 0) return resolved;
  return {
    ...resolved,
    definitions,
    problems: [...resolved.problems, ...problems],
  };
}
