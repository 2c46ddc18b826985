import {
  batchedIntegrationBreakdownQuery,
  renderWindow,
  WINDOW_PLACEHOLDER,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  ConventionalReading,
  PrometheusInstance,
  WINDOW_LABEL,
  byConvention,
  conventionalServiceOf,
  readingsFromBreakdown,
  samplesOf,
  taggedQuery,
} from '../readers';
import type { PrometheusVectorSample } from '../sources/prometheus';
import { shiftedBack } from '../views/previousPeriod';
import { errorMessage } from '../views/resolveForView';
import { IntegrationHealth, countsOf } from './metricHealth';
import type { SweepMember, SweepPart } from './sweepMember';

const WEEK_SECONDS = 7 * 86400;
const CURRENT = 'current';
const LAST_WEEK = 'last-week';
const WEEK_BEFORE = 'week-before';

function byTag(samples: PrometheusVectorSample[]) {
  const parts = new Map<string, PrometheusVectorSample[]>();
  for (const sample of samples) {
    const { [WINDOW_LABEL]: tag = '', ...labels } = sample.labels;
    parts.set(tag, [...(parts.get(tag) ?? []), { ...sample, labels }]);
  }
  return parts;
}

/**
 * The conventional integrations of the members on one instance, declared and discovered,
 * over `window` and over the last two weeks: per convention one query over every service
 * of the instance (its three periods tagged in one answer), whatever the number of teams.
 * A failing query leaves out only the integrations it reads.
 */
export async function sweepConventionalIntegrationHealth(
  instance: PrometheusInstance,
  members: SweepMember[],
  window: string,
  end: number,
): Promise<SweepPart<IntegrationHealth>> {
  const groups = byConvention(
    members.filter(m => conventionalServiceOf(m.resolved)),
  );
  const parts = await Promise.all(
    groups.map(
      async ({
        convention,
        entities,
      }): Promise<SweepPart<IntegrationHealth>> => {
        const names = convention.integrations;
        if (!names) return { items: [], errors: [] };
        const breakdown = batchedIntegrationBreakdownQuery({
          services: 'all',
          window: WINDOW_PLACEHOLDER,
          convention,
        });
        const week = renderWindow(breakdown, '7d');
        try {
          const result = await instance.client.query(
            taggedQuery([
              [CURRENT, renderWindow(breakdown, window)],
              [LAST_WEEK, week],
              [WEEK_BEFORE, shiftedBack(week, WEEK_SECONDS)],
            ]),
            end,
          );
          const tagged = byTag(samplesOf(result));
          const key = (r: ConventionalReading) =>
            `${r.entityRef}\u0000${r.definition.id}`;
          // Declared integrations without calls are reported too: their verdict is "unjudged".
          const [current, last, before] = [CURRENT, LAST_WEEK, WEEK_BEFORE].map(
            tag =>
              new Map(
                readingsFromBreakdown(entities, tagged.get(tag) ?? [], names, {
                  declaredWithoutCalls: true,
                }).map(r => [key(r), r]),
              ),
          );
          // An integration quiet over the window may still have changed over the weeks.
          const all = new Map([...before, ...last, ...current]);
          const countsAt = (
            readings: Map<string, ConventionalReading>,
            reading: ConventionalReading,
          ) =>
            countsOf(
              reading.definition,
              readings.get(key(reading))?.rows ?? [],
            );
          return {
            items: [...all.values()].map(reading => ({
              entityRef: reading.entityRef,
              definition: reading.definition,
              current: countsAt(current, reading),
              weeks: {
                last: countsAt(last, reading),
                before: countsAt(before, reading),
              },
            })),
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
