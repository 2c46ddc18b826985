import { InputError } from '@backstage/errors';
import {
  parseCreateFollowUpRequest,
  parseCreateGoalRequest,
  parseCreateReviewRequest,
  parseGoalId,
  parseMetricValueQuery,
  parseTeamParams,
} from './parseTeamRequests';

// A Sunday: its ISO week starts on Monday 2026-11-16.
const TODAY = '2026-11-22';
const metric = { entityRef: 'component:default/checkout', metricId: 'slo:a' };

function inputError(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('parseTeamParams', () => {
  it('reads a group ref, lower-casing the namespace', () => {
    expect(parseTeamParams({ namespace: 'Default', name: 'Checkout' })).toEqual(
      { kind: 'group', namespace: 'default', name: 'Checkout' },
    );
  });

  it.each([
    [{ namespace: 'default', name: '' }, "Invalid team name ''"],
    [{ namespace: 'default', name: 'a b' }, "Invalid team name 'a b'"],
    [{ namespace: '-x', name: 'a' }, "Invalid team namespace '-x'"],
  ])('rejects %j', (params, message) => {
    expect(inputError(() => parseTeamParams(params))).toBe(message);
  });
});

describe('parseGoalId', () => {
  it('accepts store ids and rejects anything else', () => {
    const id = '0b6f2c1e-9a7d-4c1e-8f7e-1d2c3b4a5f6e';
    expect(parseGoalId({ goalId: id })).toBe(id);
    expect(inputError(() => parseGoalId({ goalId: 'a/b' }))).toBe(
      "Invalid goal id 'a/b'",
    );
    expect(() => parseGoalId({})).toThrow(InputError);
  });
});

describe('parseMetricValueQuery', () => {
  it('reads the metric and normalizes the entity ref', () => {
    expect(
      parseMetricValueQuery({
        entityRef: 'Component:default/checkout',
        metricId: 'slo:a',
      }),
    ).toEqual(metric);
  });

  it.each([
    [{ metricId: 'slo:a' }, "Query parameter 'entityRef' is required, once"],
    [
      { entityRef: ['a', 'b'], metricId: 'slo:a' },
      "Query parameter 'entityRef' is required, once",
    ],
    [
      { entityRef: 'checkout', metricId: 'slo:a' },
      "'entityRef' must be an entity reference such as 'component:default/checkout-api', got 'checkout'",
    ],
    [
      { entityRef: 'component:default/checkout', metricId: 'x'.repeat(201) },
      "Query parameter 'metricId' must be at most 200 characters",
    ],
    [
      { entityRef: `component:default/${'é'.repeat(300)}`, metricId: 'slo:a' },
      `'entityRef' must be an entity reference such as 'component:default/checkout-api', got 'component:default/${'é'.repeat(
        61,
      )}…'`,
    ],
  ])('rejects %j', (query, message) => {
    expect(inputError(() => parseMetricValueQuery(query))).toBe(message);
  });
});

describe('parseCreateGoalRequest', () => {
  it('reads a full request', () => {
    expect(
      parseCreateGoalRequest(
        {
          metric: { entityRef: 'component:checkout', metricId: 'slo:a' },
          target: 0.999,
          dueDate: '2026-12-31',
          baseline: 0.99,
          notes: 'Fewer 5xx',
        },
        TODAY,
      ),
    ).toEqual({
      metric,
      target: 0.999,
      dueDate: '2026-12-31',
      baseline: 0.99,
      notes: 'Fewer 5xx',
    });
  });

  it('accepts a goal due five years from today', () => {
    expect(
      parseCreateGoalRequest(
        { metric, target: 1, dueDate: '2031-11-22' },
        TODAY,
      ).dueDate,
    ).toBe('2031-11-22');
  });

  it('accepts a goal due today and leaves out blank notes and null baselines', () => {
    expect(
      parseCreateGoalRequest(
        { metric, target: 10, dueDate: TODAY, notes: '  ', baseline: null },
        TODAY,
      ),
    ).toEqual({ metric, target: 10, dueDate: TODAY });
  });

  const valid = { metric, target: 1, dueDate: '2026-12-31' };
  it.each([
    ['a non-object body', [], 'Request body must be a JSON object'],
    [
      'an unknown field',
      { ...valid, tagret: 1 },
      "Unknown field 'tagret' in request body; expected 'metric', 'target', 'dueDate', 'baseline', 'notes'",
    ],
    [
      'a metric that is no object',
      { ...valid, metric: 'slo:a' },
      "'metric' must be an object with 'entityRef' and 'metricId'",
    ],
    [
      'a bad entity ref',
      { ...valid, metric: { entityRef: 'x', metricId: 'slo:a' } },
      "'metric.entityRef' must be an entity reference such as 'component:default/checkout-api', got 'x'",
    ],
    [
      'a blank metric id',
      { ...valid, metric: { ...metric, metricId: ' ' } },
      "'metric.metricId' must be a non-empty string",
    ],
    [
      'a long metric id',
      { ...valid, metric: { ...metric, metricId: 'm'.repeat(201) } },
      "'metric.metricId' must be at most 200 characters",
    ],
    [
      'a string target',
      { ...valid, target: '0.9' },
      "'target' must be a finite number",
    ],
    [
      'a null target',
      { ...valid, target: null },
      "'target' must be a finite number",
    ],
    [
      'an impossible due date',
      { ...valid, dueDate: '2026-02-30' },
      '\'dueDate\' must be a day as YYYY-MM-DD, got "2026-02-30"',
    ],
    [
      'a past due date',
      { ...valid, dueDate: '2026-11-21' },
      "'dueDate' must be from 2026-11-22 to 2031-11-22 (today to 5 years ahead), got 2026-11-21",
    ],
    [
      'a due date more than five years ahead',
      { ...valid, dueDate: '2031-11-23' },
      "'dueDate' must be from 2026-11-22 to 2031-11-22 (today to 5 years ahead), got 2031-11-23",
    ],
    [
      'a hostile due date, clipped',
      { ...valid, dueDate: `<script>${'x'.repeat(5000)}` },
      `'dueDate' must be a day as YYYY-MM-DD, got "<script>${'x'.repeat(70)}…`,
    ],
    [
      'thousands of unknown fields, five named',
      {
        ...valid,
        ...Object.fromEntries(
          Array.from({ length: 1000 }, (_, i) => [`f${i}`, i]),
        ),
      },
      "Unknown field 'f0', 'f1', 'f2', 'f3', 'f4' and 995 more in request body; expected 'metric', 'target', 'dueDate', 'baseline', 'notes'",
    ],
    [
      'an entity name the catalog would refuse',
      {
        ...valid,
        metric: {
          entityRef: `component:default/${'a'.repeat(64)}`,
          metricId: 'slo:a',
        },
      },
      `'metric.entityRef' must be an entity reference such as 'component:default/checkout-api', got 'component:default/${'a'.repeat(
        61,
      )}…'`,
    ],
    [
      'a string baseline',
      { ...valid, baseline: 'low' },
      "'baseline' must be a finite number",
    ],
    [
      'long notes',
      { ...valid, notes: 'n'.repeat(2001) },
      "'notes' must be at most 2000 characters, got 2001",
    ],
    [
      'notes that are no string',
      { ...valid, notes: 3 },
      "'notes' must be a string",
    ],
  ])('rejects %s', (_label, body, message) => {
    expect(inputError(() => parseCreateGoalRequest(body, TODAY))).toBe(message);
  });
});

describe('parseCreateFollowUpRequest', () => {
  it('reads notes and met, and accepts an empty body', () => {
    expect(parseCreateFollowUpRequest({ notes: 'Done', met: false })).toEqual({
      notes: 'Done',
      met: false,
    });
    expect(parseCreateFollowUpRequest(undefined)).toEqual({});
    expect(parseCreateFollowUpRequest({})).toEqual({});
  });

  it('rejects a met that is not a boolean and unknown fields', () => {
    expect(inputError(() => parseCreateFollowUpRequest({ met: 'yes' }))).toBe(
      "'met' must be true or false",
    );
    expect(
      inputError(() => parseCreateFollowUpRequest({ outcome: 1 })),
    ).toContain("Unknown field 'outcome'");
  });
});

describe('parseCreateReviewRequest', () => {
  it('defaults the week to the current ISO week and drops repeated metrics', () => {
    expect(
      parseCreateReviewRequest(
        {
          metricsLookedAt: [metric, { ...metric }],
          decision: 'act',
          actionText: 'Add retries',
          linkedMetric: metric,
        },
        TODAY,
      ),
    ).toEqual({
      week: '2026-11-16',
      metricsLookedAt: [metric],
      decision: 'act',
      actionText: 'Add retries',
      linkedMetric: metric,
    });
  });

  it('keeps the policy step a review answers, with its SLO normalized', () => {
    expect(
      parseCreateReviewRequest(
        {
          metricsLookedAt: [],
          decision: 'act',
          actionText: 'Freeze risky releases',
          policyStep: {
            metric: { entityRef: 'component:checkout-api', metricId: 'slo:a' },
            step: 'freeze',
          },
        },
        TODAY,
      ).policyStep,
    ).toEqual({
      metric: {
        entityRef: 'component:default/checkout-api',
        metricId: 'slo:a',
      },
      step: 'freeze',
    });
  });

  it('accepts the next week, up to 7 days ahead, and the first Monday of 2000', () => {
    for (const week of ['2026-11-23', '2000-01-03']) {
      expect(
        parseCreateReviewRequest(
          { week, metricsLookedAt: [], decision: 'no-action' },
          TODAY,
        ).week,
      ).toBe(week);
    }
  });

  it('accepts a past week and no action without text', () => {
    expect(
      parseCreateReviewRequest(
        { week: '2026-11-09', metricsLookedAt: [], decision: 'no-action' },
        TODAY,
      ),
    ).toEqual({
      week: '2026-11-09',
      metricsLookedAt: [],
      decision: 'no-action',
    });
  });

  const valid = { metricsLookedAt: [metric], decision: 'no-action' };
  it.each([
    [
      'a week not starting on Monday',
      { ...valid, week: '2026-11-17' },
      '\'week\' must be the Monday of the week reviewed as YYYY-MM-DD, got "2026-11-17"',
    ],
    [
      'a week starting more than 7 days ahead',
      { ...valid, week: '2026-11-30' },
      "'week' must be from 2000-01-01 to 2026-11-29 (2000-01-01 to 7 days ahead), got 2026-11-30",
    ],
    [
      'a week before 2000',
      { ...valid, week: '1999-12-27' },
      "'week' must be from 2000-01-01 to 2026-11-29 (2000-01-01 to 7 days ahead), got 1999-12-27",
    ],
    [
      'missing metricsLookedAt',
      { ...valid, metricsLookedAt: undefined },
      "'metricsLookedAt' must be an array of metrics",
    ],
    [
      'over 100 metrics',
      { ...valid, metricsLookedAt: Array(101).fill(metric) },
      "'metricsLookedAt' must list at most 100 metrics, got 101",
    ],
    [
      'a metric without id',
      { ...valid, metricsLookedAt: [metric, { entityRef: 'component:a' }] },
      "'metricsLookedAt[1].metricId' must be a non-empty string",
    ],
    [
      'an unknown decision',
      { ...valid, decision: 'maybe' },
      "'decision' must be one of 'act', 'no-action', got \"maybe\"",
    ],
    [
      'act without action text',
      { ...valid, decision: 'act', actionText: ' ' },
      "'actionText' is required when the decision is 'act': say what the team will do",
    ],
    [
      'long action text',
      { ...valid, decision: 'act', actionText: 'a'.repeat(2001) },
      "'actionText' must be at most 2000 characters, got 2001",
    ],
    [
      'a bad linked metric',
      { ...valid, linkedMetric: { entityRef: 'component:a', metricId: 3 } },
      "'linkedMetric.metricId' must be a non-empty string",
    ],
    [
      'a policy step without its SLO',
      { ...valid, policyStep: { step: 'freeze' } },
      "'policyStep.metric' must be an object with 'entityRef' and 'metricId'",
    ],
    [
      'a policy step that is not an object',
      { ...valid, policyStep: 'freeze' },
      "'policyStep' must be an object with 'metric' and 'step'",
    ],
    [
      'a policy step that is not a step name',
      { ...valid, policyStep: { metric, step: 'Freeze!' } },
      "'policyStep.step' must be the name of a policy step",
    ],
    [
      'a policy step with fields the backend records itself',
      { ...valid, policyStep: { metric, step: 'freeze', action: 'x' } },
      "'policyStep' must hold only 'metric' and 'step', got 'action': the backend records the action and the budget left itself",
    ],
  ])('rejects %s', (_label, body, message) => {
    expect(inputError(() => parseCreateReviewRequest(body, TODAY))).toBe(
      message,
    );
  });
});
