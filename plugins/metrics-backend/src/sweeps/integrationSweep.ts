import {
  IntegrationDefinition,
  batchedIntegrationBreakdownQuery,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  PrometheusInstance,
  byConvention,
  conventionalServiceOf,
  readingsFromBreakdown,
  samplesOf,
} from '../readers';
import { errorMessage } from '../views/resolveForView';
import type { SweepMember, SweepPart } from './sweepMember';

/**
 * The integrations the members' conventional counters show over `window` that they do not
 * declare (integration discovery): one breakdown query per convention on the instance,
 * over all the services, chunked only by query size. A failing query leaves out only the
 * integrations it reads.
 */
export async function sweepDiscoveredIntegrations(
  instance: PrometheusInstance,
  members: SweepMember[],
  window: string,
  end: number,
): Promise<SweepPart<IntegrationDefinition>> {
  const groups = byConvention(
    members.filter(m => conventionalServiceOf(m.resolved)),
  );
  const parts = await Promise.all(
    groups.map(
      async ({
        convention,
        entities,
      }): Promise<SweepPart<IntegrationDefinition>> => {
        const names = convention.integrations;
        if (!names) return { items: [], errors: [] };
        try {
          const result = await instance.client.query(
            batchedIntegrationBreakdownQuery({
              services: 'all',
              window,
              convention,
            }),
            end,
          );
          return {
            items: readingsFromBreakdown(entities, samplesOf(result), names, {
              declaredWithoutCalls: false,
            })
              .filter(r => r.discovered)
              .map(r => r.definition),
            errors: [],
          };
        } catch (error) {
          return {
            items: [],
            errors: [
              `Prometheus "${
                instance.client.name
              }" integration counter: ${errorMessage(error)}`,
            ],
          };
        }
      },
    ),
  );
  return {
    items: parts.flatMap(p => p.items),
    errors: parts.flatMap(p => p.errors),
  };
}
