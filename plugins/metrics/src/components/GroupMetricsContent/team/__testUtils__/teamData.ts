import type { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  addDays,
  dayOf,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  Goal,
  MaturityCheck,
  TeamMaturity,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** Today and this week as the backend counts them (UTC). */
export const TODAY = dayOf(Date.now());
export const THIS_WEEK = weekOf(TODAY);

export function squadEntity(name = 'mobility-squad'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
}

function checks(met: boolean[]): MaturityCheck[] {
  const names = [
    'one-off queries',
    'project preplanning',
    'project follow-up',
    'regularly looking',
    'regularly adjusting',
    'regularly acting',
  ];
  const details = [
    '14 views by team members in the last 90 days',
    '2 goals with a baseline and a target',
    '1 goal followed up with its measured outcome',
    'Metrics looked at in 1 of the last 4 weeks; 3 needed',
    '1 change to the metric definitions in the last 90 days',
    'No review ended in an action tied to a metric in the last 8 weeks',
  ];
  return names.map((name, i) => ({
    stage: (i + 1) as MaturityCheck['stage'],
    name,
    met: met[i],
    detail: details[i],
  }));
}

/** A squad at stage 3 whose stage 5 evidence is met but does not count yet. */
export function teamMaturity(
  overrides: Partial<TeamMaturity> = {},
): TeamMaturity {
  return {
    entityRef: 'group:default/mobility-squad',
    stage: 3,
    stageName: 'project follow-up',
    checks: checks([true, true, true, false, true, false]),
    nextStep:
      'Look at the metrics in 2 more of the coming weeks, or record the weekly review.',
    evidence: {
      views: { count: 14 },
      goals: { count: 2, open: 1, due: 0 },
      followUps: { count: 1, met: 1, missed: 0 },
      weeks: [],
      definitionChanges: { count: 1 },
      decisions: { reviews: 1, actedWithMetric: 0 },
    },
    history: [
      { day: addDays(TODAY, -20), stage: 1 },
      { day: addDays(TODAY, -10), stage: 2 },
      { day: TODAY, stage: 3 },
    ],
    assessedAt: `${TODAY}T06:00:00.000Z`,
    ...overrides,
  };
}

export function goal(overrides: Partial<Goal> = {}): Goal {
  return {
    id: 'goal-1',
    teamRef: 'group:default/mobility-squad',
    metric: {
      entityRef: 'component:default/customer-api',
      metricId: 'slo:availability',
    },
    metricName: 'availability',
    unit: 'ratio',
    baseline: 0.97,
    target: 0.995,
    direction: 'increase',
    dueDate: addDays(TODAY, 14),
    author: 'user:default/jane',
    createdAt: `${addDays(TODAY, -14)}T09:00:00.000Z`,
    revision: 1,
    status: 'open',
    ...overrides,
  };
}

export function review(overrides: Partial<WeeklyReview> = {}): WeeklyReview {
  return {
    id: 'review-1',
    teamRef: 'group:default/mobility-squad',
    week: addDays(THIS_WEEK, -7),
    metricsLookedAt: [
      {
        entityRef: 'component:default/customer-api',
        metricId: 'slo:availability',
      },
    ],
    decision: 'no-action',
    author: 'user:default/jane',
    createdAt: `${addDays(THIS_WEEK, -5)}T10:00:00.000Z`,
    revision: 1,
    ...overrides,
  };
}

/** The error the metrics client throws for a failed call, with the backend's error body. */
export async function responseError(
  status: number,
  statusText: string,
  error: { name: string; message: string },
): Promise<ResponseError> {
  const body = JSON.stringify({
    error,
    request: { method: 'POST', url: '/api/metrics' },
    response: { statusCode: status },
  });
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText,
    headers: {
      get: (name: string) =>
        name.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as unknown as Parameters<typeof ResponseError.fromResponse>[0]);
}
