import {
  ConventionIntegrations,
  INTEGRATION_OUTCOMES,
  IntegrationDefinition,
  IntegrationRow,
  ResolvedEntityMetrics,
  TelemetryConvention,
  discoveredIntegrationDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { PrometheusVectorSample } from '../sources/prometheus';
import { isConventional } from './readDefinition';

/** An entity whose integrations on the conventional counter are read in a batch. */
export interface ConventionalEntity {
  entityRef: string;
  resolved: ResolvedEntityMetrics;
}

/** One integration of an entity, as a breakdown answer counted it. */
export interface ConventionalReading {
  entityRef: string;
  definition: IntegrationDefinition;
  /** The integration label's value on the counter. */
  label: string;
  rows: IntegrationRow[];
  /** Found on the counter by discovery, not declared. */
  discovered: boolean;
}

/** The service whose conventional counter an entity's integrations are on, if any. */
export function conventionalServiceOf(
  resolved: ResolvedEntityMetrics,
): string | undefined {
  // Discovery off: the declared conventional integrations still share the batch.
  return (
    resolved.integrationDiscovery?.service ??
    resolved.definitions.find(isConventional)?.conventional?.service
  );
}

/**
 * Entities grouped by the convention of their series, so each group's conventional queries
 * are batched together: a constant number of queries per instance and convention.
 */
export function byConvention<E extends ConventionalEntity>(
  entities: E[],
): Array<{ convention: TelemetryConvention; entities: E[] }> {
  const groups = new Map<
    string,
    { convention: TelemetryConvention; entities: E[] }
  >();
  for (const entity of entities) {
    const { convention } = entity.resolved;
    const group = groups.get(convention.id) ?? { convention, entities: [] };
    group.entities.push(entity);
    groups.set(convention.id, group);
  }
  return [...groups.values()];
}

/** The stored outcome of a sample's outcome label value; other values stay as they are. */
function outcomeOf(names: ConventionIntegrations, value: string): string {
  if (value === names.success) return INTEGRATION_OUTCOMES.success;
  if (value === names.failure) return INTEGRATION_OUTCOMES.failure;
  return value;
}

export interface BreakdownOptions {
  /** Declared integrations get a reading without calls too (else only with calls). */
  declaredWithoutCalls: boolean;
  /** Leave out samples without calls (0 or not finite). */
  callsOnly?: boolean;
  /**
   * The entities a sample belongs to; by default those whose service is the sample's
   * `service` label (a batched breakdown over several services).
   */
  entitiesOf?: (sample: PrometheusVectorSample) => ConventionalEntity[];
}

/**
 * Splits a breakdown answer (calls by integration, outcome and error class) into each
 * entity's integrations: declared ones by their label, the others discovered when the
 * entity's discovery is on. Readings come in the order declared, then first seen.
 */
export function readingsFromBreakdown(
  entities: ConventionalEntity[],
  samples: PrometheusVectorSample[],
  names: ConventionIntegrations,
  options: BreakdownOptions,
): ConventionalReading[] {
  const byService = new Map<string, ConventionalEntity[]>();
  for (const entity of entities) {
    const service = conventionalServiceOf(entity.resolved);
    if (service) {
      byService.set(service, [...(byService.get(service) ?? []), entity]);
    }
  }
  const entitiesOf =
    options.entitiesOf ??
    ((sample: PrometheusVectorSample) =>
      byService.get(sample.labels[names.service] ?? '') ?? []);

  const readings = new Map<string, ConventionalReading>();
  const key = (entityRef: string, label: string) =>
    `${entityRef}\u0000${label}`;
  const declaredOf = (entity: ConventionalEntity, label: string) =>
    entity.resolved.definitions.find(
      d => isConventional(d) && d.conventional!.label === label,
    ) as IntegrationDefinition | undefined;
  if (options.declaredWithoutCalls) {
    for (const { entityRef, resolved } of entities) {
      for (const definition of resolved.definitions.filter(isConventional)) {
        const label = definition.conventional!.label;
        readings.set(key(entityRef, label), {
          entityRef,
          definition,
          label,
          rows: [],
          discovered: false,
        });
      }
    }
  }
  const readingOf = (entity: ConventionalEntity, label: string) => {
    const k = key(entity.entityRef, label);
    if (!readings.has(k)) {
      const declared = declaredOf(entity, label);
      const discovery = entity.resolved.integrationDiscovery;
      const definition =
        declared ??
        (discovery && discoveredIntegrationDefinition(discovery, label));
      if (!definition) return undefined;
      readings.set(k, {
        entityRef: entity.entityRef,
        definition,
        label,
        rows: [],
        discovered: !declared,
      });
    }
    return readings.get(k);
  };

  for (const sample of samples) {
    if (
      options.callsOnly &&
      !(Number.isFinite(sample.value) && sample.value > 0)
    ) {
      continue;
    }
    const label = sample.labels[names.integration] ?? '';
    for (const entity of entitiesOf(sample)) {
      const reading = readingOf(entity, label);
      reading?.rows.push({
        integration: reading.definition.name,
        outcome: outcomeOf(names, sample.labels[names.outcome] ?? ''),
        errorClass: sample.labels[names.errorClass],
        count: sample.value,
      });
    }
  }
  return [...readings.values()];
}
