import type { Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  DEFAULT_PROMETHEUS_NAMES,
  PrometheusNames,
  ResolvedEntityMetrics,
  ViewRange,
  readEntityMetricsAnnotations,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import { PrometheusInstance, readsPrometheus } from '../readers';
import type { ViewRequest } from '../http/parseViewRequest';

/** An entity's definitions, resolved with the names of the instance it reads. */
export interface EntityForView {
  resolved: ResolvedEntityMetrics;
  /** The annotation's instance, else the default one; undefined when neither exists. */
  instanceName?: string;
  /** Undefined when `instanceName` names no configured instance. */
  instance?: PrometheusInstance;
  names: PrometheusNames;
  /** The entity reads Prometheus: conventional metrics or definitions of its own. */
  usesPrometheus: boolean;
}

export function resolveForView(
  entity: Entity,
  config: MetricsConfig,
  prometheus: ReadonlyMap<string, PrometheusInstance>,
): EntityForView {
  const instanceName =
    readEntityMetricsAnnotations(entity).prometheusInstance ??
    config.prometheus.find(i => i.default)?.name;
  const instance = instanceName ? prometheus.get(instanceName) : undefined;
  const names = instance?.names ?? DEFAULT_PROMETHEUS_NAMES;
  const resolved = resolveEntityMetrics(entity, {
    defaultSlos: config.defaultSlos,
    metricNames: names.metrics,
    labelNames: names.labels,
  });
  const usesPrometheus =
    Boolean(resolved.annotations.prometheusService) ||
    resolved.definitions.some(readsPrometheus);
  return { resolved, instanceName, instance, names, usesPrometheus };
}

export function viewRange(request: ViewRequest): ViewRange {
  return {
    window: request.range,
    start: new Date(request.start * 1000).toISOString(),
    end: new Date(request.end * 1000).toISOString(),
  };
}

export function errorMessage(error: unknown): string {
  return isError(error) ? error.message : String(error);
}
