import type { ViewRequest } from '../http/parseViewRequest';
import {
  multiWindowWithPrevious,
  previousPeriodOf,
  previousRangeOf,
  shiftedBack,
  splitPeriods,
  sumsByPeriod,
  withPreviousPeriod,
} from './previousPeriod';

const END = 1735689600; // 2025-01-01T00:00:00Z
const request: ViewRequest = {
  entityRef: { kind: 'component', namespace: 'default', name: 'a' },
  range: '1d',
  end: END,
  start: END - 86400,
  compare: 'previous',
};
const Q = 'sum(increase(x_total{service="a"}[1d]))';

describe('previous period', () => {
  it('is the range of the same length just before, without compare', () => {
    expect(previousPeriodOf(request)).toEqual({
      entityRef: request.entityRef,
      range: '1d',
      end: END - 86400,
      start: END - 2 * 86400,
    });
    expect(previousRangeOf(request)).toEqual({
      window: '1d',
      start: '2024-12-30T00:00:00.000Z',
      end: '2024-12-31T00:00:00.000Z',
    });
    const { compare: _, ...plain } = request;
    expect(previousRangeOf(plain)).toBeUndefined();
  });

  it('shifts any expression back with a one-point subquery', () => {
    expect(shiftedBack(`${Q} or vector(0)`, 86400)).toBe(
      `last_over_time((${Q} or vector(0))[1s:1s] offset 86400s)`,
    );
  });

  it('asks both periods in one query, tagged, or the query itself without compare', () => {
    expect(withPreviousPeriod(Q, undefined)).toBe(Q);
    expect(withPreviousPeriod(Q, 3600)).toBe(
      `label_replace(${Q}, "metrics_window", "current", "", "") or ` +
        `label_replace(last_over_time((${Q})[1s:1s] offset 3600s), "metrics_window", "previous", "", "")`,
    );
  });

  it('adds the previous period of one window to a multi-window query', () => {
    const t = 'sum(increase(x_total[{{window}}]))';
    expect(multiWindowWithPrevious(t, ['28d', '1h'], '28d', undefined)).toBe(
      'label_replace(sum(increase(x_total[28d])), "metrics_window", "28d", "", "") or ' +
        'label_replace(sum(increase(x_total[1h])), "metrics_window", "1h", "", "")',
    );
    expect(multiWindowWithPrevious(t, ['28d', '1h'], '28d', 86400)).toBe(
      'label_replace(sum(increase(x_total[28d])), "metrics_window", "28d", "", "") or ' +
        'label_replace(sum(increase(x_total[1h])), "metrics_window", "1h", "", "") or ' +
        'label_replace(last_over_time((sum(increase(x_total[28d])))[1s:1s] offset 86400s), "metrics_window", "previous", "", "")',
    );
  });

  it('splits an answer by period and drops the tag', () => {
    const samples = [
      { labels: { caller: 'a', metrics_window: 'current' }, value: 3, t: END },
      { labels: { caller: 'a', metrics_window: 'previous' }, value: 2, t: END },
      { labels: { caller: 'b', metrics_window: 'previous' }, value: 1, t: END },
    ];
    expect(splitPeriods(samples, true)).toEqual({
      current: [{ labels: { caller: 'a' }, value: 3, t: END }],
      previous: [
        { labels: { caller: 'a' }, value: 2, t: END },
        { labels: { caller: 'b' }, value: 1, t: END },
      ],
    });
    expect(splitPeriods(samples, false)).toEqual({ current: samples });
  });

  it('sums each period, undefined for a period without samples', () => {
    const result = {
      resultType: 'vector' as const,
      series: [
        { labels: { metrics_window: 'current' }, value: 5, t: END },
        { labels: { metrics_window: 'current' }, value: NaN, t: END },
        { labels: { metrics_window: 'current' }, value: 2, t: END },
      ],
      warnings: [],
      infos: [],
    };
    expect(sumsByPeriod(result, 'x', 86400)).toEqual({
      current: 7,
      previous: undefined,
    });
    expect(sumsByPeriod(result, 'x', undefined)).toEqual({ current: 7 });
    expect(() =>
      sumsByPeriod({ resultType: 'string', value: 'a' } as any, 'x', 86400),
    ).toThrow(/not an instant vector/);
  });
});
