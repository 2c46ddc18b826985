import type {
  IntegrationDefinition,
  KpiDefinition,
  MetricDefinition,
  MetricSourceType,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { DefinitionSources } from './DefinitionSources';
import type { Period } from './period';
import type { IntegrationReading, KpiReading } from './readings';

type OfSource<D, S> = Extract<D, { source: S }>;

/** How the definitions of one source are read. */
export interface SourceReader<S extends MetricSourceType> {
  /**
   * Why a definition cannot be read with these sources (a configuration gap), if it cannot;
   * `what` names the definition, e.g. `KPI "orders"`.
   */
  missing(
    definition: OfSource<MetricDefinition, S>,
    sources: DefinitionSources,
    what: string,
  ): string | undefined;
  /** The id of the source, as snapshot rows and warnings name it. */
  sourceId(
    definition: OfSource<MetricDefinition, S>,
    sources: DefinitionSources,
  ): string;
  /** An integration's calls over the period by outcome and error class. */
  integration(
    definition: OfSource<IntegrationDefinition, S>,
    sources: DefinitionSources,
    period: Period,
  ): Promise<IntegrationReading>;
  /** A KPI's value over the period. */
  kpi(
    definition: OfSource<KpiDefinition, S>,
    sources: DefinitionSources,
    period: Period,
  ): Promise<KpiReading>;
}
