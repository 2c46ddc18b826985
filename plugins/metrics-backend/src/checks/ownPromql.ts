import {
  MetricDefinition,
  SeriesCheck,
  catalogPromqlOf,
} from '@metrics-suite/backstage-plugin-metrics-common';

const KINDS = { slo: 'SLO', integration: 'Integration', kpi: 'KPI' } as const;

/**
 * The definitions with PromQL of their own, listed as not checked: which series such a query
 * reads is not looked up (the definitions left here passed their instance's catalogQueries
 * policy in resolveForView).
 */
export function ownPromqlChecks(
  definitions: ReadonlyArray<MetricDefinition>,
): SeriesCheck[] {
  return definitions
    .filter(d => catalogPromqlOf(d).length > 0)
    .map(definition => ({
      purpose: 'definition',
      title: `${KINDS[definition.kind]} ${definition.name}`,
      definitionId: definition.id,
      status: 'not-checked',
      message: 'Reads its own PromQL; not checked.',
    }));
}
