import {
  TestDatabaseId,
  TestDatabases,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import {
  MaturityEvidence,
  OwnedMetric,
  TeamMaturity,
  addDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { createMetricsStores } from '../../database/createMetricsStores';
import type { SnapshotRow } from '../../database/SnapshotStore';
import type { NewGoal } from '../../database/TeamRecordStore';
import type { SweepRequest, SweepResult, SweptMetric } from '../../sweeps';
import { WeeklyDigest, WeeklyDigestOptions } from './weeklyDigest';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const TODAY = '2025-03-10'; // a Monday
const NOW = new Date(`${TODAY}T08:00:00Z`);
const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const API = 'component:default/checkout-api';
const WEB = 'component:default/web';
const INDEXER = 'component:default/indexer';

function group(name: string, type: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: { type, children: [] },
  };
}

const catalog = catalogServiceMock({
  entities: [
    group('payments', 'team', 'Payments'),
    group('search', 'squad'),
    group('engineering', 'department'),
  ],
});

function owned(entityRef: string, id: string): OwnedMetric {
  const kind = id.split(':')[0] as OwnedMetric['kind'];
  return {
    entityRef,
    id,
    kind,
    name: id.split(':')[1],
    bucket: kind === 'kpi' ? 'usage' : 'health',
    source: 'prometheus',
    origin: 'declared',
    hasTarget: true,
    hasAlert: true,
    gaps: [],
  };
}

const METRICS: Record<string, OwnedMetric[]> = {
  [PAYMENTS]: [
    owned(API, 'slo:availability'),
    owned(WEB, 'kpi:signups'),
    owned(WEB, 'kpi:orders'),
  ],
  [SEARCH]: [owned(INDEXER, 'slo:availability')],
};

class FakeSweep {
  readonly requests: Array<{ teamRef: string; window: string }> = [];
  readonly principals = new Map<string, unknown>();
  failOnce = new Set<string>();

  async metrics(
    request: SweepRequest & { window: string },
  ): Promise<SweepResult<SweptMetric>> {
    const teams = await Promise.all(
      request.teamRefs.map(async teamRef => {
        this.requests.push({ teamRef, window: request.window });
        const credentials = await request.credentialsFor(teamRef);
        this.principals.set(teamRef, credentials.principal);
        if (this.failOnce.delete(teamRef)) {
          return { teamRef, error: 'catalog unavailable' };
        }
        return { teamRef, items: METRICS[teamRef] ?? [] };
      }),
    );
    return { teams, errors: [], prometheusQueries: 1 };
  }
}

const EVIDENCE: MaturityEvidence = {
  views: { count: 3 },
  goals: { count: 2, open: 1, due: 1 },
  followUps: { count: 1, met: 1, missed: 0 },
  weeks: [],
  definitionChanges: { count: 0 },
  decisions: { reviews: 0, actedWithMetric: 0 },
};

const maturity = {
  async getTeam(teamRef: string): Promise<TeamMaturity> {
    if (teamRef !== PAYMENTS)
      throw new NotFoundError(`${teamRef} not assessed`);
    return {
      entityRef: PAYMENTS,
      stage: 3,
      stageName: 'project follow-up',
      checks: [],
      nextStep: 'Look at the metrics in 3 of the last 4 weeks.',
      evidence: EVIDENCE,
      history: [],
      assessedAt: NOW.toISOString(),
    };
  },
};

function days(fromDay: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(fromDay, i));
}

function snapshots(): SnapshotRow[] {
  const row = (
    entityRef: string,
    metricId: string,
    day: string,
    numerator: number,
    denominator: number | null,
  ): SnapshotRow => ({
    entityRef,
    metricId,
    day,
    numerator,
    denominator,
    source: 'prometheus:main',
  });
  return [
    ...days('2025-03-03', 7).map(day =>
      row(API, 'slo:availability', day, 9990, 10000),
    ),
    ...days('2025-02-24', 7).map(day =>
      row(API, 'slo:availability', day, 9950, 10000),
    ),
    ...days('2025-03-03', 7).map(day =>
      row(WEB, 'kpi:signups', day, 110, null),
    ),
    ...days('2025-02-24', 7).map(day =>
      row(WEB, 'kpi:signups', day, 100, null),
    ),
    // New this week: nothing to compare with.
    row(WEB, 'kpi:orders', '2025-03-08', 12, null),
  ];
}

function goal(overrides: Partial<NewGoal>): NewGoal {
  return {
    teamRef: PAYMENTS,
    metric: { entityRef: API, metricId: 'slo:availability' },
    metricName: 'availability',
    unit: 'ratio',
    baseline: 0.995,
    target: 0.999,
    direction: 'increase',
    dueDate: addDays(TODAY, 3),
    author: 'user:default/ada',
    ...overrides,
  };
}

async function setUp(
  id: TestDatabaseId,
  extra: Pick<WeeklyDigestOptions, 'credentialsFor'> = {},
) {
  const knex = await databases.init(id);
  const stores = await createMetricsStores({
    database: { getClient: async () => knex },
  });
  const { snapshots: snapshotStore, teamRecords, activity } = stores;
  await snapshotStore.upsertSnapshots(snapshots());
  await snapshotStore.markDaysCollected(days('2025-02-24', 14));
  await teamRecords.createGoal(goal({}));
  await teamRecords.createGoal(
    goal({
      metric: { entityRef: WEB, metricId: 'kpi:signups' },
      metricName: 'signups',
      unit: 'count',
      baseline: 700,
      target: 1000,
      dueDate: addDays(TODAY, -2),
    }),
  );
  const followedUp = await teamRecords.createGoal(
    goal({ dueDate: addDays(TODAY, -1) }),
  );
  await teamRecords.addFollowUp({
    goalId: followedUp.id,
    measuredOutcome: 0.9991,
    met: true,
    author: 'user:default/ada',
  });
  await teamRecords.createGoal(goal({ dueDate: addDays(TODAY, 20) }));
  await teamRecords.createGoal(goal({ teamRef: SEARCH, dueDate: TODAY }));
  await activity.saveAssessment({
    teamRef: PAYMENTS,
    day: addDays(TODAY, -7),
    stage: 2,
    evidence: EVIDENCE,
    assessedAt: `${addDays(TODAY, -7)}T01:00:00.000Z`,
  });

  const sent: NotificationSendOptions[] = [];
  const sweep = new FakeSweep();
  let now = NOW;
  const digest = new WeeklyDigest({
    stores,
    catalog,
    auth: mockServices.auth(),
    sweep,
    maturity,
    notifications: {
      send: async (options: NotificationSendOptions) => {
        sent.push(options);
      },
    },
    logger: mockServices.logger.mock(),
    teamTypes: ['team', 'squad'],
    now: () => now,
    ...extra,
  });
  return {
    stores,
    sent,
    sweep,
    digest,
    setNow: (date: Date) => {
      now = date;
    },
  };
}

describe.each(databases.eachSupportedId())('WeeklyDigest on %s', id => {
  it('sends each team its week: metrics against last week, goals and maturity', async () => {
    const { sent, sweep, digest } = await setUp(id);
    expect(await digest.run()).toEqual({
      week: TODAY,
      teams: 2,
      sent: 2,
      alreadySent: 0,
      failures: 0,
      prometheusQueries: 1,
    });
    expect(sweep.requests.map(r => [r.teamRef, r.window])).toEqual(
      expect.arrayContaining([
        [PAYMENTS, '7d'],
        [SEARCH, '7d'],
      ]),
    );

    const payments = sent.find(s => s.payload.scope?.includes(PAYMENTS))!;
    expect(payments.recipients).toEqual({
      type: 'entity',
      entityRef: PAYMENTS,
    });
    expect(payments.payload).toMatchObject({
      title: 'Weekly metrics digest: Payments, week of 2025-03-10',
      link: '/catalog/default/group/payments/metrics',
      severity: 'normal',
      topic: 'Metrics: weekly digest',
      scope: `metrics:digest:${PAYMENTS}:2025-03-10`,
    });
    expect(payments.payload.description).toBe(
      [
        'Metrics, 2025-03-03 to 2025-03-09 against the 7 days before:',
        '- availability (checkout-api): 99.90% (+0.40 pp, was 99.50%)',
        '- signups (web): 770 (+10.0%, was 700)',
        '1 metric without data in one of the two weeks left out.',
        '',
        'Goals waiting for a follow-up:',
        '- signups (web): 700 → 1,000, due 2025-03-08',
        'Goals due in the next 7 days:',
        '- availability (checkout-api): 99.50% → 99.90%, by 2025-03-13',
        '',
        'Maturity: stage 3 of 6, project follow-up, up from stage 2 last week.',
        'Next step: Look at the metrics in 3 of the last 4 weeks.',
      ].join('\n'),
    );

    // Maturity unavailable for this team: the digest goes without it.
    const search = sent.find(s => s.payload.scope?.includes(SEARCH))!;
    expect(search.payload.description).toBe(
      [
        "None of the team's 1 metric has stored data in both of the last two weeks yet.",
        '',
        'Goals waiting for a follow-up:',
        '- availability (checkout-api): 99.50% → 99.90%, due 2025-03-10',
      ].join('\n'),
    );
  });

  it('leads with the north star against two weeks earlier and its goal, never one the team may not read', async () => {
    const { stores, sent, digest } = await setUp(id);
    await stores.snapshots.upsertSnapshots(
      days('2025-02-17', 7).map(day => ({
        entityRef: WEB,
        metricId: 'kpi:signups',
        day,
        numerator: 90,
        denominator: null,
        source: 'prometheus:main',
      })),
    );
    await stores.snapshots.markDaysCollected(days('2025-02-17', 7));
    await stores.northStars.setNorthStar({
      teamRef: PAYMENTS,
      metric: { entityRef: WEB, metricId: 'kpi:signups' },
      setBy: 'user:default/ada',
    });
    // Sensitive for this team's reader: the sweep, reading as the team, does not list it.
    await stores.northStars.setNorthStar({
      teamRef: SEARCH,
      metric: { entityRef: INDEXER, metricId: 'kpi:revenue' },
      setBy: 'user:default/ada',
    });
    await digest.run();

    const payments = sent.find(s => s.payload.scope?.includes(PAYMENTS))!;
    expect(payments.payload.description!.split('\n\n')[0]).toBe(
      [
        'North star: signups (web): 770 from 2025-03-03 to 2025-03-09 (+22.2% on two weeks earlier, 630 from 2025-02-17 to 2025-02-23).',
        'Its goal: 700 → 1,000 by 2025-03-08.',
      ].join('\n'),
    );
    // The rest of the digest is unchanged.
    expect(payments.payload.description).toContain(
      '- signups (web): 770 (+10.0%, was 700)',
    );
    const search = sent.find(s => s.payload.scope?.includes(SEARCH))!;
    expect(search.payload.description).not.toMatch(/North star|revenue/);
  });

  it("reads each team's services with the plugin's own credentials, or those given for the team", async () => {
    const own = await setUp(id);
    await own.digest.run();
    expect(Object.fromEntries(own.sweep.principals)).toEqual({
      [PAYMENTS]: { type: 'service', subject: 'plugin:test' },
      [SEARCH]: { type: 'service', subject: 'plugin:test' },
    });

    const given = await setUp(id, {
      credentialsFor: async teamRef =>
        mockCredentials.service(`external:for-${teamRef}`),
    });
    await given.digest.run();
    expect(Object.fromEntries(given.sweep.principals)).toEqual({
      [PAYMENTS]: { type: 'service', subject: `external:for-${PAYMENTS}` },
      [SEARCH]: { type: 'service', subject: `external:for-${SEARCH}` },
    });
  });

  it('never sends a team the same week twice, and sends again the next week', async () => {
    const { sent, digest, setNow } = await setUp(id);
    await digest.run();
    expect(sent).toHaveLength(2);

    // Later the same week (a second replica, a restart, a daily cron): nothing more.
    setNow(new Date(`${addDays(TODAY, 4)}T08:00:00Z`));
    expect(await digest.run()).toMatchObject({ sent: 0, alreadySent: 2 });
    expect(sent).toHaveLength(2);

    setNow(new Date(`${addDays(TODAY, 7)}T08:00:00Z`));
    expect(await digest.run()).toMatchObject({
      week: '2025-03-17',
      sent: 2,
      alreadySent: 0,
    });
    expect(
      sent
        .map(s => s.payload.scope)
        .slice(2)
        .sort(),
    ).toEqual([
      `metrics:digest:${PAYMENTS}:2025-03-17`,
      `metrics:digest:${SEARCH}:2025-03-17`,
    ]);
  });

  it('leaves the digest of a team that failed to the next run', async () => {
    const { sent, sweep, digest } = await setUp(id);
    sweep.failOnce.add(SEARCH);
    expect(await digest.run()).toMatchObject({ sent: 1, failures: 1 });
    expect(await digest.run()).toMatchObject({
      sent: 1,
      alreadySent: 1,
      failures: 0,
    });
    expect(sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: PAYMENTS },
      { type: 'entity', entityRef: SEARCH },
    ]);
  });
});
