import type { AmplitudeSegmentationResult } from './AmplitudeClient';
import {
  describeCountedRange,
  planAmplitudeRange,
  sumCountedBuckets,
} from './rangePlan';
import { instantOf, parseXValue, wallClock } from './zonedTime';

const at = (iso: string) => new Date(iso);
const ms = (iso: string) => Date.parse(iso);

function hours(firstIso: string, count: number): string[] {
  // Amplitude's hourly xValues: project-local `YYYY-MM-DDTHH:mm:ss` (UTC project here).
  return Array.from({ length: count }, (_, i) =>
    new Date(ms(firstIso) + i * 3_600_000).toISOString().slice(0, 19),
  );
}

describe('planAmplitudeRange', () => {
  it('reads a day that starts on the hour as exactly its 24 hourly buckets', () => {
    const plan = planAmplitudeRange(
      { start: at('2024-12-31T10:00:00Z'), end: at('2025-01-01T10:00:00Z') },
      'UTC',
    );
    expect(plan).toMatchObject({
      granularity: 'hour',
      interval: -3600000,
      counted: {
        start: ms('2024-12-31T10:00:00Z'),
        end: ms('2025-01-01T10:00:00Z'),
      },
      exact: true,
    });
    // The client turns these into the project-local days 20241231 and 20250101.
    expect(plan.start.toISOString()).toBe('2024-12-31T10:00:00.000Z');
    expect(plan.end.toISOString()).toBe('2025-01-01T09:59:59.999Z');
    expect(describeCountedRange(plan, 'web')).toBeUndefined();
  });

  it('counts the hours a range covers at least half of, and says so', () => {
    const plan = planAmplitudeRange(
      { start: at('2024-12-31T10:20:00Z'), end: at('2024-12-31T11:20:00Z') },
      'UTC',
    );
    // 10:00–11:00 is 40 minutes inside the range, 11:00–12:00 only 20.
    expect(plan.counted).toEqual({
      start: ms('2024-12-31T10:00:00Z'),
      end: ms('2024-12-31T11:00:00Z'),
    });
    expect(plan.exact).toBe(false);
    expect(describeCountedRange(plan, 'web')).toBe(
      'Amplitude project "web" counts whole hours in its time zone (UTC): counted 2024-12-31 10:00 – 2024-12-31 11:00 for 2024-12-31 10:20 – 2024-12-31 11:20',
    );
  });

  it('starts hours at half past in a zone half an hour off UTC', () => {
    const plan = planAmplitudeRange(
      { start: at('2025-01-01T00:00:00Z'), end: at('2025-01-02T00:00:00Z') },
      'Asia/Kolkata',
    );
    // Local 05:30 → 05:30 next day; local hours start at :30 UTC, so both ends move.
    expect(plan.counted).toEqual({
      start: ms('2024-12-31T23:30:00Z'),
      end: ms('2025-01-01T23:30:00Z'),
    });
    expect(plan.exact).toBe(false);
  });

  it('reads longer ranges by whole days of the project’s time zone', () => {
    const utc = planAmplitudeRange(
      { start: at('2024-12-25T00:00:00Z'), end: at('2025-01-01T00:00:00Z') },
      'UTC',
    );
    expect(utc).toMatchObject({ granularity: 'day', interval: 1, exact: true });

    const berlin = planAmplitudeRange(
      { start: at('2024-12-25T00:00:00Z'), end: at('2025-01-01T00:00:00Z') },
      'Europe/Berlin',
    );
    // Berlin days start at 23:00 UTC in winter: 25 Dec is 23 h in range, 1 Jan only 1 h.
    expect(berlin.counted).toEqual({
      start: ms('2024-12-24T23:00:00Z'),
      end: ms('2024-12-31T23:00:00Z'),
    });
    expect(describeCountedRange(berlin, 'web')).toBe(
      'Amplitude project "web" counts whole days in its time zone (Europe/Berlin): counted 2024-12-25 to 2024-12-31 for 2024-12-25 01:00 – 2025-01-01 01:00',
    );
  });

  it('knows that a day of a DST change is 23 or 25 hours long', () => {
    const plan = planAmplitudeRange(
      // 29 Mar–31 Mar 2025 in Berlin, local midnights; clocks go forward on 30 Mar.
      { start: at('2025-03-28T23:00:00Z'), end: at('2025-03-30T22:00:00Z') },
      'Europe/Berlin',
      { granularity: 'day' },
    );
    expect(plan.counted).toEqual({
      start: ms('2025-03-28T23:00:00Z'),
      end: ms('2025-03-30T22:00:00Z'),
    });
    expect(plan.exact).toBe(true);
  });

  it('counts the bucket holding most of a range shorter than half a bucket', () => {
    const plan = planAmplitudeRange(
      { start: at('2025-01-01T22:00:00Z'), end: at('2025-01-01T23:00:00Z') },
      'UTC',
      { granularity: 'day' },
    );
    expect(plan.counted).toEqual({
      start: ms('2025-01-01T00:00:00Z'),
      end: ms('2025-01-02T00:00:00Z'),
    });
    expect(describeCountedRange(plan, 'web')).toBe(
      'Amplitude project "web" counts whole days in its time zone (UTC): counted 2025-01-01 for 2025-01-01 22:00 – 2025-01-01 23:00',
    );
  });
});

describe('sumCountedBuckets', () => {
  it('sums only the hourly buckets inside the counted range, per series', () => {
    const plan = planAmplitudeRange(
      { start: at('2024-12-31T10:00:00Z'), end: at('2025-01-01T10:00:00Z') },
      'UTC',
    );
    // Amplitude answers whole days: 48 hours of 31 Dec and 1 Jan.
    const xValues = hours('2024-12-31T00:00:00Z', 48);
    const result: AmplitudeSegmentationResult = {
      series: [xValues.map(() => 1), xValues.map((_, i) => i)],
      seriesLabels: ['a', 'b'],
      xValues,
    };
    const counted = sumCountedBuckets(result, plan);
    // Hours 10..33 of the 48: 24 buckets.
    const b = Array.from({ length: 24 }, (_, i) => i + 10).reduce(
      (x, y) => x + y,
      0,
    );
    expect(counted).toEqual({
      perSeries: [24, b],
      total: 24 + b,
      unreadable: [],
    });
  });

  it('reads daily dates and hours written with a space, in the project’s zone', () => {
    const plan = planAmplitudeRange(
      { start: at('2024-12-25T00:00:00Z'), end: at('2025-01-01T00:00:00Z') },
      'Europe/Berlin',
    );
    const days = {
      series: [[1, 2, 3, 4, 5, 6, 7, 8, 100]],
      seriesLabels: ['0'],
      xValues: [
        '2024-12-24',
        '2024-12-25',
        '2024-12-26',
        '2024-12-27',
        '2024-12-28',
        '2024-12-29',
        '2024-12-30',
        '2024-12-31',
        '2025-01-01',
      ],
    };
    // 25–31 Dec Berlin: 2 + … + 8.
    expect(sumCountedBuckets(days, plan).total).toBe(35);

    const hourly = planAmplitudeRange(
      { start: at('2025-01-01T09:00:00Z'), end: at('2025-01-01T10:00:00Z') },
      'Europe/Berlin',
    );
    expect(
      sumCountedBuckets(
        {
          series: [[5, 7, 11]],
          seriesLabels: [],
          // 09:00 UTC is 10:00 in Berlin.
          xValues: [
            '2025-01-01 09:00:00',
            '2025-01-01 10:00:00',
            '2025-01-01 11:00:00',
          ],
        },
        hourly,
      ).total,
    ).toBe(7);
  });

  it('sums every bucket and reports the dates it cannot read', () => {
    const plan = planAmplitudeRange(
      { start: at('2024-12-31T10:00:00Z'), end: at('2025-01-01T10:00:00Z') },
      'UTC',
    );
    const counted = sumCountedBuckets(
      { series: [[1, 2]], seriesLabels: [], xValues: ['yesterday', 'today'] },
      plan,
    );
    expect(counted).toEqual({
      perSeries: [3],
      total: 3,
      unreadable: ['yesterday', 'today'],
    });
    expect(describeCountedRange(plan, 'web', counted.unreadable)).toBe(
      'Amplitude project "web" returned bucket dates that cannot be read ("yesterday", "today"); every bucket it returned is counted, which may exceed the range',
    );
  });
});

describe('zoned time', () => {
  it('reads xValues as dates or dates with hours', () => {
    expect(parseXValue('2025-01-07')).toEqual({
      year: 2025,
      month: 1,
      day: 7,
      hour: 0,
      minute: 0,
    });
    expect(parseXValue('2025-01-07T05:00:00')).toMatchObject({ hour: 5 });
    expect(parseXValue('2025-01-07 05:30')).toMatchObject({
      hour: 5,
      minute: 30,
    });
    expect(parseXValue('2025-13-07')).toBeUndefined();
    expect(parseXValue('07/01/2025')).toBeUndefined();
  });

  it('finds the instant of a wall-clock time across DST changes', () => {
    const wall = (iso: string) => {
      const [d, t] = iso.split('T');
      const [year, month, day] = d.split('-').map(Number);
      const [hour, minute] = t.split(':').map(Number);
      return { year, month, day, hour, minute };
    };
    const berlin = 'Europe/Berlin';
    expect(instantOf(wall('2025-01-01T00:00'), berlin)).toBe(
      ms('2024-12-31T23:00:00Z'),
    );
    expect(instantOf(wall('2025-07-01T00:00'), berlin)).toBe(
      ms('2025-06-30T22:00:00Z'),
    );
    // 26 Oct 2025: 02:30 happens twice; the first is still summer time.
    expect(instantOf(wall('2025-10-26T02:30'), berlin)).toBe(
      ms('2025-10-26T00:30:00Z'),
    );
    // 30 Mar 2025: 02:30 does not exist; read with winter time it is 03:30 summer time.
    expect(instantOf(wall('2025-03-30T02:30'), berlin)).toBe(
      ms('2025-03-30T01:30:00Z'),
    );
    expect(wallClock(ms('2025-03-30T01:30:00Z'), berlin)).toEqual(
      wall('2025-03-30T03:30'),
    );
  });
});
