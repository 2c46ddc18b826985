import {
  DefinitionProblem,
  EntityMetricsAnnotations,
  METRICS_ANNOTATIONS,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MetricsSourceSummary as Source } from '@metrics-suite/backstage-plugin-metrics-common';

export interface ResolvedInstance {
  /** Name of the Prometheus instance this entity's queries go to, when one matches. */
  name?: string;
  /** Whether the name came from the annotation or from the default instance. */
  origin: 'annotation' | 'default' | 'none';
  problem?: DefinitionProblem;
}

const PREFIX = 'prometheus:';

/** Matches the entity's instance annotation against the backend's Prometheus sources. */
export function resolveInstance(
  annotations: EntityMetricsAnnotations,
  sources: Source[],
): ResolvedInstance {
  const prometheus = sources.filter(s => s.type === 'prometheus');
  const names = prometheus.map(s => s.id.slice(PREFIX.length));
  const path = `metadata.annotations.${METRICS_ANNOTATIONS.prometheusInstance}`;
  if (annotations.prometheusInstance) {
    if (names.includes(annotations.prometheusInstance)) {
      return { name: annotations.prometheusInstance, origin: 'annotation' };
    }
    return {
      origin: 'none',
      problem: {
        path,
        message: `no Prometheus instance "${
          annotations.prometheusInstance
        }" is configured (configured: ${
          names.map(n => `"${n}"`).join(', ') || 'none'
        })`,
      },
    };
  }
  const fallback = prometheus.find(s => s.default);
  if (fallback) {
    return { name: fallback.id.slice(PREFIX.length), origin: 'default' };
  }
  return {
    origin: 'none',
    problem: {
      path,
      message:
        names.length === 0
          ? 'no Prometheus instance is configured in metrics.prometheus.instances'
          : 'no default Prometheus instance is configured; name one with this annotation',
    },
  };
}
