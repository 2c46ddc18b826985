import type {
  MetricDefinition,
  SeriesCheck,
} from '@metrics-suite/backstage-plugin-metrics-common';

const KINDS = { slo: 'SLO', integration: 'Integration', kpi: 'KPI' } as const;

/** Reads Prometheus with PromQL of its own rather than the convention's series. */
function readsOwnPromql(definition: MetricDefinition): boolean {
  if (definition.source !== 'prometheus') return false;
  switch (definition.kind) {
    case 'slo':
      return definition.indicator.type === 'ratio';
    case 'integration':
      return !definition.conventional;
    default:
      return true;
  }
}

/**
 * The definitions with PromQL of their own, listed as not checked: taking arbitrary PromQL
 * apart safely needs a real parser, and the repository has none installed.
 */
export function ownPromqlChecks(
  definitions: ReadonlyArray<MetricDefinition>,
): SeriesCheck[] {
  return definitions.filter(readsOwnPromql).map(definition => ({
    purpose: 'definition',
    title: `${KINDS[definition.kind]} ${definition.name}`,
    definitionId: definition.id,
    status: 'not-checked',
    message: 'Reads its own PromQL; not checked.',
  }));
}
