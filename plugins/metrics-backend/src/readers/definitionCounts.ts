import { InputError, NotFoundError } from '@backstage/errors';
import {
  CustomSourceParams,
  INTEGRATION_OUTCOMES,
  IntegrationDefinition,
  MetricDefinition,
  MetricValueUnit,
  renderWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  AmplitudeClients,
  countAmplitudeEvents,
} from '../sources/amplitude';
import type {
  PrometheusClient,
  PrometheusQueryResult,
} from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import { CustomSources, countWithCustomSource } from './custom';
import { readKpi } from '../views/kpiSection';
import type { DayRange } from './wholeDays';

/**
 * What a metric counted over whole days: good/valid events (SLOs), successes/calls
 * (integrations), or a count (KPIs, `denominator` null). Sums of counts give longer windows.
 */
export interface Counts {
  numerator: number;
  denominator: number | null;
}

/** The sources one definition may read; `prometheus` is its entity's instance. */
export interface CountSources {
  prometheus?: PrometheusClient;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /** Sources added by backend modules, by id. */
  custom?: CustomSources;
}

const SQL_SOURCE_ID = 'sql:events';

/** SLIs and success rates are ratios; KPIs are counts. */
export function unitOf(definition: MetricDefinition): MetricValueUnit {
  return definition.kind === 'kpi' ? 'count' : 'ratio';
}

/** The id of the source a definition reads, as snapshot rows and warnings name it. */
export function sourceIdOf(
  definition: MetricDefinition,
  prometheus: PrometheusClient | undefined,
): string {
  switch (definition.source) {
    case 'prometheus':
      return `prometheus:${prometheus?.name ?? '(none)'}`;
    case 'amplitude':
      return `amplitude:${definition.project}`;
    case 'custom':
      return definition.sourceId;
    default:
      return SQL_SOURCE_ID;
  }
}

/** Why a definition cannot be read with these sources (a configuration gap), if it cannot. */
export function missingSource(
  definition: MetricDefinition,
  sources: CountSources,
): string | undefined {
  const what = `${definition.entityRef} "${definition.name}"`;
  switch (definition.source) {
    case 'prometheus':
      return sources.prometheus
        ? undefined
        : `${what} reads Prometheus, but no instance is configured for this entity`;
    case 'amplitude':
      return sources.amplitude?.has(definition.project)
        ? undefined
        : `${what} reads Amplitude project "${definition.project}", which is not configured in metrics.amplitude.projects`;
    case 'custom':
      return sources.custom?.get(definition.sourceId)?.countEvents
        ? undefined
        : `${what} reads source "${definition.sourceId}", which no backend module adds with countEvents`;
    default:
      return sources.sql
        ? undefined
        : `${what} reads SQL events, but metrics.sqlEvents is not configured`;
  }
}

/** Sum of an instant query's finite values; undefined when it returned no sample. */
function sumOfResult(
  result: PrometheusQueryResult,
  what: string,
): number | undefined {
  if (result.resultType === 'scalar') {
    return Number.isFinite(result.value) ? result.value : undefined;
  }
  if (result.resultType !== 'vector') {
    throw new InputError(
      `The query of ${what} returns a ${result.resultType}, not an instant vector`,
    );
  }
  const values = result.series.map(s => s.value).filter(Number.isFinite);
  return values.length > 0 ? values.reduce((s, v) => s + v, 0) : undefined;
}

/**
 * Good and valid counts as a ratio's numerator and denominator. `increase()` extrapolates the
 * two selectors separately, so good may exceed valid by a hair: it is capped.
 */
export function ratioCounts(good: number, valid: number): Counts {
  const denominator = Math.max(0, valid);
  return {
    numerator: Math.min(Math.max(0, good), denominator),
    denominator,
  };
}

async function prometheusRatio(
  client: PrometheusClient,
  queries: { good: string; total: string },
  range: DayRange,
  what: string,
): Promise<Counts> {
  const window = `${range.days}d`;
  const [good, total] = await Promise.all([
    client.query(renderWindow(queries.good, window), range.end),
    client.query(renderWindow(queries.total, window), range.end),
  ]);
  return ratioCounts(
    sumOfResult(good, what) ?? 0,
    sumOfResult(total, what) ?? 0,
  );
}

function instants(range: DayRange) {
  return {
    start: new Date(range.start * 1000),
    end: new Date(range.end * 1000),
  };
}

async function integrationCounts(
  definition: IntegrationDefinition,
  sources: CountSources,
  range: DayRange,
  what: string,
): Promise<Counts> {
  switch (definition.source) {
    case 'prometheus':
      // Conventional ones too: their success/total queries match the breakdown's sums.
      return prometheusRatio(
        sources.prometheus!,
        { good: definition.queries.success, total: definition.queries.total },
        range,
        what,
      );
    case 'sql': {
      const rows = await sources.sql!.countByGroup({
        eventTypes: [definition.eventType],
        ...instants(range),
        groupBy: ['outcome'],
        where: { partner: definition.partner },
      });
      // Events without an outcome say nothing about success (as in the views): left out.
      let success = 0;
      let total = 0;
      for (const row of rows) {
        if (!row.outcome) continue;
        total += row.count;
        if (row.outcome === INTEGRATION_OUTCOMES.success) success += row.count;
      }
      return ratioCounts(success, total);
    }
    case 'custom': {
      const count = (params: CustomSourceParams) =>
        countWithCustomSource(
          sources.custom,
          definition.sourceId,
          params,
          instants(range),
        );
      const [success, total] = await Promise.all([
        count(definition.success),
        count(definition.total),
      ]);
      return ratioCounts(success ?? 0, total ?? 0);
    }
    default: {
      const client = sources.amplitude!.get(definition.project);
      const filters = Object.entries(definition.where).map(([key, value]) => ({
        subprop_type: 'event' as const,
        subprop_key: key,
        subprop_op: 'is',
        subprop_value: [String(value)],
      }));
      const total = async (event: string) =>
        (
          await countAmplitudeEvents(client, {
            event: { event_type: event, filters },
            metric: 'totals',
            ...instants(range),
          })
        ).value ?? 0;
      const other = definition.failureEvent ?? definition.attemptEvent;
      const [success, second] = await Promise.all([
        total(definition.successEvent),
        other ? total(other) : Promise.resolve(0),
      ]);
      if (definition.failureEvent)
        return ratioCounts(success, success + second);
      if (definition.attemptEvent) return ratioCounts(success, second);
      return ratioCounts(success, success);
    }
  }
}

/**
 * Counts one definition over whole days with one evaluation of its source: Prometheus
 * queries over an `<n>d` window ending at the end of the last day, SQL, Amplitude and module
 * sources over `[start, end)`; KPIs as the views read them (`readKpi`). Undefined when a KPI's
 * source has no data for the days.
 *
 * @throws NotFoundError when the source it reads is not configured.
 */
export async function countOverDays(
  definition: MetricDefinition,
  sources: CountSources,
  range: DayRange,
): Promise<Counts | undefined> {
  const missing = missingSource(definition, sources);
  if (missing) throw new NotFoundError(missing);
  const what = `${definition.entityRef} "${definition.name}"`;
  switch (definition.kind) {
    case 'slo':
      return prometheusRatio(
        sources.prometheus!,
        definition.queries,
        range,
        what,
      );
    case 'integration':
      return integrationCounts(definition, sources, range, what);
    default: {
      const { value } = await readKpi(definition, sources, range);
      return value === null
        ? undefined
        : { numerator: value, denominator: null };
    }
  }
}
