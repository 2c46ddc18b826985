import { InputError } from '@backstage/errors';
import {
  CallerItem,
  CallerRow,
  DEFAULT_TOP_CALLERS,
  OTHER_CALLERS,
  UNKNOWN_CALLER,
  summarizeCallers,
} from './callers';

function shareSum(items: CallerItem[]): number {
  return items.reduce((sum, item) => sum + item.share, 0);
}

const resolver = new Map([
  [
    'web',
    { entityRef: 'component:default/web', owner: 'group:default/frontend' },
  ],
  ['batch', { entityRef: 'component:default/batch' }],
]);

describe('summarizeCallers', () => {
  it('builds items with shares, error ratios and resolved entities', () => {
    const items = summarizeCallers(
      [
        { caller: 'batch', requests: 100, errors: 0 },
        { caller: 'web', requests: 300, errors: 3, p95Seconds: 0.12 },
        { caller: 'partner-x', requests: 600, errors: 60 },
      ],
      { resolver },
    );
    expect(items).toEqual([
      {
        caller: 'partner-x',
        external: true,
        requests: 600,
        share: 0.6,
        errorRatio: 0.1,
      },
      {
        caller: 'web',
        entityRef: 'component:default/web',
        owner: 'group:default/frontend',
        requests: 300,
        share: 0.3,
        errorRatio: 0.01,
        p95Seconds: 0.12,
      },
      {
        caller: 'batch',
        entityRef: 'component:default/batch',
        requests: 100,
        share: 0.1,
        errorRatio: 0,
      },
    ]);
    expect(shareSum(items)).toBeCloseTo(1, 12);
  });

  it('merges missing, empty and blank labels into "unknown"', () => {
    const items = summarizeCallers([
      { caller: '', requests: 10, errors: 1, p95Seconds: 0.5 },
      { requests: 20, errors: 2 },
      { caller: null, requests: 5, errors: 0 },
      { caller: '  ', requests: 5, errors: 0 },
      { caller: UNKNOWN_CALLER, requests: 10, errors: 1, p95Seconds: 0.2 },
      { caller: 'web', requests: 50, errors: 0 },
    ]);
    expect(items).toHaveLength(2);
    const unknown = items.find(i => i.caller === UNKNOWN_CALLER)!;
    expect(unknown).toEqual({
      caller: UNKNOWN_CALLER,
      external: true,
      requests: 50,
      share: 0.5,
      errorRatio: 4 / 50,
    });
    // quantiles of merged rows cannot be combined
    expect(unknown).not.toHaveProperty('p95Seconds');
    expect(shareSum(items)).toBeCloseTo(1, 12);
  });

  it('marks callers the resolver does not know as external', () => {
    const items = summarizeCallers(
      [
        { caller: 'web', requests: 2, errors: 0 },
        { caller: 'stranger', requests: 1, errors: 0 },
      ],
      { resolver },
    );
    expect(items[0]).toMatchObject({
      caller: 'web',
      entityRef: 'component:default/web',
    });
    expect(items[0]).not.toHaveProperty('external');
    expect(items[1]).toMatchObject({ caller: 'stranger', external: true });
    expect(items[1]).not.toHaveProperty('entityRef');
    expect(items[1]).not.toHaveProperty('owner');
  });

  it('accepts a plain object resolver without hitting Object.prototype', () => {
    const items = summarizeCallers(
      [
        { caller: 'web', requests: 2, errors: 0 },
        { caller: 'constructor', requests: 1, errors: 0 },
        { caller: '__proto__', requests: 1, errors: 0 },
      ],
      { resolver: { web: { entityRef: 'component:default/web' } } },
    );
    expect(items.map(i => [i.caller, i.entityRef, i.external])).toEqual([
      ['web', 'component:default/web', undefined],
      ['__proto__', undefined, true],
      ['constructor', undefined, true],
    ]);
  });

  it('never resolves the unknown sentinel', () => {
    const items = summarizeCallers([{ caller: '', requests: 1, errors: 0 }], {
      resolver: new Map([['unknown', { entityRef: 'component:default/x' }]]),
    });
    expect(items[0]).toMatchObject({ caller: 'unknown', external: true });
  });

  it('returns an empty list without requests (no NaN shares)', () => {
    expect(summarizeCallers([])).toEqual([]);
    expect(
      summarizeCallers([
        { caller: 'web', requests: 0, errors: 0 },
        { caller: 'batch', requests: NaN, errors: NaN },
      ]),
    ).toEqual([]);
  });

  it('drops idle callers but keeps the rest', () => {
    const items = summarizeCallers([
      { caller: 'web', requests: 0, errors: 0 },
      { caller: 'batch', requests: 4, errors: 1 },
    ]);
    expect(items.map(i => i.caller)).toEqual(['batch']);
    expect(items[0].share).toBe(1);
  });

  it('clamps errors to requests and ignores invalid numbers', () => {
    const [item] = summarizeCallers([
      { caller: 'web', requests: 10, errors: 10.3, p95Seconds: NaN },
      { caller: 'web2', requests: 10, errors: -1 },
    ]);
    expect(item.errorRatio).toBe(1);
    expect(item).not.toHaveProperty('p95Seconds');
  });

  it('sorts by requests, then caller name', () => {
    const items = summarizeCallers([
      { caller: 'b', requests: 5, errors: 0 },
      { caller: 'a', requests: 5, errors: 0 },
      { caller: 'c', requests: 9, errors: 0 },
    ]);
    expect(items.map(i => i.caller)).toEqual(['c', 'a', 'b']);
  });

  describe('top N', () => {
    const many: CallerRow[] = Array.from({ length: 15 }, (_, i) => ({
      caller: `svc-${String(i).padStart(2, '0')}`,
      requests: 100 - i,
      errors: i,
    }));

    it('lists the top 10 by default and folds the rest', () => {
      expect(DEFAULT_TOP_CALLERS).toBe(10);
      const items = summarizeCallers(many);
      expect(items).toHaveLength(11);
      expect(items.slice(0, 10).map(i => i.caller)).toEqual(
        many.slice(0, 10).map(r => r.caller),
      );
      const rest = many.slice(10);
      const restRequests = rest.reduce((s, r) => s + r.requests, 0);
      const restErrors = rest.reduce((s, r) => s + r.errors, 0);
      const total = many.reduce((s, r) => s + r.requests, 0);
      expect(items[10]).toEqual({
        caller: OTHER_CALLERS,
        otherCallers: 5,
        requests: restRequests,
        share: restRequests / total,
        errorRatio: restErrors / restRequests,
      });
      expect(shareSum(items)).toBeCloseTo(1, 12);
    });

    it('takes a custom limit', () => {
      const items = summarizeCallers(many, { limit: 3 });
      expect(items.map(i => i.caller)).toEqual([
        'svc-00',
        'svc-01',
        'svc-02',
        OTHER_CALLERS,
      ]);
      expect(items[3].otherCallers).toBe(12);
      expect(shareSum(items)).toBeCloseTo(1, 12);
    });

    it('lists a single leftover caller instead of folding it', () => {
      const items = summarizeCallers(many.slice(0, 4), { limit: 3 });
      expect(items.map(i => i.caller)).toEqual([
        'svc-00',
        'svc-01',
        'svc-02',
        'svc-03',
      ]);
    });

    it('does not fold when everything fits', () => {
      expect(summarizeCallers(many.slice(0, 3), { limit: 3 })).toHaveLength(3);
    });

    it.each([0, -1, 2.5, NaN])('rejects limit %d', limit => {
      expect(() => summarizeCallers(many, { limit })).toThrow(InputError);
    });
  });

  it('produces JSON without NaN or Infinity', () => {
    const json = JSON.stringify(
      summarizeCallers([
        { caller: 'a', requests: 1, errors: NaN, p95Seconds: Infinity },
        { caller: '', requests: Infinity, errors: 0 },
      ]),
    );
    expect(json).not.toMatch(/NaN|Infinity|null/);
  });
});
