import { isError } from '@backstage/errors';
import {
  INTEGRATION_OUTCOMES,
  MetricDefinition,
  PrometheusIntegrationDefinition,
  ResolvedEntityMetrics,
  SloDefinition,
  batchedAvailabilityCountQueries,
  batchedIntegrationBreakdownQuery,
  batchedLatencyCountQueries,
  discoveredIntegrationDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { SnapshotRow } from '../../database/MetricsStore';
import type { AmplitudeClients } from '../../sources/amplitude';
import pLimit from 'p-limit';
import type { PrometheusQueryResult } from '../../sources/prometheus';
import type { SqlEventsSource } from '../../sources/sql';
import { PrometheusInstance, errorMessage } from '../../views/resolveForView';
import type { CustomSources } from '../../readers/custom';
import {
  CountSources,
  Counts,
  countOverDays,
  missingSource,
  ratioCounts,
  sourceIdOf,
} from '../../readers/definitionCounts';
import { DayRange, dayRange } from '../../readers/wholeDays';

/** A Component whose metrics are collected, resolved once per run. */
export interface PlannedEntity {
  entityRef: string;
  resolved: ResolvedEntityMetrics;
  /** The annotation's Prometheus instance, else the default one. */
  instanceName?: string;
}

/** The same source handles as the views. */
export interface CollectorSources {
  prometheus: ReadonlyMap<string, PrometheusInstance>;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /** Sources added by backend modules, by id. */
  custom?: CustomSources;
}

/** A source that could not answer for a day; the day stays missing. */
export interface SourceFailure {
  source: string;
  message: string;
}

export interface DayCollection {
  day: string;
  rows: SnapshotRow[];
  /** Outages: the day is collected again on the next run. */
  failures: SourceFailure[];
  /**
   * Definitions that cannot be read (bad query, source not configured): a retry would not
   * help, so they do not hold the day back.
   */
  problems: string[];
}

const DAY_WINDOW = '1d';
// Definitions read one by one, per day: enough to overlap latency, not to flood a source.
const INDIVIDUAL_CONCURRENCY = 8;

/** Read by the per-instance batches rather than one by one. */
function isBatched(definition: MetricDefinition): boolean {
  return (
    (definition.kind === 'slo' && definition.indicator.type !== 'ratio') ||
    (definition.kind === 'integration' &&
      definition.source === 'prometheus' &&
      Boolean(definition.conventional))
  );
}

/** Faults of the query itself (bad PromQL, a request a source rejects) persist on retry. */
function isDefinitionFault(error: unknown): boolean {
  return (
    isError(error) &&
    (error.name === 'PrometheusQueryError' || error.name === 'InputError')
  );
}

function sumByLabel(
  result: PrometheusQueryResult,
  label: string,
): Map<string, number> {
  const sums = new Map<string, number>();
  if (result.resultType !== 'vector') return sums;
  for (const sample of result.series) {
    const key = sample.labels[label];
    if (key === undefined || !Number.isFinite(sample.value)) continue;
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

type Emit = (
  entity: PlannedEntity,
  definition: MetricDefinition,
  counts: Counts,
) => void;

interface SloBatch {
  what: string;
  thresholdSeconds?: number;
  slos: Array<{ entity: PlannedEntity; slo: SloDefinition; service: string }>;
}

/** Daily counts depend on the indicator only: SLOs of other windows or objectives share. */
function sloBatches(entities: PlannedEntity[]): SloBatch[] {
  const batches = new Map<string, SloBatch>();
  for (const entity of entities) {
    for (const slo of entity.resolved.definitions) {
      if (slo.kind !== 'slo' || slo.indicator.type === 'ratio') continue;
      const { indicator } = slo;
      const thresholdSeconds =
        indicator.type === 'latency' ? indicator.thresholdSeconds : undefined;
      const what =
        thresholdSeconds === undefined
          ? 'availability SLOs'
          : `latency SLOs (≤ ${thresholdSeconds}s)`;
      const batch = batches.get(what) ?? { what, thresholdSeconds, slos: [] };
      batch.slos.push({ entity, slo, service: indicator.service });
      batches.set(what, batch);
    }
  }
  return [...batches.values()];
}

async function collectSloBatch(
  instance: PrometheusInstance,
  batch: SloBatch,
  range: DayRange,
  emit: Emit,
): Promise<void> {
  const options = {
    services: batch.slos.map(s => s.service),
    window: DAY_WINDOW,
    names: instance.names,
  };
  const queries =
    batch.thresholdSeconds === undefined
      ? batchedAvailabilityCountQueries(options)
      : batchedLatencyCountQueries({
          ...options,
          thresholdSeconds: batch.thresholdSeconds,
        });
  const [good, total] = await Promise.all([
    instance.client.query(queries.good, range.end),
    instance.client.query(queries.total, range.end),
  ]);
  const label = instance.names.labels.service;
  const goodBy = sumByLabel(good, label);
  const totalBy = sumByLabel(total, label);
  for (const { entity, slo, service } of batch.slos) {
    // A service without traffic that day gets 0 of 0: collected, no data.
    emit(
      entity,
      slo,
      ratioCounts(goodBy.get(service) ?? 0, totalBy.get(service) ?? 0),
    );
  }
}

function declaredConventional(
  entity: PlannedEntity,
): PrometheusIntegrationDefinition[] {
  return entity.resolved.definitions.filter(
    (d): d is PrometheusIntegrationDefinition =>
      d.kind === 'integration' &&
      d.source === 'prometheus' &&
      Boolean(d.conventional),
  );
}

/**
 * Integrations on the conventional counter of every service of an instance, declared and
 * discovered, from one breakdown query.
 */
async function collectConventionalIntegrations(
  instance: PrometheusInstance,
  entities: PlannedEntity[],
  range: DayRange,
  emit: Emit,
): Promise<void> {
  const byService = new Map<string, PlannedEntity[]>();
  const totals = new Map<
    string,
    {
      entity: PlannedEntity;
      definition: PrometheusIntegrationDefinition;
      success: number;
      total: number;
    }
  >();
  const declaredByLabel = new Map<
    PlannedEntity,
    Map<string, PrometheusIntegrationDefinition>
  >();
  for (const entity of entities) {
    const declared = declaredConventional(entity);
    declaredByLabel.set(
      entity,
      new Map(declared.map(d => [d.conventional!.label, d])),
    );
    // Declared integrations get a row without calls too; discovered ones only with calls.
    for (const definition of declared) {
      totals.set(`${entity.entityRef}\u0000${definition.id}`, {
        entity,
        definition,
        success: 0,
        total: 0,
      });
    }
    const service =
      entity.resolved.integrationDiscovery?.service ??
      declared[0]?.conventional?.service;
    if (service)
      byService.set(service, [...(byService.get(service) ?? []), entity]);
  }
  if (byService.size === 0) return;

  const { labels } = instance.names;
  const result = await instance.client.query(
    batchedIntegrationBreakdownQuery({
      services: byService.keys(),
      window: DAY_WINDOW,
      names: instance.names,
    }),
    range.end,
  );
  for (const sample of result.resultType === 'vector' ? result.series : []) {
    if (!(Number.isFinite(sample.value) && sample.value > 0)) continue;
    const label = sample.labels[labels.integration] ?? '';
    const isSuccess =
      sample.labels[labels.outcome] === INTEGRATION_OUTCOMES.success;
    for (const entity of byService.get(sample.labels[labels.service] ?? '') ??
      []) {
      const discovery = entity.resolved.integrationDiscovery;
      const definition =
        declaredByLabel.get(entity)?.get(label) ??
        (discovery && discoveredIntegrationDefinition(discovery, label));
      if (!definition) continue;
      const key = `${entity.entityRef}\u0000${definition.id}`;
      const entry = totals.get(key) ?? {
        entity,
        definition,
        success: 0,
        total: 0,
      };
      entry.total += sample.value;
      if (isSuccess) entry.success += sample.value;
      totals.set(key, entry);
    }
  }
  for (const { entity, definition, success, total } of totals.values()) {
    emit(entity, definition, ratioCounts(success, total));
  }
}

/**
 * One snapshot row per metric of every entity for one UTC day. Availability and latency SLOs
 * and conventional integrations cost a fixed number of Prometheus queries per instance
 * (`sum by (service)` over `1d` at the end of the day), whatever the number of services;
 * ratio SLOs, custom integrations and KPIs are evaluated one by one.
 */
export async function collectDay(
  day: string,
  entities: PlannedEntity[],
  sources: CollectorSources,
): Promise<DayCollection> {
  const range = dayRange(day, day);
  const out: DayCollection = { day, rows: [], failures: [], problems: [] };
  const work: Array<Promise<void>> = [];
  const attempt = (source: string, what: string, task: () => Promise<void>) =>
    work.push(
      task().catch(error => {
        const message = `${what}: ${errorMessage(error)}`;
        if (isDefinitionFault(error)) out.problems.push(message);
        else out.failures.push({ source, message });
      }),
    );
  const emitFrom =
    (source: string): Emit =>
    (entity, definition, counts) =>
      out.rows.push({
        entityRef: entity.entityRef,
        metricId: definition.id,
        day,
        numerator: counts.numerator,
        denominator: counts.denominator,
        source,
      });

  const individual = pLimit(INDIVIDUAL_CONCURRENCY);
  const batchedByInstance = new Map<PrometheusInstance, PlannedEntity[]>();
  for (const entity of entities) {
    const instance = entity.instanceName
      ? sources.prometheus.get(entity.instanceName)
      : undefined;
    const countSources: CountSources = {
      prometheus: instance?.client,
      amplitude: sources.amplitude,
      sql: sources.sql,
      custom: sources.custom,
    };
    let batched = Boolean(entity.resolved.integrationDiscovery);
    for (const definition of entity.resolved.definitions) {
      const missing = missingSource(definition, countSources);
      if (missing) {
        out.problems.push(missing);
        continue;
      }
      if (isBatched(definition)) {
        batched = true;
        continue;
      }
      const source = sourceIdOf(definition, instance?.client);
      attempt(source, `${entity.entityRef} "${definition.name}"`, () =>
        individual(async () => {
          const counts = await countOverDays(definition, countSources, range);
          if (counts) emitFrom(source)(entity, definition, counts);
        }),
      );
    }
    if (!batched) continue;
    if (!instance) {
      out.problems.push(
        `${entity.entityRef}: its integrations are discovered on Prometheus, but no instance is configured for it`,
      );
      continue;
    }
    batchedByInstance.set(instance, [
      ...(batchedByInstance.get(instance) ?? []),
      entity,
    ]);
  }

  for (const [instance, list] of batchedByInstance) {
    const source = `prometheus:${instance.client.name}`;
    const emit = emitFrom(source);
    for (const batch of sloBatches(list)) {
      attempt(source, batch.what, () =>
        collectSloBatch(instance, batch, range, emit),
      );
    }
    attempt(source, 'conventional integrations', () =>
      collectConventionalIntegrations(instance, list, range, emit),
    );
  }
  await Promise.all(work);
  return out;
}
