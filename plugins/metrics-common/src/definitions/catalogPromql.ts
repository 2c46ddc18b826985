import { MetricDefinition, sloFieldPath } from './resolve';

/**
 * One PromQL template written in the catalog, with the path of its field.
 *
 * @public
 */
export interface CatalogPromql {
  /** e.g. `metadata.metrics.slos[2].indicator.ratio.good` */
  path: string;
  /** PromQL over `{{window}}`. */
  template: string;
}

/**
 * The PromQL a definition carries from the catalog: a ratio SLO's `good` and `total`, a
 * Prometheus integration's own `success` and `total`, a Prometheus KPI's `query`. Empty for
 * definitions whose queries the suite builds (conventional SLOs and integrations, defaults,
 * discovered integrations) and for other sources.
 *
 * @public
 */
export function catalogPromqlOf(definition: MetricDefinition): CatalogPromql[] {
  if (definition.source !== 'prometheus' || definition.path === undefined) {
    return [];
  }
  const { path } = definition;
  switch (definition.kind) {
    case 'slo':
      return definition.indicator.type === 'ratio'
        ? [
            {
              path: sloFieldPath(definition, 'good')!,
              template: definition.queries.good,
            },
            {
              path: sloFieldPath(definition, 'total')!,
              template: definition.queries.total,
            },
          ]
        : [];
    case 'integration':
      return definition.conventional
        ? []
        : [
            { path: `${path}.success`, template: definition.queries.success },
            { path: `${path}.total`, template: definition.queries.total },
          ];
    case 'kpi':
      return [{ path: `${path}.query`, template: definition.query }];
    default:
      return [];
  }
}
