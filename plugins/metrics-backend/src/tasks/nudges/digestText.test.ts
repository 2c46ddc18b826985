import { digestPeriods } from './digestMetrics';
import {
  DigestInput,
  MAX_METRIC_LINES,
  buildDigestText,
  formatCount,
  formatCountChange,
  formatRatio,
  formatRatioChange,
} from './digestText';

const TEAM = 'group:default/payments';

function input(overrides: Partial<DigestInput> = {}): DigestInput {
  return {
    team: { entityRef: TEAM, title: 'Payments' },
    week: '2025-03-10',
    periods: digestPeriods('2025-03-10'),
    metrics: [],
    metricsWithoutData: 0,
    goalsDueSoon: [],
    goalsAwaitingFollowUp: [],
    ...overrides,
  };
}

describe('formatting', () => {
  it('formats ratios as percentages with two decimals', () => {
    expect(formatRatio(0.99523)).toBe('99.52%');
    expect(formatRatio(1)).toBe('100.00%');
    expect(formatRatio(0)).toBe('0.00%');
  });

  it('formats ratio changes in percentage points with a sign', () => {
    expect(formatRatioChange(0.9952, 0.9921)).toBe('+0.31 pp');
    expect(formatRatioChange(0.981, 0.993)).toBe('-1.20 pp');
    // Below the shown precision is no change, not "+0.00 pp".
    expect(formatRatioChange(0.99901, 0.999)).toBe('no change');
    expect(formatRatioChange(0.5, 0.5)).toBe('no change');
  });

  it('formats counts with separators and their relative change with a sign', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(12.345)).toBe('12.35');
    expect(formatCountChange(1234, 1120)).toBe('+10.2%');
    expect(formatCountChange(97, 100)).toBe('-3.0%');
    expect(formatCountChange(100, 100)).toBe('no change');
  });

  it('says "from zero" rather than an infinite percentage', () => {
    expect(formatCountChange(12, 0)).toBe('+12 from zero');
    expect(formatCountChange(0, 0)).toBe('no change');
  });
});

describe('buildDigestText', () => {
  it('lists each metric with its value, signed change and last week, then goals and maturity', () => {
    const text = buildDigestText(
      input({
        metrics: [
          {
            entityRef: 'component:default/checkout',
            metricId: 'slo:availability',
            name: 'availability',
            unit: 'ratio',
            current: 0.9952,
            previous: 0.9921,
          },
          {
            entityRef: 'component:shop/web',
            metricId: 'kpi:signups',
            name: 'signups',
            unit: 'count',
            current: 1234,
            previous: 1120,
          },
        ],
        metricsWithoutData: 2,
        goalsAwaitingFollowUp: [
          {
            metricName: 'signups',
            entityRef: 'component:shop/web',
            unit: 'count',
            baseline: 1000,
            target: 1500,
            dueDate: '2025-03-07',
          },
        ],
        goalsDueSoon: [
          {
            metricName: 'availability',
            entityRef: 'component:default/checkout',
            unit: 'ratio',
            baseline: 0.9921,
            target: 0.999,
            dueDate: '2025-03-14',
          },
        ],
        maturity: {
          stage: 3,
          stageName: 'project follow-up',
          previousStage: 2,
          nextStep: 'Review the metrics in 3 of the last 4 weeks.',
        },
      }),
    );
    expect(text.title).toBe(
      'Weekly metrics digest: Payments, week of 2025-03-10',
    );
    expect(text.description).toBe(
      [
        'Metrics, 2025-03-03 to 2025-03-09 against the 7 days before:',
        '- availability (checkout): 99.52% (+0.31 pp, was 99.21%)',
        '- signups (shop/web): 1,234 (+10.2%, was 1,120)',
        '2 metrics without data in one of the two weeks left out.',
        '',
        'Goals waiting for a follow-up:',
        '- signups (shop/web): 1,000 → 1,500, due 2025-03-07',
        'Goals due in the next 7 days:',
        '- availability (checkout): 99.21% → 99.90%, by 2025-03-14',
        '',
        'Maturity: stage 3 of 6, project follow-up, up from stage 2 last week.',
        'Next step: Review the metrics in 3 of the last 4 weeks.',
      ].join('\n'),
    );
  });

  it('says plainly when the team has no metrics, no goals and no known previous stage', () => {
    const text = buildDigestText(
      input({
        team: { entityRef: TEAM },
        maturity: { stage: 0, stageName: 'not started' },
      }),
    );
    expect(text.title).toBe(
      'Weekly metrics digest: payments, week of 2025-03-10',
    );
    expect(text.description).toBe(
      [
        "No metrics are defined for the team's services yet.",
        '',
        'No goals due in the next 7 days and none waiting for a follow-up.',
        '',
        'Maturity: stage 0 of 6, not started.',
      ].join('\n'),
    );
  });

  it('tells metrics without history apart from no metrics at all', () => {
    const text = buildDigestText(input({ metricsWithoutData: 1 }));
    expect(text.description).toContain(
      "None of the team's 1 metric has stored data in both of the last two weeks yet.",
    );
    expect(text.description).not.toContain('Maturity');
  });

  it('reports a stage drop and an unchanged stage', () => {
    const down = buildDigestText(
      input({
        maturity: {
          stage: 3,
          stageName: 'project follow-up',
          previousStage: 4,
        },
      }),
    );
    expect(down.description).toContain(
      'Maturity: stage 3 of 6, project follow-up, down from stage 4 last week.',
    );
    const same = buildDigestText(
      input({
        maturity: { stage: 6, stageName: 'regularly acting', previousStage: 6 },
      }),
    );
    expect(same.description).toContain(
      'Maturity: stage 6 of 6, regularly acting, same as last week.',
    );
    expect(same.description).not.toContain('Next step');
  });

  it('caps the metric lines and points to the Metrics tab for the rest', () => {
    const metrics = Array.from({ length: MAX_METRIC_LINES + 3 }, (_, i) => ({
      entityRef: `component:default/s${String(i).padStart(2, '0')}`,
      metricId: 'slo:availability',
      name: 'availability',
      unit: 'ratio' as const,
      current: 0.99,
      previous: 0.99,
    }));
    const lines = buildDigestText(input({ metrics })).description.split('\n');
    expect(lines.filter(l => l.startsWith('- availability'))).toHaveLength(
      MAX_METRIC_LINES,
    );
    expect(lines).toContain('- and 3 more on the Metrics tab');
  });
});

describe('buildDigestText: the north star', () => {
  const earlierPeriod = { fromDay: '2025-02-17', toDay: '2025-02-23' };
  const northStar = {
    name: 'signups',
    entityRef: 'component:default/web',
    unit: 'count' as const,
    current: 1234,
    earlier: 1000,
    earlierPeriod,
  };
  const first = (text: { description: string }) =>
    text.description.split('\n\n')[0];

  it('leads the digest with this week against two weeks earlier and its goal', () => {
    const text = buildDigestText(
      input({
        northStar: {
          ...northStar,
          goal: {
            metricName: 'signups',
            entityRef: 'component:default/web',
            unit: 'count',
            baseline: 1000,
            target: 1500,
            dueDate: '2025-04-01',
          },
        },
      }),
    );
    expect(first(text)).toBe(
      [
        'North star: signups (web): 1,234 from 2025-03-03 to 2025-03-09 (+23.4% on two weeks earlier, 1,000 from 2025-02-17 to 2025-02-23).',
        'Its goal: 1,000 → 1,500 by 2025-04-01.',
      ].join('\n'),
    );
    // The metrics follow.
    expect(text.description.split('\n\n')[1]).toMatch(/^No metrics/);
  });

  it('says which week has no complete data, and when there is no goal', () => {
    expect(
      first(
        buildDigestText(input({ northStar: { ...northStar, earlier: null } })),
      ),
    ).toBe(
      [
        'North star: signups (web): 1,234 from 2025-03-03 to 2025-03-09; no complete data two weeks earlier (2025-02-17 to 2025-02-23).',
        'It has no open goal.',
      ].join('\n'),
    );
    expect(
      first(
        buildDigestText(input({ northStar: { ...northStar, current: null } })),
      ),
    ).toMatch(
      /^North star: signups \(web\): no complete data from 2025-03-03 to 2025-03-09\./,
    );
  });

  it('has no north-star section without one', () => {
    expect(buildDigestText(input()).description).not.toContain('North star');
  });
});
