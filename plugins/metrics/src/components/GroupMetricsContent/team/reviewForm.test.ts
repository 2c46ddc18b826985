import { toCreateReviewRequest, toUpdateReviewRequest } from './reviewForm';

const availability = {
  entityRef: 'component:default/customer-api',
  metricId: 'slo:availability',
};

describe('toCreateReviewRequest', () => {
  it('requires the action text when the squad decided to act', () => {
    expect(
      toCreateReviewRequest({
        metricsLookedAt: [availability],
        decision: 'act',
        actionText: '   ',
      }),
    ).toEqual({
      ok: false,
      errors: { actionText: 'Describe the action the squad decided on' },
    });
    expect(
      toCreateReviewRequest({
        metricsLookedAt: [availability],
        decision: 'act',
        actionText: ' Add retries ',
        linkedMetric: availability,
      }),
    ).toEqual({
      ok: true,
      request: {
        metricsLookedAt: [availability],
        decision: 'act',
        actionText: 'Add retries',
        linkedMetric: availability,
      },
    });
  });

  it('drops an action left over from before the squad chose not to act', () => {
    expect(
      toCreateReviewRequest({
        metricsLookedAt: [availability],
        decision: 'no-action',
        actionText: 'typed, then changed its mind',
        linkedMetric: availability,
      }),
    ).toEqual({
      ok: true,
      request: { metricsLookedAt: [availability], decision: 'no-action' },
    });
  });

  it('needs metrics and a decision', () => {
    expect(
      toCreateReviewRequest({ metricsLookedAt: [], actionText: '' }),
    ).toEqual({
      ok: false,
      errors: {
        metricsLookedAt: 'Tick the metrics the squad looked at',
        decision: 'Say what the squad decided',
      },
    });
  });
});

describe('toUpdateReviewRequest', () => {
  const signUps = { ...availability, metricId: 'kpi:sign-ups' };
  const recorded = {
    id: 'r1',
    teamRef: 'group:default/mobility-squad',
    week: '2025-03-03',
    metricsLookedAt: [availability, signUps],
    decision: 'act' as const,
    actionText: 'Add retries',
    linkedMetric: availability,
    author: 'user:default/jane',
    createdAt: '2025-03-04T09:00:00.000Z',
    revision: 2,
  };

  it('sends nothing but the revision when nothing changed, whatever the order', () => {
    expect(
      toUpdateReviewRequest(
        recorded,
        {
          metricsLookedAt: [signUps, availability],
          decision: 'act',
          actionText: 'Add retries ',
          linkedMetric: availability,
        },
        '',
      ),
    ).toEqual({ ok: true, changed: false, request: { revision: 2 } });
  });

  it('clears the action and linked metric when the decision becomes no action', () => {
    expect(
      toUpdateReviewRequest(
        recorded,
        {
          metricsLookedAt: [availability],
          decision: 'no-action',
          actionText: 'Add retries',
          linkedMetric: availability,
        },
        'Nothing to do after all',
      ),
    ).toEqual({
      ok: true,
      changed: true,
      request: {
        metricsLookedAt: [availability],
        decision: 'no-action',
        actionText: null,
        linkedMetric: null,
        revision: 2,
        reason: 'Nothing to do after all',
      },
    });
  });

  it('checks the form as a new review', () => {
    expect(
      toUpdateReviewRequest(
        recorded,
        { metricsLookedAt: [], decision: 'act', actionText: '' },
        '',
      ),
    ).toEqual({
      ok: false,
      errors: {
        metricsLookedAt: 'Tick the metrics the squad looked at',
        actionText: 'Describe the action the squad decided on',
      },
    });
  });
});
