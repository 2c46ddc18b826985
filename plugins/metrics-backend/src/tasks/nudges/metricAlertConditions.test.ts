import {
  IntegrationReadout,
  judgeIntegration,
  judgeKpi,
} from './metricAlertConditions';

const THRESHOLDS = {
  minRequests: 20,
  unclassifiedSharePercent: 20,
  unclassifiedGrowthPoints: 5,
};

function counts(requests: number, successRate: number, unknownShare = 0) {
  return {
    requests,
    failures: Math.round(requests * (1 - successRate)),
    successRate: requests > 0 ? successRate : null,
    unknownShare,
  };
}

function readout(overrides: Partial<IntegrationReadout>): IntegrationReadout {
  return {
    classifiesFailures: true,
    window: '1h',
    current: counts(1000, 0.99),
    ...overrides,
  };
}

const verdicts = (r: IntegrationReadout) =>
  Object.fromEntries(
    judgeIntegration(r, THRESHOLDS).map(j => [j.condition, j.verdict]),
  );

describe('judgeIntegration', () => {
  it('fires below the target, as the target chip judges, and clears past a margin', () => {
    const below = judgeIntegration(
      readout({ target: 99.5, current: counts(1000, 0.969) }),
      THRESHOLDS,
    )[0];
    expect(below).toEqual({
      condition: 'below-target',
      verdict: 'firing',
      detail:
        'success rate 96.90% over 1h (1,000 calls), 2.6 points below its target of 99.5%',
    });
    // At the target: met, but an open alert stays open until 10% of the allowed failures
    // clear it (99.55%), so a rate hovering at the target does not flap.
    expect(
      verdicts(readout({ target: 99.5, current: counts(1000, 0.995) })),
    ).toMatchObject({ 'below-target': 'holding' });
    expect(
      verdicts(readout({ target: 99.5, current: counts(1000, 0.9955) })),
    ).toMatchObject({ 'below-target': 'clear' });
    expect(
      verdicts(readout({ target: 97, current: counts(1000, 0.9729) })),
    ).toMatchObject({ 'below-target': 'holding' });
    expect(
      verdicts(readout({ target: 97, current: counts(1000, 0.973) })),
    ).toMatchObject({ 'below-target': 'clear' });
  });

  it('judges no target without one', () => {
    expect(verdicts(readout({}))).not.toHaveProperty('below-target');
  });

  it('does not judge below the minimum volume, and judges at it', () => {
    expect(
      verdicts(readout({ target: 99, current: counts(19, 0.5, 1) })),
    ).toEqual({ 'below-target': 'unjudged', 'unclassified-share': 'unjudged' });
    expect(
      verdicts(readout({ target: 99, current: counts(20, 0.5, 1) })),
    ).toEqual({ 'below-target': 'firing', 'unclassified-share': 'firing' });
    expect(
      judgeIntegration(readout({ target: 99, current: counts(0, 1) }), {
        ...THRESHOLDS,
        minRequests: 1,
      })[0],
    ).toMatchObject({ verdict: 'unjudged' });
  });

  it('fires above the unclassified share, not at it, and clears 2 points under it', () => {
    const [above] = judgeIntegration(
      readout({ current: counts(1000, 0.9, 0.25) }),
      THRESHOLDS,
    );
    expect(above).toEqual({
      condition: 'unclassified-share',
      verdict: 'firing',
      detail:
        '25.0% of 100 failures over 1h have no error class (threshold 20%)',
    });
    expect(verdicts(readout({ current: counts(1000, 0.9, 0.2) }))).toEqual({
      'unclassified-share': 'holding',
    });
    expect(verdicts(readout({ current: counts(1000, 0.9, 0.181) }))).toEqual({
      'unclassified-share': 'holding',
    });
    expect(verdicts(readout({ current: counts(1000, 0.9, 0.18) }))).toEqual({
      'unclassified-share': 'clear',
    });
    // No failures: nothing unclassified.
    expect(verdicts(readout({ current: counts(1000, 1, 0) }))).toEqual({
      'unclassified-share': 'clear',
    });
  });

  it('leaves the unclassified conditions out where the source cannot classify', () => {
    expect(
      verdicts(
        readout({ classifiesFailures: false, current: counts(1000, 0.9, 1) }),
      ),
    ).toEqual({});
  });

  it('fires when the share grows by more than the points week over week', () => {
    const weeks = (last: number, before: number) => ({
      last: counts(5000, 0.9, last),
      before: counts(5000, 0.9, before),
    });
    const growth = judgeIntegration(
      readout({ weeks: weeks(0.181, 0.1) }),
      THRESHOLDS,
    )[1];
    expect(growth).toEqual({
      condition: 'unclassified-growth',
      verdict: 'firing',
      detail:
        'unclassified share of failures 18.1% in the last 7 days against 10.0% the 7 days before, up 8.1 points (threshold 5 points)',
    });
    expect(verdicts(readout({ weeks: weeks(0.15, 0.1) }))).toMatchObject({
      'unclassified-growth': 'holding',
    });
    expect(verdicts(readout({ weeks: weeks(0.13, 0.1) }))).toMatchObject({
      'unclassified-growth': 'clear',
    });
    expect(verdicts(readout({ weeks: weeks(0.1, 0.3) }))).toMatchObject({
      'unclassified-growth': 'clear',
    });
    expect(
      verdicts(
        readout({
          weeks: { last: counts(5000, 0.9, 0.5), before: counts(10, 0.9, 0) },
        }),
      ),
    ).toMatchObject({ 'unclassified-growth': 'unjudged' });
  });
});

describe('judgeKpi', () => {
  it('fires when a value misses its target, by the view’s rule', () => {
    expect(
      judgeKpi(1008, { value: 1500, direction: 'above' }, '7d', 'count'),
    ).toEqual({
      condition: 'target-missed',
      verdict: 'firing',
      detail: '1,008 over 7d, 492 below its target (above 1,500)',
    });
    expect(
      judgeKpi(2.5, { value: 2, direction: 'below' }, '7d', 'seconds'),
    ).toMatchObject({
      verdict: 'firing',
      detail: '2.5 s over 7d, 0.5 s above its target (below 2 s)',
    });
    // At the target is meeting it, either way.
    expect(
      judgeKpi(1500, { value: 1500, direction: 'above' }, '7d').verdict,
    ).toBe('clear');
    expect(judgeKpi(2, { value: 2, direction: 'below' }, '7d').verdict).toBe(
      'clear',
    );
  });

  it('does not judge without a value', () => {
    expect(judgeKpi(null, { value: 1, direction: 'above' }, '7d')).toEqual({
      condition: 'target-missed',
      verdict: 'unjudged',
      detail: 'no value over 7d',
    });
  });
});
