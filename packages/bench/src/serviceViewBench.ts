import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { EntityMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { parseViewRequest } from '@metrics-suite/backstage-plugin-metrics-backend';
import type { BenchmarkResult } from './report';
import { Measurement, measure, medianMeasurement } from './timing';
import type { ViewServices } from './viewServices';

// Generous: the view parses and combines a dozen answers and reads the catalog; three times
// Prometheus's own time would mean the backend, not Prometheus, is what people wait for.
export const VIEW_OVERHEAD_BOUND = 3;

function failedSections(response: EntityMetricsResponse): string[] {
  return (['slos', 'callers', 'integrations', 'kpis'] as const)
    .filter(name => response[name].status === 'error')
    .map(name => `${name}: ${response[name].error}`);
}

/**
 * Bar 1: the service view (range 7d) of every example Component against the time its sources
 * took. Passes run every service in turn, so slow drifts of the machine hit all alike.
 */
export async function benchServiceViews(options: {
  services: ViewServices;
  entities: readonly Entity[];
  runs: number;
}): Promise<BenchmarkResult> {
  const { services, entities, runs } = options;
  const components = entities
    .filter(e => e.kind === 'Component')
    .map(e => ({
      ref: stringifyEntityRef(e),
      name: e.metadata.name,
      namespace: e.metadata.namespace ?? 'default',
    }));
  const credentials = mockCredentials.user('user:default/guest');
  const problems = new Set<string>();
  const samples = new Map<string, Measurement[]>(
    components.map(c => [c.ref, []]),
  );

  // The first pass warms up (connections, JIT, SQLite pages) and is not kept.
  for (let pass = 0; pass <= runs; pass++) {
    for (const component of components) {
      const request = parseViewRequest(
        {
          kind: 'component',
          namespace: component.namespace,
          name: component.name,
        },
        { range: '7d' },
      );
      const { result, measurement } = await measure(services.log, () =>
        services.entityViews.getEntityView(request, credentials),
      );
      for (const failure of failedSections(result)) {
        problems.add(`${component.ref} ${failure}`);
      }
      if (pass > 0) samples.get(component.ref)!.push(measurement);
    }
  }

  let viewMs = 0;
  let sourcesMs = 0;
  const details = components.map(component => {
    const m = medianMeasurement(samples.get(component.ref)!);
    const hasSources = m.prometheusRequests + m.sqlQueries > 0;
    // A Component without metrics costs no source time: nothing to compare it with.
    if (hasSources) {
      viewMs += m.totalMs;
      sourcesMs += m.sourcesMs;
    }
    return {
      entity: component.ref,
      'view ms': m.totalMs,
      'prometheus ms': m.prometheusMs,
      'sql ms': m.sqlMs,
      'sources ms': m.sourcesMs,
      'prometheus requests': m.prometheusRequests,
      'sql queries': m.sqlQueries,
      'view / sources': hasSources ? m.totalMs / m.sourcesMs : null,
    };
  });
  return {
    id: 'service-view',
    title: 'Service view (7d)',
    ratios: [
      {
        id: 'view-overhead',
        label: 'view time / source time',
        numerator: { label: 'views', value: viewMs, unit: 'ms' },
        denominator: { label: 'sources', value: sourcesMs, unit: 'ms' },
        bound: VIEW_OVERHEAD_BOUND,
      },
    ],
    details,
    problems: [...problems, ...services.problems.splice(0)],
  };
}
