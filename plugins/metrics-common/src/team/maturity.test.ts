import { addDays } from './dates';
import {
  MaturityEvidenceInput,
  MaturityGoalInput,
  MaturityReviewInput,
  MaturityViewInput,
  collectMaturityEvidence,
  evaluateMaturity,
  maturityEvidenceWindow,
} from './maturity';
import { DEFAULT_MATURITY_THRESHOLDS } from './thresholds';
import type { MaturityThresholds } from './types';

// Wednesday; its week starts on Monday 2026-11-23.
const NOW = new Date('2026-11-25T12:00:00Z');
const T = DEFAULT_MATURITY_THRESHOLDS;
const METRIC = {
  entityRef: 'component:default/checkout-api',
  metricId: 'slo:availability',
};

function view(
  day: string,
  action: 'view' | 'explore' = 'view',
): MaturityViewInput {
  return {
    targetRef: 'group:default/checkout-squad',
    action,
    day,
    at: `${day}T09:30:00.000Z`,
  };
}

function goal(
  id: string,
  dueDate: string,
  followUpDay?: string,
  met = true,
): MaturityGoalInput {
  return {
    id,
    metricName: `Goal ${id}`,
    baseline: 0.99,
    target: 0.995,
    dueDate,
    ...(followUpDay
      ? { followUp: { met, createdAt: `${followUpDay}T10:00:00.000Z` } }
      : {}),
  };
}

function review(
  week: string,
  decision: 'act' | 'no-action' = 'no-action',
  linked = decision === 'act',
): MaturityReviewInput {
  return { week, decision, ...(linked ? { linkedMetric: METRIC } : {}) };
}

function input(
  parts: Partial<MaturityEvidenceInput> = {},
): MaturityEvidenceInput {
  return { views: [], goals: [], reviews: [], definitionChanges: [], ...parts };
}

function assess(
  parts: Partial<MaturityEvidenceInput>,
  thresholds: MaturityThresholds = T,
  now: Date = NOW,
) {
  const evidence = collectMaturityEvidence(input(parts), thresholds, now);
  return { evidence, ...evaluateMaturity(evidence, thresholds) };
}

// Rows that meet stages 1–3 with the default thresholds.
const STAGE_3 = {
  views: [view('2026-11-24')],
  goals: [goal('g1', '2026-11-10', '2026-11-12')],
};
// Plus three looked weeks (reviews).
const STAGE_4 = {
  ...STAGE_3,
  reviews: [review('2026-11-23'), review('2026-11-16'), review('2026-11-09')],
};
const STAGE_5 = {
  ...STAGE_4,
  definitionChanges: [{ seenAt: '2026-10-01T08:00:00.000Z' }],
};

describe('maturityEvidenceWindow', () => {
  it('spans the lookbacks including today and the weeks including the current one', () => {
    expect(maturityEvidenceWindow(T, NOW)).toEqual({
      today: '2026-11-25',
      currentWeek: '2026-11-23',
      exploreSinceDay: '2026-08-28',
      lookingSinceWeek: '2026-11-02',
      actingSinceWeek: '2026-10-05',
      adjustSinceDay: '2026-08-28',
      viewsSinceDay: '2026-08-28',
      reviewsSinceWeek: '2026-10-05',
    });
  });

  it('reaches back to the oldest looking week when it is older than the exploration lookback', () => {
    const window = maturityEvidenceWindow(
      { ...T, exploration: { minViews: 1, lookbackDays: 7 } },
      NOW,
    );
    expect(window.exploreSinceDay).toBe('2026-11-19');
    expect(window.viewsSinceDay).toBe('2026-11-02');
  });
});

describe('collectMaturityEvidence', () => {
  it('lists the considered weeks newest first, empty without rows', () => {
    const evidence = collectMaturityEvidence(input(), T, NOW);
    expect(evidence.weeks).toEqual([
      { week: '2026-11-23', reviewed: false, viewDays: 0, looked: false },
      { week: '2026-11-16', reviewed: false, viewDays: 0, looked: false },
      { week: '2026-11-09', reviewed: false, viewDays: 0, looked: false },
      { week: '2026-11-02', reviewed: false, viewDays: 0, looked: false },
    ]);
    expect(evidence).toMatchObject({
      views: { count: 0 },
      goals: { count: 0, open: 0, due: 0 },
      followUps: { count: 0, met: 0, missed: 0 },
      definitionChanges: { count: 0 },
      decisions: { reviews: 0, actedWithMetric: 0 },
    });
    expect(evidence.views.lastAt).toBeUndefined();
  });

  it('counts views within the exploration lookback only', () => {
    const evidence = collectMaturityEvidence(
      input({
        views: [
          view('2026-08-27'), // 91 days ago
          view('2026-08-28', 'explore'), // 90 days ago, today included
          view('2026-11-25'),
          view('2026-11-26'), // tomorrow: a clock skew, not evidence
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.views).toEqual({
      count: 2,
      lastAt: '2026-11-25T09:30:00.000Z',
    });
  });

  it('counts distinct view days per week and marks reviewed weeks', () => {
    const evidence = collectMaturityEvidence(
      input({
        views: [
          view('2026-11-23'),
          view('2026-11-23', 'explore'), // same day again
          view('2026-11-17'),
          view('2026-11-22'), // Sunday of the week of 16 Nov
          view('2026-11-10'),
        ],
        reviews: [review('2026-11-09')],
      }),
      T,
      NOW,
    );
    expect(evidence.weeks).toEqual([
      { week: '2026-11-23', reviewed: false, viewDays: 1, looked: false },
      { week: '2026-11-16', reviewed: false, viewDays: 2, looked: true },
      { week: '2026-11-09', reviewed: true, viewDays: 1, looked: true },
      { week: '2026-11-02', reviewed: false, viewDays: 0, looked: false },
    ]);
  });

  it('buckets weeks across a year boundary', () => {
    const evidence = collectMaturityEvidence(
      input({
        views: [view('2026-12-28'), view('2027-01-01'), view('2026-12-27')],
        reviews: [review('2026-12-14')],
      }),
      T,
      new Date('2027-01-01T18:00:00Z'),
    );
    expect(evidence.weeks.map(w => [w.week, w.viewDays, w.looked])).toEqual([
      ['2026-12-28', 2, true],
      ['2026-12-21', 1, false],
      ['2026-12-14', 0, true],
      ['2026-12-07', 0, false],
    ]);
  });

  it('starts a new week at Monday 00:00 UTC', () => {
    const evidence = collectMaturityEvidence(
      input({
        views: [
          { ...view('2026-11-22'), at: '2026-11-22T23:59:59.000Z' },
          { ...view('2026-11-23'), at: '2026-11-23T00:00:00.000Z' },
        ],
      }),
      T,
      new Date('2026-11-23T00:00:00Z'),
    );
    expect(evidence.weeks[0]).toMatchObject({
      week: '2026-11-23',
      viewDays: 1,
    });
    expect(evidence.weeks[1]).toMatchObject({
      week: '2026-11-16',
      viewDays: 1,
    });
  });

  it('splits goals into open and due, and names the oldest due and the next open one', () => {
    const evidence = collectMaturityEvidence(
      input({
        goals: [
          goal('late', '2026-11-20'),
          goal('today', '2026-11-25'), // due on its due date
          goal('later', '2026-12-20'),
          goal('soon', '2026-12-01'),
          goal('done', '2026-11-01', '2026-11-02', false),
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.goals).toEqual({
      count: 5,
      open: 2,
      due: 2,
      oldestDue: {
        goalId: 'late',
        metricName: 'Goal late',
        dueDate: '2026-11-20',
      },
      nextOpen: {
        goalId: 'soon',
        metricName: 'Goal soon',
        dueDate: '2026-12-01',
      },
    });
    expect(evidence.followUps).toEqual({
      count: 1,
      met: 0,
      missed: 1,
      lastAt: '2026-11-02T10:00:00.000Z',
    });
  });

  it('counts only follow-ups recorded on or after the due date', () => {
    const evidence = collectMaturityEvidence(
      input({
        goals: [
          goal('early', '2026-11-20', '2026-11-19'),
          goal('on-time', '2026-11-20', '2026-11-20'),
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.followUps.count).toBe(1);
  });

  it('counts definition changes within the adjusting lookback', () => {
    const evidence = collectMaturityEvidence(
      input({
        definitionChanges: [
          { seenAt: '2026-08-27T23:59:59.000Z' },
          { seenAt: '2026-08-28T00:00:00.000Z' },
          { seenAt: '2026-11-20T07:00:00.000Z' },
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.definitionChanges).toEqual({
      count: 2,
      lastAt: '2026-11-20T07:00:00.000Z',
    });
  });

  it('counts decisions of the acting window, acted only with a linked metric', () => {
    const evidence = collectMaturityEvidence(
      input({
        reviews: [
          review('2026-11-23', 'act'),
          review('2026-11-16', 'act', false),
          review('2026-10-05', 'act'), // oldest week of the 8
          review('2026-09-28', 'act'), // outside
          review('2026-11-09'),
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.decisions).toEqual({ reviews: 4, actedWithMetric: 2 });
  });
});

describe('acting evidence from error-budget policy steps', () => {
  const answering = (
    week: string,
    decision: 'act' | 'no-action',
    linked: boolean,
  ): MaturityReviewInput => ({
    ...review(week, decision, linked),
    policyStep: { step: 'freeze' },
  });

  it('counts a decision to act on a policy step as acted, with or without a linked metric', () => {
    const evidence = collectMaturityEvidence(
      input({
        reviews: [
          answering('2026-11-23', 'act', false),
          answering('2026-11-16', 'act', true),
          answering('2026-11-09', 'no-action', false), // answered, not acted on
          review('2026-11-02', 'act', false), // neither linked nor answering
          answering('2026-09-28', 'act', false), // outside the acting window
        ],
      }),
      T,
      NOW,
    );
    expect(evidence.decisions).toEqual({
      reviews: 4,
      actedWithMetric: 2,
      answeredPolicySteps: 2,
    });
  });

  it('reaches stage 6 on policy answers alone and says how many there were', () => {
    const result = assess({
      ...STAGE_5,
      reviews: [
        answering('2026-11-23', 'act', false),
        answering('2026-11-16', 'act', false),
        review('2026-11-09'),
        review('2026-11-02'),
      ],
    });
    expect(result.stage).toBe(6);
    expect(result.checks[5].detail).toBe(
      '2 of 4 reviews in the last 8 weeks ended in an action tied to a metric (2 answering an error-budget policy step) (needs 2 and 50%)',
    );
  });
});

describe('evaluateMaturity', () => {
  it('is at stage 0 without evidence and says to look first', () => {
    const result = assess({});
    expect(result.stage).toBe(0);
    expect(result.stageName).toBe('not started');
    expect(result.checks.map(c => [c.stage, c.name, c.met])).toEqual([
      [1, 'one-off queries', false],
      [2, 'project preplanning', false],
      [3, 'project follow-up', false],
      [4, 'regularly looking', false],
      [5, 'regularly adjusting', false],
      [6, 'regularly acting', false],
    ]);
    expect(result.nextStep).toBe(
      "Open the Metrics tab of a service you own and look at last week's numbers",
    );
  });

  it('reaches stage 1 at minViews', () => {
    const thresholds = { ...T, exploration: { minViews: 3, lookbackDays: 90 } };
    const two = assess(
      { views: [view('2026-11-20'), view('2026-11-21')] },
      thresholds,
    );
    expect(two.stage).toBe(0);
    expect(two.checks[0].detail).toBe(
      '2 metric views by team members in the last 90 days (needs 3)',
    );
    expect(two.nextStep).toContain('(2 views of 3 in the last 90 days so far)');

    const three = assess(
      { views: [view('2026-11-20'), view('2026-11-21'), view('2026-11-22')] },
      thresholds,
    );
    expect(three.stage).toBe(1);
    expect(three.stageName).toBe('one-off queries');
    expect(three.nextStep).toMatch(/^Create a goal on one of your metrics/);
    expect(three.nextStep).toContain('the current value becomes its baseline');
  });

  it('reaches stage 2 at minGoals', () => {
    const thresholds = { ...T, preplanning: { minGoals: 2 } };
    const one = assess(
      { views: [view('2026-11-24')], goals: [goal('a', '2026-12-31')] },
      thresholds,
    );
    expect(one.stage).toBe(1);
    expect(one.checks[1].detail).toBe(
      '1 goal with a baseline and a target (needs 2)',
    );
    expect(one.nextStep).toContain('(1 of 2 so far)');

    const two = assess(
      {
        views: [view('2026-11-24')],
        goals: [goal('a', '2026-12-31'), goal('b', '2026-12-31')],
      },
      thresholds,
    );
    expect(two.stage).toBe(2);
  });

  it('points at the due goal, or the next one to come due, for stage 3', () => {
    const due = assess({
      views: [view('2026-11-24')],
      goals: [goal('a', '2026-11-20'), goal('b', '2026-12-31')],
    });
    expect(due.stage).toBe(2);
    expect(due.checks[2].detail).toBe(
      '0 goals followed up after the due date (needs 1); 1 due and waiting',
    );
    expect(due.nextStep).toMatch(
      /^Record the follow-up of goal 'Goal a' \(due 2026-11-20\) on the squad's Metrics tab/,
    );

    const open = assess({
      views: [view('2026-11-24')],
      goals: [goal('b', '2026-12-31')],
    });
    expect(open.nextStep).toBe(
      "Goal 'Goal b' is due on 2026-12-31: on or after that day, record its follow-up on the squad's Metrics tab",
    );

    const followed = assess(STAGE_3);
    expect(followed.stage).toBe(3);
    expect(followed.checks[2].detail).toBe(
      '1 goal followed up after the due date (needs 1)',
    );
  });

  it('asks for another goal when none is left to follow up', () => {
    const result = assess(STAGE_3, { ...T, followUp: { minFollowUps: 2 } });
    expect(result.stage).toBe(2);
    expect(result.nextStep).toContain('(1 of 2 follow-ups so far)');
  });

  it('reaches stage 4 at weeksRequired looked weeks', () => {
    const two = assess({
      ...STAGE_3,
      reviews: [review('2026-11-16'), review('2026-11-09')],
    });
    expect(two.stage).toBe(3);
    expect(two.checks[3].detail).toBe(
      '2 of the last 4 weeks looked at (needs 3)',
    );
    expect(two.nextStep).toBe(
      "Record this week's review on the squad's Metrics tab, or look at the team's metrics on 2 different days this week (2 of the last 4 weeks so far; 3 needed)",
    );

    const thisWeekDone = assess({
      ...STAGE_3,
      reviews: [review('2026-11-23'), review('2026-11-09')],
    });
    expect(thisWeekDone.stage).toBe(3);
    expect(thisWeekDone.nextStep).toMatch(
      /^This week counts already: record next week's review/,
    );

    const viewsOnly = assess({
      ...STAGE_3,
      views: [
        '2026-11-23',
        '2026-11-24',
        '2026-11-16',
        '2026-11-18',
        '2026-11-02',
        '2026-11-06',
      ].map(d => view(d)),
    });
    expect(viewsOnly.stage).toBe(4);
    expect(assess(STAGE_4).stage).toBe(4);
  });

  it('reaches stage 5 at minChanges', () => {
    const none = assess(STAGE_4);
    expect(none.checks[4].detail).toBe(
      "0 changes to the team's metric definitions in the last 90 days (needs 1)",
    );
    expect(none.nextStep).toMatch(
      /^Change or add a metric definition in catalog-info.yaml \(metadata.metrics\)/,
    );
    const five = assess(STAGE_5);
    expect(five.stage).toBe(5);
    expect(five.stageName).toBe('regularly adjusting');
    expect(five.nextStep).toMatch(
      /^End reviews with a decision tied to a metric/,
    );
    expect(five.nextStep).toContain(
      '(0 of 3 reviews in the last 8 weeks so far; 2 and 50% needed)',
    );
  });

  it('reaches stage 6 with enough acted reviews and a large enough share', () => {
    const oneActed = assess({
      ...STAGE_5,
      reviews: [
        review('2026-11-23', 'act'),
        review('2026-11-16'),
        review('2026-11-09'),
      ],
    });
    expect(oneActed.stage).toBe(5);

    const lowShare = assess({
      ...STAGE_5,
      reviews: [
        review('2026-11-23', 'act'),
        review('2026-11-16', 'act'),
        review('2026-11-09'),
        review('2026-11-02'),
        review('2026-10-26'),
      ],
    });
    expect(lowShare.stage).toBe(5);
    expect(lowShare.checks[5].detail).toBe(
      '2 of 5 reviews in the last 8 weeks ended in an action tied to a metric (needs 2 and 50%)',
    );

    const half = assess({
      ...STAGE_5,
      reviews: [
        review('2026-11-23', 'act'),
        review('2026-11-16', 'act'),
        review('2026-11-09'),
        review('2026-11-02'),
      ],
    });
    expect(half.stage).toBe(6);
    expect(half.stageName).toBe('regularly acting');
    expect(half.checks.every(c => c.met)).toBe(true);
    expect(half.nextStep).toBeUndefined();
  });

  it('is cumulative: higher stages met without the first one stay at stage 0', () => {
    const result = assess({
      goals: STAGE_3.goals,
      reviews: [
        review('2026-11-23', 'act'),
        review('2026-11-16', 'act'),
        review('2026-11-09', 'act'),
        review('2026-11-02', 'act'),
      ],
      definitionChanges: [{ seenAt: '2026-11-01T00:00:00.000Z' }],
    });
    expect(result.checks.map(c => c.met)).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
    ]);
    expect(result.stage).toBe(0);
    expect(result.nextStep).toMatch(/^Open the Metrics tab/);
  });

  it('stops at the first gap even when later stages are met', () => {
    const result = assess({
      views: [view('2026-11-24')],
      reviews: STAGE_4.reviews,
      definitionChanges: STAGE_5.definitionChanges,
    });
    expect(result.stage).toBe(1);
    expect(result.checks[3].met).toBe(true);
  });

  it('applies custom thresholds to windows and stages', () => {
    const thresholds: MaturityThresholds = {
      exploration: { minViews: 1, lookbackDays: 7 },
      preplanning: { minGoals: 1 },
      followUp: { minFollowUps: 1 },
      looking: { weeksRequired: 1, weeksConsidered: 2, minViewDaysPerWeek: 1 },
      adjusting: { minChanges: 1, lookbackDays: 30 },
      acting: { weeksConsidered: 2, minActedReviews: 1, minActedShare: 1 },
    };
    const rows = {
      views: [view(addDays('2026-11-25', -7))], // 8 days ago, Wednesday of last week
      goals: STAGE_3.goals,
      definitionChanges: [{ seenAt: '2026-10-26T12:00:00.000Z' }], // 30 days back is 27 Oct
      reviews: [review('2026-11-16', 'act')],
    };
    const result = assess(rows, thresholds);
    expect(result.evidence.views.count).toBe(0);
    expect(result.evidence.weeks).toHaveLength(2);
    expect(result.evidence.weeks[1]).toMatchObject({
      viewDays: 1,
      looked: true,
    });
    expect(result.stage).toBe(0);
    expect(result.checks.map(c => c.met)).toEqual([
      false,
      true,
      true,
      true,
      false,
      true,
    ]);
    expect(result.checks[5].detail).toBe(
      '1 of 1 review in the last 2 weeks ended in an action tied to a metric (needs 1 and 100%)',
    );
  });
});
