import { mockCredentials } from '@backstage/backend-test-utils';
import type { GroupMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { parseViewRequest } from '@metrics-suite/backstage-plugin-metrics-backend';
import type { BenchmarkResult } from './report';
import { Measurement, measure, medianMeasurement } from './timing';
import type { ViewServices } from './viewServices';

// docs/non-functional.md#constant-prometheus-queries-per-squad-page: a squad page costs a constant number of Prometheus queries per
// instance and telemetry convention, not one per service. The squad holds every convention the
// tribe holds: more queries for the tribe means a per-service query crept in.
export const ROLL_UP_QUERY_BOUND = 1;

interface Case {
  group: string;
  runs: Measurement[];
  /** Most Prometheus requests one roll-up made (they should not vary between runs). */
  maxRequests: number;
  entities: number;
}

/**
 * Bar 2: the roll-up of a squad with one service of each example (every convention) against
 * a synthetic tribe of many services on the same conventions, in Prometheus requests and time.
 */
export async function benchRollUp(options: {
  services: ViewServices;
  squad: string;
  tribe: string;
  /** How many telemetry conventions both groups' services are on. */
  conventions: number;
  runs: number;
}): Promise<BenchmarkResult> {
  const { services, runs } = options;
  const credentials = mockCredentials.user('user:default/guest');
  const problems: string[] = [];
  const check = (group: string, response: GroupMetricsResponse) => {
    for (const section of ['entities', 'integrations'] as const) {
      if (response[section].status === 'error') {
        problems.push(`${group} ${section}: ${response[section].error}`);
      }
    }
  };

  const cases: Case[] = [options.squad, options.tribe].map(group => ({
    group,
    runs: [],
    maxRequests: 0,
    entities: 0,
  }));
  for (let pass = 0; pass <= runs; pass++) {
    for (const c of cases) {
      const request = parseViewRequest(
        { namespace: 'default', name: c.group },
        { range: '7d' },
        { fixedKind: 'group' },
      );
      const { result, measurement } = await measure(services.log, () =>
        services.groupViews.getGroupView(request, credentials),
      );
      if (pass === 0) check(c.group, result);
      c.entities = result.entities.items.length;
      c.maxRequests = Math.max(c.maxRequests, measurement.prometheusRequests);
      if (pass > 0) c.runs.push(measurement);
    }
  }
  const [squad, tribe] = cases.map(c => ({
    ...c,
    median: medianMeasurement(c.runs),
  }));
  if (squad.entities === 0 || tribe.entities <= squad.entities) {
    problems.push(
      `the tribe must own more services than the squad (${tribe.entities} vs ${squad.entities})`,
    );
  }
  return {
    id: 'squad-roll-up',
    title: 'Squad roll-up (7d)',
    ratios: [
      {
        id: 'roll-up-queries',
        label: `Prometheus requests, ${tribe.entities} vs ${squad.entities} services on ${options.conventions} conventions`,
        numerator: {
          label: 'tribe',
          value: tribe.maxRequests,
          unit: 'requests',
        },
        denominator: {
          label: 'squad',
          value: squad.maxRequests,
          unit: 'requests',
        },
        bound: ROLL_UP_QUERY_BOUND,
      },
      {
        id: 'roll-up-time',
        label: `time, ${tribe.entities} vs ${squad.entities} services`,
        numerator: { label: 'tribe', value: tribe.median.totalMs, unit: 'ms' },
        denominator: {
          label: 'squad',
          value: squad.median.totalMs,
          unit: 'ms',
        },
      },
    ],
    details: [squad, tribe].map(c => ({
      group: `group:default/${c.group}`,
      services: c.entities,
      conventions: options.conventions,
      'prometheus requests': c.maxRequests,
      'view ms': c.median.totalMs,
      'prometheus ms': c.median.prometheusMs,
      'view / prometheus': c.median.totalMs / c.median.prometheusMs,
    })),
    problems: [...problems, ...services.problems.splice(0)],
  };
}
