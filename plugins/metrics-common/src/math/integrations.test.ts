import {
  IntegrationRow,
  UNKNOWN_ERROR_CLASS,
  meetsSuccessTarget,
  successRateSeries,
  summarizeIntegrations,
} from './integrations';

describe('summarizeIntegrations', () => {
  it('computes success rate and error-class shares', () => {
    const rows: IntegrationRow[] = [
      { integration: 'stripe', outcome: 'success', count: 900 },
      {
        integration: 'stripe',
        outcome: 'failure',
        errorClass: 'timeout',
        count: 60,
      },
      {
        integration: 'stripe',
        outcome: 'failure',
        errorClass: 'http_5xx',
        count: 30,
      },
      {
        integration: 'stripe',
        outcome: 'failure',
        errorClass: 'unknown',
        count: 10,
      },
    ];
    expect(summarizeIntegrations(rows)).toEqual([
      {
        name: 'stripe',
        source: 'prometheus',
        requests: 1000,
        failures: 100,
        successRate: 0.9,
        errorClasses: { timeout: 0.6, http_5xx: 0.3, unknown: 0.1 },
        unknownShare: 0.1,
      },
    ]);
  });

  it('counts missing and empty error classes as unknown, in errorClasses too', () => {
    const [item] = summarizeIntegrations([
      { integration: 'maps', outcome: 'success', count: 50 },
      { integration: 'maps', outcome: 'failure', count: 10 },
      { integration: 'maps', outcome: 'failure', errorClass: '', count: 10 },
      { integration: 'maps', outcome: 'failure', errorClass: null, count: 5 },
      {
        integration: 'maps',
        outcome: 'failure',
        errorClass: 'unknown',
        count: 5,
      },
      {
        integration: 'maps',
        outcome: 'failure',
        errorClass: 'quota',
        count: 20,
      },
    ]);
    expect(item.failures).toBe(50);
    expect(item.unknownShare).toBe(0.6);
    expect(item.errorClasses).toEqual({
      [UNKNOWN_ERROR_CLASS]: 0.6,
      quota: 0.4,
    });
    expect(Object.keys(item.errorClasses)).toEqual(['unknown', 'quota']);
  });

  it('reports an all-success integration with no error classes', () => {
    const [item] = summarizeIntegrations([
      { integration: 'email', outcome: 'success', count: 42 },
      // an error_class on a success is meaningless and ignored
      { integration: 'email', outcome: 'success', errorClass: 'x', count: 8 },
    ]);
    expect(item).toEqual({
      name: 'email',
      source: 'prometheus',
      requests: 50,
      failures: 0,
      successRate: 1,
      errorClasses: {},
      unknownShare: 0,
    });
  });

  it('reports zero traffic as null success rate, not 100% or NaN', () => {
    const items = summarizeIntegrations(
      [{ integration: 'sms', outcome: 'success', count: 0 }],
      { include: ['fax'] },
    );
    expect(items).toEqual([
      {
        name: 'fax',
        source: 'prometheus',
        requests: 0,
        failures: 0,
        successRate: null,
        errorClasses: {},
        unknownShare: 0,
      },
      {
        name: 'sms',
        source: 'prometheus',
        requests: 0,
        failures: 0,
        successRate: null,
        errorClasses: {},
        unknownShare: 0,
      },
    ]);
    expect(JSON.stringify(items)).not.toMatch(/NaN|Infinity/);
  });

  it('returns nothing for no rows', () => {
    expect(summarizeIntegrations([])).toEqual([]);
  });

  it('sorts worst success rate first and integrations without traffic last', () => {
    const items = summarizeIntegrations(
      [
        { integration: 'good', outcome: 'success', count: 99 },
        { integration: 'good', outcome: 'failure', count: 1 },
        { integration: 'bad', outcome: 'success', count: 5 },
        { integration: 'bad', outcome: 'failure', count: 5 },
        { integration: 'perfect-small', outcome: 'success', count: 1 },
        { integration: 'perfect-big', outcome: 'success', count: 100 },
      ],
      { include: ['idle'] },
    );
    expect(items.map(i => [i.name, i.successRate])).toEqual([
      ['bad', 0.5],
      ['good', 0.99],
      ['perfect-big', 1],
      ['perfect-small', 1],
      ['idle', null],
    ]);
  });

  it('counts any outcome other than success as a failure', () => {
    const [item] = summarizeIntegrations([
      { integration: 'x', outcome: 'success', count: 3 },
      { integration: 'x', outcome: 'error', errorClass: 'boom', count: 1 },
    ]);
    expect(item.successRate).toBe(0.75);
    expect(item.errorClasses).toEqual({ boom: 1 });
  });

  it('names rows without an integration label "unknown"', () => {
    const items = summarizeIntegrations([
      { outcome: 'success', count: 1 },
      { integration: '', outcome: 'failure', count: 1 },
    ]);
    expect(items.map(i => [i.name, i.requests])).toEqual([['unknown', 2]]);
  });

  it('ignores NaN and negative counts', () => {
    const [item] = summarizeIntegrations([
      { integration: 'x', outcome: 'success', count: NaN },
      { integration: 'x', outcome: 'success', count: 4 },
      { integration: 'x', outcome: 'failure', count: -1 },
      {
        integration: 'x',
        outcome: 'failure',
        errorClass: 'c',
        count: Infinity,
      },
    ]);
    expect(item).toMatchObject({
      requests: 4,
      successRate: 1,
      errorClasses: {},
    });
  });

  it('keeps a "__proto__" error class as data', () => {
    const [item] = summarizeIntegrations([
      {
        integration: 'x',
        outcome: 'failure',
        errorClass: '__proto__',
        count: 1,
      },
    ]);
    expect(Object.keys(item.errorClasses)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(item.errorClasses)).toBe(Object.prototype);
  });

  it('uses the given source', () => {
    const [item] = summarizeIntegrations(
      [{ integration: 'signup', outcome: 'success', count: 1 }],
      { source: 'amplitude' },
    );
    expect(item.source).toBe('amplitude');
  });
});

describe('successRateSeries', () => {
  it('divides per step and is null where there was no traffic', () => {
    expect(
      successRateSeries(
        [
          [0, 9],
          [60, 0],
          [120, 0],
        ],
        [
          [0, 10],
          [60, 0],
          [120, 4],
        ],
      ),
    ).toEqual([
      { t: 0, successRate: 0.9 },
      { t: 60, successRate: null },
      { t: 120, successRate: 0 },
    ]);
  });

  it('treats a missing success sample as zero successes', () => {
    expect(
      successRateSeries(
        [[0, 5]],
        [
          [0, 5],
          [60, 2],
        ],
      ),
    ).toEqual([
      { t: 0, successRate: 1 },
      { t: 60, successRate: 0 },
    ]);
  });

  it('clamps to [0, 1] and stays JSON-safe on NaN', () => {
    const series = successRateSeries(
      [
        [0, 10.2],
        [60, NaN],
      ],
      [
        [60, 3],
        [0, 10],
        [120, NaN],
      ],
    );
    expect(series).toEqual([
      { t: 0, successRate: 1 },
      { t: 60, successRate: null },
      { t: 120, successRate: null },
    ]);
    expect(JSON.stringify(series)).not.toMatch(/NaN|Infinity/);
  });
});

describe('meetsSuccessTarget', () => {
  it('meets a target at or above it, misses below, knows nothing without rate or target', () => {
    expect(meetsSuccessTarget(0.995, 99.5)).toBe(true);
    expect(meetsSuccessTarget(0.9949, 99.5)).toBe(false);
    expect(meetsSuccessTarget(1, 100)).toBe(true);
    expect(meetsSuccessTarget(null, 99)).toBeUndefined();
    expect(meetsSuccessTarget(0.5, undefined)).toBeUndefined();
  });
});
