import { NotFoundError } from '@backstage/errors';
import type {
  IntegrationDefinition,
  KpiDefinition,
  MetricDefinition,
  MetricSourceType,
  PrometheusIntegrationDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { amplitudeReader } from './amplitude';
import { customReader } from './custom';
import type { DefinitionSources } from './DefinitionSources';
import type { Period } from './period';
import { prometheusReader, readPrometheusSloCounts } from './prometheus';
import {
  Counts,
  IntegrationReading,
  KpiReading,
  integrationCounts,
} from './readings';
import type { SourceReader } from './SourceReader';
import { sqlReader } from './sql';

// Views, the collector, metric values and the nudges read every definition through these
// functions; each source's own rules live in its reader.

const READERS: { [S in MetricSourceType]: SourceReader<S> } = {
  prometheus: prometheusReader,
  amplitude: amplitudeReader,
  sql: sqlReader,
  custom: customReader,
};

/**
 * The reader of a definition's source. The table is complete for every source type, but
 * TypeScript cannot tie a definition's `source` to its entry, hence the one cast.
 */
function readerOf(definition: MetricDefinition): SourceReader<any> {
  return READERS[definition.source];
}

const KIND_LABEL = { slo: 'SLO', integration: 'Integration', kpi: 'KPI' };

/** Why a definition cannot be read with these sources (a configuration gap), if it cannot. */
export function missingSource(
  definition: MetricDefinition,
  sources: DefinitionSources,
): string | undefined {
  const what = `${KIND_LABEL[definition.kind]} "${definition.name}"`;
  return readerOf(definition).missing(definition, sources, what);
}

function assertReadable(
  definition: MetricDefinition,
  sources: DefinitionSources,
): void {
  const missing = missingSource(definition, sources);
  if (missing) throw new NotFoundError(missing);
}

/** The id of the source a definition reads, as snapshot rows and warnings name it. */
export function sourceIdOf(
  definition: MetricDefinition,
  sources: DefinitionSources,
): string {
  return readerOf(definition).sourceId(definition, sources);
}

/**
 * Whether an integration is on the conventional counter: read for many services at once by
 * one breakdown query rather than on its own.
 */
export function isConventional(
  definition: MetricDefinition,
): definition is PrometheusIntegrationDefinition {
  return (
    definition.kind === 'integration' &&
    definition.source === 'prometheus' &&
    Boolean(definition.conventional)
  );
}

/**
 * Whether an integration's source tells failures apart by error class: the conventional
 * counter (its `error_class` label) and the SQL events table do; a success-out-of-total
 * source (own PromQL, Amplitude, a module's) counts every failure as unclassified.
 */
export function classifiesFailures(definition: IntegrationDefinition): boolean {
  return isConventional(definition) || definition.source === 'sql';
}

/** Distinct users of several days do not add up from daily counts: they are read whole. */
export function countsDistinctUsers(definition: MetricDefinition): boolean {
  return (
    definition.kind === 'kpi' &&
    (definition.source === 'amplitude' || definition.source === 'sql') &&
    definition.metric === 'uniques'
  );
}

/**
 * An integration's calls over the period by outcome and error class, from its own source.
 *
 * @throws NotFoundError when the source it reads is not configured.
 */
export async function readIntegration(
  definition: IntegrationDefinition,
  sources: DefinitionSources,
  period: Period,
): Promise<IntegrationReading> {
  assertReadable(definition, sources);
  return readerOf(definition).integration(definition, sources, period);
}

/**
 * A KPI's value over the period: a Prometheus query over `{{window}}` = the period's length,
 * evaluated at its end; Amplitude totals or distinct users; SQL event counts; or the count of
 * a module-added source.
 *
 * @throws NotFoundError when the source it reads is not configured.
 */
export async function readKpi(
  definition: KpiDefinition,
  sources: DefinitionSources,
  period: Period,
): Promise<KpiReading> {
  assertReadable(definition, sources);
  return readerOf(definition).kpi(definition, sources, period);
}

/**
 * Counts one definition over the period with one evaluation of its source: an SLO's good and
 * valid events, an integration's successes and calls, a KPI's value. Undefined when a KPI's
 * source has no data for the period.
 *
 * @throws NotFoundError when the source it reads is not configured.
 */
export async function readCounts(
  definition: MetricDefinition,
  sources: DefinitionSources,
  period: Period,
): Promise<Counts | undefined> {
  switch (definition.kind) {
    case 'slo':
      assertReadable(definition, sources);
      return readPrometheusSloCounts(
        definition,
        sources.prometheus!.client,
        period,
      );
    case 'integration':
      return integrationCounts(
        (await readIntegration(definition, sources, period)).rows,
      );
    default: {
      const { value } = await readKpi(definition, sources, period);
      return value === null
        ? undefined
        : { numerator: value, denominator: null };
    }
  }
}
