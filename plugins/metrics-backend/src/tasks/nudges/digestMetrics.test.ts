import type { OwnedMetric } from '@metrics-suite/backstage-plugin-metrics-common';
import type { SnapshotRow } from '../../database/SnapshotStore';
import {
  compareMetrics,
  compareNorthStar,
  digestPeriods,
  twoWeeksEarlier,
} from './digestMetrics';

const API = 'component:default/checkout-api';
const WEB = 'component:default/web';
const TODAY = '2025-03-10';
const periods = digestPeriods(TODAY);
const ALL_DAYS = Array.from({ length: 14 }, (_, i) =>
  new Date(Date.UTC(2025, 1, 24 + i)).toISOString().slice(0, 10),
);

function metric(
  entityRef: string,
  id: string,
  kind: OwnedMetric['kind'],
): OwnedMetric {
  return {
    entityRef,
    id,
    kind,
    name: id.split(':')[1],
    bucket: kind === 'kpi' ? 'usage' : 'health',
    source: 'prometheus',
    origin: 'declared',
    hasTarget: true,
    hasAlert: false,
    gaps: [],
  };
}

function row(
  entityRef: string,
  metricId: string,
  day: string,
  numerator: number,
  denominator: number | null,
): SnapshotRow {
  return { entityRef, metricId, day, numerator, denominator, source: 'test' };
}

describe('digestPeriods', () => {
  it('compares the 7 days up to yesterday with the 7 days before them', () => {
    expect(periods).toEqual({
      current: { fromDay: '2025-03-03', toDay: '2025-03-09' },
      previous: { fromDay: '2025-02-24', toDay: '2025-03-02' },
    });
    expect(ALL_DAYS[0]).toBe('2025-02-24');
    expect(ALL_DAYS[13]).toBe('2025-03-09');
  });
});

describe('compareMetrics', () => {
  it('divides summed numerators by summed denominators, never averages ratios', () => {
    const rows = [
      // Current week: a quiet bad day and a busy good day → 1090/1100, not (0.5 + 1) / 2.
      row(API, 'slo:availability', '2025-03-03', 90, 100),
      row(API, 'slo:availability', '2025-03-09', 1000, 1000),
      row(API, 'slo:availability', '2025-02-24', 990, 1000),
      // Outside both periods: today's partial day and older history.
      row(API, 'slo:availability', TODAY, 0, 1000),
      row(API, 'slo:availability', '2025-02-23', 0, 1000),
    ];
    const { compared, withoutData } = compareMetrics(
      [metric(API, 'slo:availability', 'slo')],
      rows,
      periods,
      ALL_DAYS,
    );
    expect(withoutData).toBe(0);
    expect(compared).toEqual([
      {
        entityRef: API,
        metricId: 'slo:availability',
        name: 'availability',
        unit: 'ratio',
        current: 1090 / 1100,
        previous: 0.99,
      },
    ]);
  });

  it('sums counts and skips, counting them, metrics without data in either week', () => {
    const rows = [
      row(WEB, 'kpi:signups', '2025-03-04', 700, null),
      row(WEB, 'kpi:signups', '2025-03-05', 534, null),
      row(WEB, 'kpi:signups', '2025-02-25', 1120, null),
      // Only this week: new metric.
      row(WEB, 'kpi:orders', '2025-03-04', 5, null),
      // Ratio without any event last week: no data, not 100%.
      row(API, 'integration:stripe', '2025-03-04', 10, 10),
      row(API, 'integration:stripe', '2025-02-25', 0, 0),
    ];
    const { compared, withoutData } = compareMetrics(
      [
        metric(WEB, 'kpi:signups', 'kpi'),
        metric(WEB, 'kpi:orders', 'kpi'),
        metric(API, 'integration:stripe', 'integration'),
        metric(API, 'slo:latency', 'slo'),
      ],
      rows,
      periods,
      ALL_DAYS,
    );
    expect(compared).toEqual([
      expect.objectContaining({
        metricId: 'kpi:signups',
        unit: 'count',
        current: 1234,
        previous: 1120,
      }),
    ]);
    expect(withoutData).toBe(3);
  });

  it('leaves counts out when a week was not fully collected, but keeps ratios', () => {
    const rows = [
      row(WEB, 'kpi:signups', '2025-03-04', 700, null),
      row(WEB, 'kpi:signups', '2025-02-25', 1120, null),
      row(API, 'slo:availability', '2025-03-04', 999, 1000),
      row(API, 'slo:availability', '2025-02-25', 998, 1000),
    ];
    const { compared, withoutData } = compareMetrics(
      [
        metric(WEB, 'kpi:signups', 'kpi'),
        metric(API, 'slo:availability', 'slo'),
      ],
      rows,
      periods,
      ALL_DAYS.filter(day => day !== '2025-03-06'),
    );
    expect(compared.map(m => m.metricId)).toEqual(['slo:availability']);
    expect(withoutData).toBe(1);
  });

  it('counts a metric listed twice once', () => {
    const rows = [
      row(API, 'slo:availability', '2025-03-04', 999, 1000),
      row(API, 'slo:availability', '2025-02-25', 998, 1000),
    ];
    const owned = metric(API, 'slo:availability', 'slo');
    const { compared } = compareMetrics(
      [owned, owned],
      rows,
      periods,
      ALL_DAYS,
    );
    expect(compared).toHaveLength(1);
  });
});

describe('compareNorthStar', () => {
  const earlier = twoWeeksEarlier(TODAY);
  const days = (from: string) =>
    Array.from({ length: 7 }, (_, i) =>
      new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000)
        .toISOString()
        .slice(0, 10),
    );
  const signups = metric(WEB, 'kpi:signups', 'kpi');

  it('compares the last 7 days with the 7 days two weeks before them', () => {
    expect(earlier).toEqual({ fromDay: '2025-02-17', toDay: '2025-02-23' });
    const rows = [
      ...days('2025-03-03').map(day => row(WEB, 'kpi:signups', day, 10, null)),
      ...days('2025-02-17').map(day => row(WEB, 'kpi:signups', day, 5, null)),
      // Last week and other metrics do not count.
      row(WEB, 'kpi:signups', '2025-02-24', 999, null),
      row(WEB, 'kpi:orders', '2025-03-03', 999, null),
    ];
    const collected = [...days('2025-02-17'), ...ALL_DAYS];
    expect(
      compareNorthStar(
        signups,
        rows,
        { current: periods.current, earlier },
        collected,
      ),
    ).toEqual({ current: 70, earlier: 35 });
  });

  it('has no value for a week the collector did not complete', () => {
    const rows = days('2025-02-17').map(day =>
      row(WEB, 'kpi:signups', day, 5, null),
    );
    expect(
      compareNorthStar(
        signups,
        rows,
        { current: periods.current, earlier },
        ALL_DAYS,
      ),
    ).toEqual({ current: null, earlier: null });
  });
});
