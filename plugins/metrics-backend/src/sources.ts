import { ConflictError } from '@backstage/errors';
import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { MetricsConfig } from './config';

/** The sources that configuration declares, one per Prometheus instance. */
export function sourcesFromConfig(config: MetricsConfig): MetricsSource[] {
  return config.prometheus.map(instance => ({
    id: `prometheus:${instance.name}`,
    type: 'prometheus',
    description: instance.externalUrl,
    default: instance.default,
  }));
}

/** Joins configured and module-added sources; ids must be unique. */
export function mergeSources(
  ...groups: ReadonlyArray<MetricsSource>[]
): MetricsSource[] {
  const byId = new Map<string, MetricsSource>();
  for (const source of groups.flat()) {
    if (byId.has(source.id)) {
      throw new ConflictError(
        `Two metrics sources have the id "${source.id}"; ids must be unique`,
      );
    }
    byId.set(source.id, source);
  }
  return [...byId.values()];
}
