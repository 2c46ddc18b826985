import { InputError } from '@backstage/errors';
import {
  PrometheusIntegrationDefinition,
  PrometheusKpiDefinition,
  SloDefinition,
  renderWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  PrometheusClient,
  PrometheusQueryResult,
  PrometheusVectorSample,
} from '../sources/prometheus';
import { Period, windowOf } from './period';
import type { SourceReader } from './SourceReader';
import {
  Counts,
  IntegrationReading,
  KpiReading,
  ratioCounts,
  successAndTotalRows,
} from './readings';

/**
 * Sum of an instant query's finite values (several series are added up; a scalar is taken as
 * it is); undefined when it returned no sample.
 *
 * @throws InputError when the query returns neither an instant vector nor a scalar.
 */
export function sumOfResult(
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

/** Two `{{window}}` templates over the period, evaluated at its end. */
async function sumsOver(
  client: PrometheusClient,
  templates: [string, string],
  period: Period,
  what: string,
): Promise<{ values: [number, number]; promql: [string, string] }> {
  const window = windowOf(period);
  const promql = templates.map(t => renderWindow(t, window)) as [
    string,
    string,
  ];
  const results = await Promise.all(
    promql.map(query => client.query(query, period.end)),
  );
  return {
    values: [
      sumOfResult(results[0], what) ?? 0,
      sumOfResult(results[1], what) ?? 0,
    ],
    promql,
  };
}

/** An SLO's good and valid events over the period. */
export async function readPrometheusSloCounts(
  slo: SloDefinition,
  client: PrometheusClient,
  period: Period,
): Promise<Counts> {
  const { values } = await sumsOver(
    client,
    [slo.queries.good, slo.queries.total],
    period,
    `SLO "${slo.name}"`,
  );
  return ratioCounts(...values);
}

/** An integration's successes and calls from its success and total PromQL. */
export async function readPrometheusIntegration(
  definition: PrometheusIntegrationDefinition,
  client: PrometheusClient,
  period: Period,
): Promise<IntegrationReading> {
  const { values, promql } = await sumsOver(
    client,
    [definition.queries.success, definition.queries.total],
    period,
    `integration "${definition.name}"`,
  );
  return {
    ...successAndTotalRows(definition, ...values),
    promql: { success: promql[0], total: promql[1] },
  };
}

/** A KPI's query over `{{window}}` = the period's length, evaluated at its end. */
export async function readPrometheusKpi(
  definition: PrometheusKpiDefinition,
  client: PrometheusClient,
  period: Period,
): Promise<KpiReading> {
  const promql = renderWindow(definition.query, windowOf(period));
  const result = await client.query(promql, period.end);
  if (result.resultType !== 'vector' && result.resultType !== 'scalar') {
    throw new InputError(
      `The KPI query must return an instant vector or a scalar, not a ${result.resultType}: ${promql}`,
    );
  }
  // One series is what a KPI query should return; several are added up.
  return { value: sumOfResult(result, promql) ?? null, promql };
}

/** The samples of an instant query's answer; none unless it is an instant vector. */
export function samplesOf(
  result: PrometheusQueryResult,
): PrometheusVectorSample[] {
  return result.resultType === 'vector' ? result.series : [];
}

export const prometheusReader: SourceReader<'prometheus'> = {
  missing: (_definition, sources, what) =>
    sources.prometheus
      ? undefined
      : `${what} reads Prometheus, but no instance is configured for this entity`,
  sourceId: (_definition, sources) =>
    `prometheus:${sources.prometheus?.client.name ?? '(none)'}`,
  integration: (definition, sources, period) =>
    readPrometheusIntegration(definition, sources.prometheus!.client, period),
  kpi: (definition, sources, period) =>
    readPrometheusKpi(definition, sources.prometheus!.client, period),
};
