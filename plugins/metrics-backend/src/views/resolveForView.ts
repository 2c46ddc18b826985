import type { Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  ResolvedEntityMetrics,
  TelemetryConvention,
  ViewRange,
  readEntityMetricsAnnotations,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import { PrometheusInstance, conventionOf, readsPrometheus } from '../readers';
import type { ViewRequest } from '../http/parseViewRequest';

/** An entity's definitions, resolved with the convention of the series it reads. */
export interface EntityForView {
  resolved: ResolvedEntityMetrics;
  /** The annotation's instance, else the default one; undefined when neither exists. */
  instanceName?: string;
  /** Undefined when `instanceName` names no configured instance. */
  instance?: PrometheusInstance;
  convention: TelemetryConvention;
  /** The entity reads Prometheus: conventional metrics or definitions of its own. */
  usesPrometheus: boolean;
}

export function resolveForView(
  entity: Entity,
  config: MetricsConfig,
  prometheus: ReadonlyMap<string, PrometheusInstance>,
): EntityForView {
  const annotations = readEntityMetricsAnnotations(entity);
  const instanceName =
    annotations.prometheusInstance ??
    config.prometheus.find(i => i.default)?.name;
  const instance = instanceName ? prometheus.get(instanceName) : undefined;
  const convention = conventionOf(instance, annotations.convention);
  const resolved = resolveEntityMetrics(entity, {
    defaultSlos: config.defaultSlos,
    convention,
  });
  const usesPrometheus =
    Boolean(resolved.annotations.prometheusService) ||
    resolved.definitions.some(readsPrometheus);
  return { resolved, instanceName, instance, convention, usesPrometheus };
}

/**
 * Why an entity that reads Prometheus has no instance to read: the one its annotation names
 * is not configured, or there is no default. Undefined when it has one or reads none.
 */
export function missingInstanceProblem(
  forView: EntityForView,
  configured: Iterable<string>,
): string | undefined {
  if (!forView.usesPrometheus || forView.instance) return undefined;
  return forView.instanceName
    ? `no Prometheus instance "${
        forView.instanceName
      }" is configured (configured: ${
        [...configured].map(n => `"${n}"`).join(', ') || 'none'
      })`
    : 'no default Prometheus instance is configured in metrics.prometheus.instances';
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
