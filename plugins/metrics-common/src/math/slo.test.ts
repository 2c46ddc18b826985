import { InputError } from '@backstage/errors';
import {
  BurnRates,
  DEFAULT_SLO_STATE_OPTIONS,
  SRE_WORKBOOK_ALERT_RULES,
  alertState,
  budgetBurnDown,
  burnRate,
  burnRates,
  errorBudget,
  errorBudgetRemaining,
  errorRatio,
  evaluateSlo,
  sli,
  sliCountsFromErrors,
  sliSeries,
  sloState,
  sumSliCounts,
} from './slo';

// 99.9% over 1,000,000 valid events with 500 bad ones: half the budget spent.
const HALF_SPENT = { good: 999_500, valid: 1_000_000 };

describe('errorBudget', () => {
  it.each([
    [99.9, 0.001],
    [99, 0.01],
    [99.99, 0.0001],
    [99.5, 0.005],
    [95, 0.05],
  ])('is exact for %d%%', (objective, budget) => {
    expect(errorBudget(objective)).toBe(budget);
  });

  it.each([0, 100, -1, 101, NaN, Infinity])(
    'rejects objective %d with an InputError',
    objective => {
      expect(() => errorBudget(objective)).toThrow(InputError);
    },
  );
});

describe('sli, errorRatio, burnRate, errorBudgetRemaining', () => {
  it('computes the hand-checked 99.9% case', () => {
    expect(sli(HALF_SPENT)).toBe(0.9995);
    expect(errorRatio(HALF_SPENT)).toBe(0.0005);
    expect(burnRate(HALF_SPENT, 99.9)).toBe(0.5);
    expect(errorBudgetRemaining(HALF_SPENT, 99.9)).toBe(0.5);
  });

  it('reports an untouched budget as 1 and burn 0', () => {
    const perfect = { good: 1000, valid: 1000 };
    expect(sli(perfect)).toBe(1);
    expect(burnRate(perfect, 99.9)).toBe(0);
    expect(errorBudgetRemaining(perfect, 99.9)).toBe(1);
  });

  it('lets the budget go negative when overspent', () => {
    // 3% errors against a 1% budget: burn 3, remaining -2
    const counts = { good: 970, valid: 1000 };
    expect(burnRate(counts, 99)).toBeCloseTo(3, 12);
    expect(errorBudgetRemaining(counts, 99)).toBeCloseTo(-2, 12);
  });

  it('is undefined without valid events (no data, not 100%)', () => {
    const none = { good: 0, valid: 0 };
    expect(sli(none)).toBeUndefined();
    expect(errorRatio(none)).toBeUndefined();
    expect(burnRate(none, 99.9)).toBeUndefined();
    expect(errorBudgetRemaining(none, 99.9)).toBeUndefined();
  });

  it('treats NaN or negative counts as no data', () => {
    expect(sli({ good: NaN, valid: 10 })).toBeUndefined();
    expect(sli({ good: 1, valid: NaN })).toBeUndefined();
    expect(sli({ good: 1, valid: -10 })).toBeUndefined();
    expect(sli({ good: 1, valid: Infinity })).toBeUndefined();
  });

  it('clamps good into [0, valid] (extrapolated queries can disagree)', () => {
    expect(sli({ good: 100.4, valid: 100 })).toBe(1);
    expect(errorBudgetRemaining({ good: 100.4, valid: 100 }, 99)).toBe(1);
    expect(sli({ good: -3, valid: 100 })).toBe(0);
  });

  it('validates the objective even without data', () => {
    expect(() => burnRate({ good: 0, valid: 0 }, 100)).toThrow(InputError);
  });
});

describe('sliCountsFromErrors and sumSliCounts', () => {
  it('builds counts from an error count', () => {
    expect(sliCountsFromErrors(500, 1_000_000)).toEqual(HALF_SPENT);
  });

  it('sums numerators and denominators instead of averaging ratios', () => {
    // day 1: 990/1000 (99%), day 2: 10/10 (100%). Average of ratios would be 99.5%.
    const total = sumSliCounts([
      { good: 990, valid: 1000 },
      { good: 10, valid: 10 },
    ]);
    expect(total).toEqual({ good: 1000, valid: 1010 });
    expect(sli(total)).toBeCloseTo(1000 / 1010, 12);
  });

  it('ignores entries without data instead of propagating NaN', () => {
    expect(
      sumSliCounts([
        { good: 5, valid: 10 },
        { good: NaN, valid: NaN },
        { good: 0, valid: 0 },
      ]),
    ).toEqual({ good: 5, valid: 10 });
  });

  it('is empty for no entries', () => {
    expect(sumSliCounts([])).toEqual({ good: 0, valid: 0 });
  });
});

describe('burnRates', () => {
  it('only has the windows with data, in window order', () => {
    const rates = burnRates(
      {
        '1h': { good: 990, valid: 1000 },
        '5m': { good: 0, valid: 0 },
        '6h': { good: 9990, valid: 10000 },
      },
      99.9,
    );
    expect(Object.keys(rates)).toEqual(['1h', '6h']);
    expect(rates['1h']).toBeCloseTo(10, 9);
    expect(rates['6h']).toBeCloseTo(1, 9);
  });
});

describe('alertState', () => {
  it('encodes the SRE workbook table', () => {
    expect(SRE_WORKBOOK_ALERT_RULES).toEqual([
      { severity: 'page', longWindow: '1h', shortWindow: '5m', burnRate: 14.4 },
      { severity: 'page', longWindow: '6h', shortWindow: '30m', burnRate: 6 },
      { severity: 'ticket', longWindow: '1d', shortWindow: '2h', burnRate: 3 },
      { severity: 'ticket', longWindow: '3d', shortWindow: '6h', burnRate: 1 },
    ]);
  });

  it('is none without burn rates', () => {
    expect(alertState({})).toBe('none');
  });

  describe.each([
    ['page', '1h', '5m', 14.4],
    ['page', '6h', '30m', 6],
    ['ticket', '1d', '2h', 3],
    ['ticket', '3d', '6h', 1],
  ] as const)('%s on %s and %s over %d', (severity, long, short, threshold) => {
    const above = threshold + 0.001;

    it('fires when both windows are strictly above', () => {
      expect(alertState({ [long]: above, [short]: above })).toBe(severity);
    });

    it('does not fire at exactly the threshold', () => {
      expect(alertState({ [long]: threshold, [short]: threshold })).toBe(
        'none',
      );
      expect(alertState({ [long]: threshold, [short]: above })).toBe('none');
      expect(alertState({ [long]: above, [short]: threshold })).toBe('none');
    });

    it('does not fire when only the long window is above', () => {
      expect(alertState({ [long]: 1000, [short]: 0 })).toBe('none');
    });

    it('does not fire when only the short window is above', () => {
      expect(alertState({ [long]: 0, [short]: 1000 })).toBe('none');
    });

    it('never fires on a missing window', () => {
      expect(alertState({ [long]: 1000 })).toBe('none');
      expect(alertState({ [short]: 1000 })).toBe('none');
    });
  });

  it('never fires on NaN', () => {
    expect(alertState({ '1h': NaN, '5m': NaN })).toBe('none');
  });

  it('prefers page over ticket when both fire', () => {
    const everythingBurning: BurnRates = {
      '5m': 20,
      '30m': 20,
      '1h': 20,
      '2h': 20,
      '6h': 20,
      '1d': 20,
      '3d': 20,
    };
    expect(alertState(everythingBurning)).toBe('page');
  });

  it('tickets on a slow burn that does not page', () => {
    // 6h and 3d just over 1: ticket; 6h alone under 6 so the 6h/30m page does not fire
    expect(alertState({ '3d': 1.2, '6h': 1.5, '30m': 10 })).toBe('ticket');
  });

  it('accepts other rules', () => {
    expect(
      alertState({ '1h': 2, '5m': 2 }, [
        {
          severity: 'ticket',
          longWindow: '1h',
          shortWindow: '5m',
          burnRate: 1,
        },
      ]),
    ).toBe('ticket');
  });
});

describe('sloState', () => {
  const base = {
    validEvents: 10_000,
    budgetRemaining: 0.8,
    alert: 'none' as const,
  };

  it('has documented defaults', () => {
    expect(DEFAULT_SLO_STATE_OPTIONS).toEqual({
      minValidEvents: 100,
      atRiskBudgetRemaining: 0.25,
    });
  });

  it('is healthy with budget left and no alert', () => {
    expect(sloState(base)).toBe('healthy');
  });

  it('is no-data without valid events', () => {
    expect(
      sloState({ ...base, validEvents: 0, budgetRemaining: undefined }),
    ).toBe('no-data');
    expect(sloState({ ...base, budgetRemaining: undefined })).toBe('no-data');
    expect(sloState({ ...base, validEvents: NaN })).toBe('no-data');
  });

  it('is low-traffic below the minimum, even when the budget is overspent', () => {
    expect(sloState({ ...base, validEvents: 99 })).toBe('low-traffic');
    expect(
      sloState({
        ...base,
        validEvents: 50,
        budgetRemaining: -19,
        alert: 'page',
      }),
    ).toBe('low-traffic');
    expect(sloState({ ...base, validEvents: 100 })).toBe('healthy');
  });

  it('takes a configurable minimum', () => {
    expect(sloState({ ...base, validEvents: 5 }, { minValidEvents: 1 })).toBe(
      'healthy',
    );
    expect(sloState(base, { minValidEvents: 1_000_000 })).toBe('low-traffic');
  });

  it('is breaching only below zero', () => {
    expect(sloState({ ...base, budgetRemaining: -0.01 })).toBe('breaching');
    expect(sloState({ ...base, budgetRemaining: 0 })).toBe('at-risk');
  });

  it('is breaching even while an alert fires', () => {
    expect(sloState({ ...base, budgetRemaining: -1, alert: 'page' })).toBe(
      'breaching',
    );
  });

  it('is at-risk below the budget threshold (strictly)', () => {
    expect(sloState({ ...base, budgetRemaining: 0.2499 })).toBe('at-risk');
    expect(sloState({ ...base, budgetRemaining: 0.25 })).toBe('healthy');
    expect(
      sloState(
        { ...base, budgetRemaining: 0.4 },
        { atRiskBudgetRemaining: 0.5 },
      ),
    ).toBe('at-risk');
  });

  it.each(['ticket', 'page'] as const)(
    'is at-risk when a %s alert fires with plenty of budget',
    alert => {
      expect(sloState({ ...base, budgetRemaining: 0.99, alert })).toBe(
        'at-risk',
      );
    },
  );

  it.each([
    { minValidEvents: -1 },
    { minValidEvents: NaN },
    { atRiskBudgetRemaining: 1.5 },
    { atRiskBudgetRemaining: -0.1 },
  ])('rejects invalid options %j', options => {
    expect(() => sloState(base, options)).toThrow(InputError);
  });
});

describe('budgetBurnDown', () => {
  const steps = [
    { t: 0, good: 1000, valid: 1000 },
    { t: 3600, good: 999, valid: 1000 },
    { t: 7200, good: 0, valid: 0 },
    { t: 10800, good: 998, valid: 1000 },
  ];

  it('accumulates per-step counts from the window start', () => {
    // budget 1% of 1000 events per step = 10 bad events per 1000
    const points = budgetBurnDown(steps, 99);
    expect(points.map(p => p.t)).toEqual([0, 3600, 7200, 10800]);
    expect(points[0].budgetRemaining).toBe(1);
    expect(points[1].budgetRemaining).toBeCloseTo(1 - 1 / 2000 / 0.01, 12); // 0.95
    expect(points[2].budgetRemaining).toBeCloseTo(0.95, 12); // no traffic: flat
    expect(points[3].budgetRemaining).toBeCloseTo(1 - 3 / 3000 / 0.01, 12); // 0.9
  });

  it('reads cumulative counts as they are', () => {
    const points = budgetBurnDown(
      [
        { t: 0, good: 1000, valid: 1000 },
        { t: 60, good: 1999, valid: 2000 },
        { t: 120, good: 2997, valid: 3000 },
      ],
      99,
      { cumulative: true },
    );
    expect(points[1].budgetRemaining).toBeCloseTo(0.95, 12);
    expect(points[2].budgetRemaining).toBeCloseTo(0.9, 12);
  });

  it('is null until the first valid event and never NaN', () => {
    const points = budgetBurnDown(
      [
        { t: 0, good: 0, valid: 0 },
        { t: 60, good: NaN, valid: NaN },
        { t: 120, good: 5, valid: 10 },
      ],
      99.9,
    );
    expect(points.map(p => p.budgetRemaining)).toEqual([
      null,
      null,
      1 - 0.5 / 0.001,
    ]);
    expect(JSON.stringify(points)).not.toMatch(/NaN|Infinity/);
  });

  it('sorts by time', () => {
    const points = budgetBurnDown([...steps].reverse(), 99);
    expect(points.map(p => p.t)).toEqual([0, 3600, 7200, 10800]);
    expect(points[3].budgetRemaining).toBeCloseTo(0.9, 12);
  });

  it('is empty for an empty series', () => {
    expect(budgetBurnDown([], 99.9)).toEqual([]);
  });
});

describe('sliSeries', () => {
  it('gives the SLI of each step and null for empty steps', () => {
    expect(
      sliSeries([
        { t: 60, good: 0, valid: 0 },
        { t: 0, good: 3, valid: 4 },
      ]),
    ).toEqual([
      { t: 0, sli: 0.75 },
      { t: 60, sli: null },
    ]);
  });
});

describe('evaluateSlo', () => {
  it('builds the API item for the hand-checked case', () => {
    expect(
      evaluateSlo({
        name: 'availability',
        objective: 99.9,
        window: '28d',
        counts: {
          window: HALF_SPENT,
          burn: {
            '5m': { good: 1000, valid: 1000 },
            '1h': { good: 11_999, valid: 12_000 },
          },
        },
      }),
    ).toEqual({
      name: 'availability',
      objective: 99.9,
      window: '28d',
      sli: 0.9995,
      budgetRemaining: 0.5,
      burnRates: { '5m': 0, '1h': expect.closeTo(1 / 12, 9) },
      alert: 'none',
      state: 'healthy',
      counts: HALF_SPENT,
    });
  });

  it('pages on a fast burn and marks the SLO at risk despite budget left', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99.9,
      window: '28d',
      counts: {
        window: { good: 999_900, valid: 1_000_000 }, // 0.01% errors: 90% left
        burn: {
          '5m': { good: 980, valid: 1000 }, // 2% errors: 20×
          '1h': { good: 11_760, valid: 12_000 }, // 2% errors: 20×
        },
      },
    });
    expect(item.alert).toBe('page');
    expect(item.burnRates['5m']).toBeCloseTo(20, 9);
    expect(item.burnRates['1h']).toBeCloseTo(20, 9);
    expect(item.budgetRemaining).toBeCloseTo(0.9, 9);
    expect(item.state).toBe('at-risk');
  });

  it('reports breaching when the budget is overspent', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99,
      window: '7d',
      counts: { window: { good: 9_700, valid: 10_000 } },
    });
    expect(item.budgetRemaining).toBeCloseTo(-2, 9);
    expect(item.state).toBe('breaching');
    expect(item.burnRates).toEqual({});
    expect(item.alert).toBe('none');
  });

  it('reports zero traffic as no-data with null fields and JSON-safe output', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99.9,
      window: '28d',
      counts: {
        window: { good: 0, valid: 0 },
        burn: { '5m': { good: 0, valid: 0 }, '1h': { good: NaN, valid: NaN } },
      },
      series: [
        { t: 0, good: 0, valid: 0 },
        { t: 60, good: NaN, valid: NaN },
      ],
    });
    expect(item).toMatchObject({
      sli: null,
      budgetRemaining: null,
      burnRates: {},
      alert: 'none',
      state: 'no-data',
      counts: { good: 0, valid: 0 },
      series: [
        { t: 0, sli: null, budgetRemaining: null },
        { t: 60, sli: null, budgetRemaining: null },
      ],
    });
    const json = JSON.stringify(item);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect(JSON.parse(json)).toEqual(item);
  });

  it('labels low traffic but still reports the numbers', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99.9,
      window: '28d',
      counts: { window: { good: 49, valid: 50 } },
    });
    expect(item.state).toBe('low-traffic');
    expect(item.sli).toBe(0.98);
    expect(item.budgetRemaining).toBeCloseTo(-19, 9);
    expect(item.counts).toEqual({ good: 49, valid: 50 });
  });

  it('passes state options through', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99.9,
      window: '28d',
      counts: { window: { good: 49, valid: 50 } },
      options: { minValidEvents: 10 },
    });
    expect(item.state).toBe('breaching');
  });

  it('adds a chart series with per-step SLI and cumulative budget', () => {
    const item = evaluateSlo({
      name: 'availability',
      objective: 99,
      window: '1d',
      counts: { window: { good: 2997, valid: 3000 } },
      series: [
        { t: 0, good: 1000, valid: 1000 },
        { t: 3600, good: 999, valid: 1000 },
        { t: 7200, good: 998, valid: 1000 },
      ],
    });
    expect(item.series).toEqual([
      { t: 0, sli: 1, budgetRemaining: 1 },
      { t: 3600, sli: 0.999, budgetRemaining: expect.closeTo(0.95, 9) },
      { t: 7200, sli: 0.998, budgetRemaining: expect.closeTo(0.9, 9) },
    ]);
  });

  it('has no series unless asked', () => {
    const item = evaluateSlo({
      name: 'a',
      objective: 99,
      window: '1d',
      counts: { window: { good: 1, valid: 1 } },
    });
    expect(item).not.toHaveProperty('series');
  });

  it('rejects an invalid objective or window', () => {
    const input = {
      name: 'a',
      objective: 99,
      window: '1d',
      counts: { window: { good: 1, valid: 1 } },
    };
    expect(() => evaluateSlo({ ...input, objective: 100 })).toThrow(InputError);
    expect(() => evaluateSlo({ ...input, window: 'month' })).toThrow(
      InputError,
    );
  });
});
