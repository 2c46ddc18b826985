import { QueryBudget, withQueryScope } from '../../sources/prometheus';
import {
  MetricDefinition,
  ResolvedEntityMetrics,
  batchedIntegrationBreakdownQuery,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { SnapshotRow } from '../../database/SnapshotStore';
import pLimit from 'p-limit';
import {
  Counts,
  DayRange,
  PrometheusInstance,
  SourcesForInstance,
  batchSlos,
  byConvention,
  conventionalServiceOf,
  dayRange,
  integrationCounts,
  isConventional,
  isDefinitionFault,
  missingSource,
  ratioCounts,
  readCounts,
  readSloBatch,
  readingsFromBreakdown,
  samplesOf,
  sourceIdOf,
} from '../../readers';
import { errorMessage } from '../../views/resolveForView';

/** A Component whose metrics are collected, resolved once per run. */
export interface PlannedEntity {
  entityRef: string;
  resolved: ResolvedEntityMetrics;
  /** The annotation's Prometheus instance, else the default one. */
  instanceName?: string;
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
    isConventional(definition)
  );
}

type Emit = (
  entity: PlannedEntity,
  definition: MetricDefinition,
  counts: Counts,
) => void;

/**
 * Availability and latency SLOs of every service of an instance, two queries per indicator:
 * daily counts depend on the indicator only, so SLOs of other windows or objectives share.
 */
function collectSloBatches(
  instance: PrometheusInstance,
  entities: PlannedEntity[],
  range: DayRange,
  emit: Emit,
) {
  const batches = batchSlos(
    entities.flatMap(entity =>
      entity.resolved.definitions.flatMap(slo =>
        slo.kind === 'slo'
          ? [{ slo, owner: entity, convention: entity.resolved.convention }]
          : [],
      ),
    ),
    { byWindow: false },
  );
  return batches.map(batch => ({
    what: batch.what,
    run: async () => {
      const read = await readSloBatch(instance, batch, [DAY_WINDOW], range.end);
      for (const { slo, owner, good, total } of read) {
        // A service without traffic that day gets 0 of 0: collected, no data.
        emit(
          owner,
          slo,
          ratioCounts(good.get(DAY_WINDOW) ?? 0, total.get(DAY_WINDOW) ?? 0),
        );
      }
    },
  }));
}

/**
 * Integrations on the conventional counter of every service of an instance, declared and
 * discovered, from one breakdown query per convention.
 */
async function collectConventionalIntegrations(
  instance: PrometheusInstance,
  entities: PlannedEntity[],
  range: DayRange,
  emit: Emit,
): Promise<void> {
  const groups = byConvention(
    entities.filter(entity => conventionalServiceOf(entity.resolved)),
  );
  const byRef = new Map(entities.map(e => [e.entityRef, e]));
  await Promise.all(
    groups.map(async ({ convention, entities: members }) => {
      const names = convention.integrations;
      if (!names) return;
      const services = new Set(
        members.map(entity => conventionalServiceOf(entity.resolved)!),
      );
      const result = await instance.client.query(
        batchedIntegrationBreakdownQuery({
          services,
          window: DAY_WINDOW,
          convention,
        }),
        range.end,
      );
      // Declared integrations get a row without calls too; discovered ones only with calls.
      const readings = readingsFromBreakdown(
        members,
        samplesOf(result),
        names,
        {
          declaredWithoutCalls: true,
          callsOnly: true,
        },
      );
      for (const { entityRef, definition, rows } of readings) {
        emit(byRef.get(entityRef)!, definition, integrationCounts(rows));
      }
    }),
  );
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
  sourcesFor: SourcesForInstance,
  /** Per entity, the queries of its own definitions over the whole run. */
  budgets?: ReadonlyMap<string, QueryBudget>,
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
    const entitySources = sourcesFor(entity.instanceName);
    const instance = entitySources.prometheus;
    let batched = Boolean(entity.resolved.integrationDiscovery);
    for (const definition of entity.resolved.definitions) {
      const missing = missingSource(definition, entitySources);
      if (missing) {
        out.problems.push(`${entity.entityRef}: ${missing}`);
        continue;
      }
      if (isBatched(definition)) {
        batched = true;
        continue;
      }
      const source = sourceIdOf(definition, entitySources);
      const budget = budgets?.get(entity.entityRef);
      attempt(source, `${entity.entityRef} "${definition.name}"`, () =>
        individual(async () => {
          const read = () => readCounts(definition, entitySources, range);
          const counts = await (budget
            ? withQueryScope({ budget }, read)
            : read());
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
    for (const batch of collectSloBatches(instance, list, range, emit)) {
      attempt(source, batch.what, batch.run);
    }
    attempt(source, 'conventional integrations', () =>
      collectConventionalIntegrations(instance, list, range, emit),
    );
  }
  await Promise.all(work);
  return out;
}
