import { DEFAULT_NAMESPACE, Entity } from '@backstage/catalog-model';
import { isError } from '@backstage/errors';
import {
  METRICS_ANNOTATIONS,
  ResolvedEntityMetrics,
  TelemetryConvention,
  ViewRange,
  readEntityMetricsAnnotations,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsConfig } from '../config/metricsConfig';
import { PrometheusInstance, conventionOf, readsPrometheus } from '../readers';
import type { ViewRequest } from '../http/parseViewRequest';
import { applyCatalogQueryPolicy } from './catalogQueryPolicy';
import { instanceRefusal as refusalOf } from './instanceAccess';

/** An entity's definitions, resolved with the convention of the series it reads. */
export interface EntityForView {
  /**
   * Without the definitions its instance may not run; `problems` say why, and why it has no
   * instance when it has none.
   */
  resolved: ResolvedEntityMetrics;
  /**
   * The annotation's instance, else the default one; undefined when neither exists or the
   * entity may not use it (`instanceRefusal`).
   */
  instanceName?: string;
  /** Undefined when `instanceName` names no configured instance. */
  instance?: PrometheusInstance;
  /** Why the entity may not use the instance it names (or the default). */
  instanceRefusal?: string;
  convention: TelemetryConvention;
  /** The entity reads Prometheus: conventional metrics or definitions of its own. */
  usesPrometheus: boolean;
}

/**
 * The one place entities are resolved for the views, the collector and metric values: the
 * definitions, held to the policies of the instance they would run on (who may use it, what
 * catalog PromQL it runs, its SLO window and range limits). An entity refused by its instance
 * gets none, never another one.
 */
export function resolveForView(
  entity: Entity,
  config: MetricsConfig,
  prometheus: ReadonlyMap<string, PrometheusInstance>,
): EntityForView {
  const annotations = readEntityMetricsAnnotations(entity);
  const namedInstance =
    annotations.prometheusInstance ??
    config.prometheus.find(i => i.default)?.name;
  const instanceConfig = config.prometheus.find(i => i.name === namedInstance);
  const client = namedInstance ? prometheus.get(namedInstance) : undefined;
  const convention = conventionOf(client, annotations.convention);
  const resolved = resolveEntityMetrics(entity, {
    defaultSlos: config.defaultSlos,
    convention,
    ...(config.errorBudgetPolicy
      ? { errorBudgetPolicy: config.errorBudgetPolicy }
      : {}),
  });
  const usesPrometheus =
    Boolean(resolved.annotations.prometheusService) ||
    resolved.definitions.some(readsPrometheus);

  const instanceRefusal =
    instanceConfig &&
    refusalOf(instanceConfig, {
      ...(resolved.owner !== undefined ? { owner: resolved.owner } : {}),
      namespace: entity.metadata.namespace || DEFAULT_NAMESPACE,
    });
  const forView: EntityForView = instanceRefusal
    ? { resolved, instanceRefusal, convention, usesPrometheus }
    : {
        resolved: instanceConfig
          ? applyCatalogQueryPolicy(resolved, instanceConfig, {
              convention,
              defaultSloNames: config.defaultSlos.map(slo => slo.name),
            })
          : resolved,
        instanceName: namedInstance,
        instance: client,
        convention,
        usesPrometheus,
      };
  const missing = missingInstanceProblem(forView, prometheus.keys());
  if (missing) {
    forView.resolved = {
      ...forView.resolved,
      problems: [
        ...forView.resolved.problems,
        {
          path: `metadata.annotations.${
            resolved.annotations.keys.prometheusInstance ??
            METRICS_ANNOTATIONS.prometheusInstance
          }`,
          message: missing,
        },
      ],
    };
  }
  return forView;
}

/**
 * Why an entity that reads Prometheus has no instance to read: the one its annotation names
 * is not configured or refuses it, or there is no default. Undefined when it has one or reads
 * none.
 */
export function missingInstanceProblem(
  forView: EntityForView,
  configured: Iterable<string>,
): string | undefined {
  if (!forView.usesPrometheus || forView.instance) return undefined;
  if (forView.instanceRefusal) return forView.instanceRefusal;
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
