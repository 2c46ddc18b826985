import {
  ConventionNameOverrides,
  MetricDefinition,
  TelemetryConvention,
  resolveConvention,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { AmplitudeClients } from '../sources/amplitude';
import type { PrometheusClient } from '../sources/prometheus';
import type { SqlEventsSource } from '../sources/sql';
import type { RecordedSlos } from '../rules/RecordedSlos';
import { CustomSources, customSourcesById } from './custom';

/** A configured Prometheus instance: its client and telemetry convention. */
export interface PrometheusInstance {
  client: PrometheusClient;
  /** The instance's convention, its renames applied. */
  convention: TelemetryConvention;
  /** The instance's renames, applied on top of a convention an entity names. */
  renames?: ConventionNameOverrides;
  /** Which SLOs are read from the suite's recording rules here; raw series without it. */
  recordings?: RecordedSlos;
}

/**
 * The convention an entity's series follow: the one its annotation names (with the
 * instance's renames on top), else the instance's.
 */
export function conventionOf(
  instance: PrometheusInstance | undefined,
  named: ReadonlyArray<string> | undefined,
): TelemetryConvention {
  if (!named) return instance?.convention ?? resolveConvention();
  return resolveConvention(named, instance?.renames);
}

/** Every configured source: what the views, the collector and metric values are built on. */
export interface SourceHandles {
  /** Configured Prometheus instances by name. */
  prometheus: ReadonlyMap<string, PrometheusInstance>;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /**
   * Sources added by backend modules (`metricsSourcesExtensionPoint`); those with
   * `countEvents` feed definitions with `source: custom`.
   */
  moduleSources?: ReadonlyArray<MetricsSource>;
}

/** The sources one entity's definitions read: its own Prometheus instance and the shared rest. */
export interface DefinitionSources {
  /** The entity's instance; undefined when it names none that is configured. */
  prometheus?: PrometheusInstance;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /** Sources added by backend modules, by id. */
  custom?: CustomSources;
}

/** Builds the sources of an entity from the name of the Prometheus instance it reads. */
export type SourcesForInstance = (
  instanceName: string | undefined,
) => DefinitionSources;

export function definitionSourcesFor(
  handles: SourceHandles,
): SourcesForInstance {
  const custom = customSourcesById(handles.moduleSources ?? []);
  return instanceName => ({
    prometheus: instanceName ? handles.prometheus.get(instanceName) : undefined,
    amplitude: handles.amplitude,
    sql: handles.sql,
    custom,
  });
}

/** Whether a definition reads Prometheus (its entity then needs an instance). */
export function readsPrometheus(definition: MetricDefinition): boolean {
  return definition.source === 'prometheus';
}
