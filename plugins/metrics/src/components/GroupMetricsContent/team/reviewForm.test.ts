import { toCreateReviewRequest } from './reviewForm';

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
