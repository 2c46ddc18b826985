import { InputError } from '@backstage/errors';
import { CHECKOUT_ORDERS } from './__fixtures__/slos';
import {
  isSummedSloWindow,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  ruleWindowName,
  sloCountRecord,
  sloErrorRatioRecord,
  sloRecordSelector,
  sloRecordedWindows,
  sloRevision,
  sloRuleIdentity,
} from './names';

const BURNS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
const ODD = {
  name: 'availability',
  entityRef: 'component:default/legacy"billing\\v1',
  queries: CHECKOUT_ORDERS.queries,
};
const ODD_MATCHERS = `{slo="availability",entity="component:default/legacy\\"billing\\\\v1",slo_revision="${sloRevision(
  ODD,
)}"}`;

describe('ruleWindowName', () => {
  it.each([
    ['28d', '4w'],
    ['30d', '30d'],
    ['7d', '1w'],
    ['90m', '90m'],
    ['1h', '1h'],
    ['24h', '1d'],
    ['1h30m', '90m'],
    ['45s', '45s'],
  ])('%s → %s', (window, name) => {
    expect(ruleWindowName(window)).toBe(name);
  });

  it('rejects what is not a duration', () => {
    expect(() => ruleWindowName('4 weeks')).toThrow(InputError);
  });

  it('names the recordings with it', () => {
    expect(sloCountRecord('good', '28d')).toBe('slo:sli_good:increase4w');
    expect(sloCountRecord('valid', '5m')).toBe('slo:sli_valid:increase5m');
    expect(sloErrorRatioRecord('7d')).toBe('slo:sli_error:ratio_rate1w');
  });
});

describe('isSummedSloWindow', () => {
  it.each([
    ['28d', true],
    ['7d', true],
    ['4d', true],
    ['73h', true],
    ['3d', false],
    ['1d', false],
    ['12h', false],
    ['90m', false],
    ['4321m', false],
  ])('%s → %s', (window, summed) => {
    expect(isSummedSloWindow(window)).toBe(summed);
  });
});

describe('sloRecordedWindows', () => {
  it('records the burn windows, and an SLO window that is neither summed nor one of them', () => {
    expect(sloRecordedWindows({ window: '28d' })).toEqual(BURNS);
    expect(sloRecordedWindows({ window: '1d' })).toEqual(BURNS);
    expect(sloRecordedWindows({ window: '24h' })).toEqual(BURNS);
    expect(sloRecordedWindows({ window: '12h' })).toEqual([...BURNS, '12h']);
    expect(sloRecordedWindows({ window: '90m' })).toEqual([...BURNS, '90m']);
  });
});

describe('sloRevision', () => {
  const queries = {
    good: 'sum(increase(a_total{code!~"5.."}[{{window}}]))',
    total: 'sum(increase(a_total[{{window}}]))',
  };

  it('is a stable digest of the queries', () => {
    // cyrb53 of `good \0 total` in base 36, as an independent implementation computes it.
    expect(sloRevision({ queries })).toBe('08pjty731k7');
    expect(sloRevision({ queries: { ...queries } })).toBe('08pjty731k7');
  });

  it('changes when a query changes, or the two are swapped', () => {
    const revisions = new Set([
      sloRevision({ queries }),
      sloRevision({ queries: { ...queries, good: `${queries.good} ` } }),
      sloRevision({ queries: { ...queries, total: 'sum(a_total)' } }),
      sloRevision({ queries: { good: queries.total, total: queries.good } }),
    ]);
    expect(revisions.size).toBe(4);
  });
});

describe('identity and read-back', () => {
  it('identifies the rules of an SLO without its owner', () => {
    expect(sloRuleIdentity(CHECKOUT_ORDERS)).toEqual({
      slo: 'orders',
      entity: 'component:default/checkout-service',
      slo_revision: '0sgf0qyc1re',
    });
  });

  it('escapes label values in selectors', () => {
    expect(sloRecordSelector(ODD, 'slo:objective:ratio')).toBe(
      `slo:objective:ratio${ODD_MATCHERS}`,
    );
  });

  it('reads a recorded window directly and a summed window from the hourly counts', () => {
    expect(recordedSloCountQuery(ODD, 'good', '5m')).toBe(
      `slo:sli_good:increase5m${ODD_MATCHERS}`,
    );
    expect(recordedSloCountQuery(ODD, 'valid', '12h')).toBe(
      `slo:sli_valid:increase12h${ODD_MATCHERS}`,
    );
    expect(recordedSloCountQuery(ODD, 'valid', '28d')).toBe(
      `sum_over_time(slo:sli_valid:increase1h${ODD_MATCHERS}[2419199s:1h])`,
    );
  });

  it('reads the coverage of a summed window as a share of its hours, at most 1', () => {
    expect(recordedSloCoverageQuery(ODD, '28d')).toBe(
      `clamp_max(count_over_time(slo:sli_valid:increase1h${ODD_MATCHERS}[2419199s:1h]) / 672, 1)`,
    );
    expect(recordedSloCoverageQuery(ODD, '7d')).toBe(
      `clamp_max(count_over_time(slo:sli_valid:increase1h${ODD_MATCHERS}[604799s:1h]) / 168, 1)`,
    );
    expect(recordedSloCoverageQuery(ODD, '1d')).toBeUndefined();
    expect(recordedSloCoverageQuery(ODD, '12h')).toBeUndefined();
  });
});
