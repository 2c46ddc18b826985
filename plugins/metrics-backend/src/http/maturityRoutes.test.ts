import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_MATURITY_THRESHOLDS,
  MaturityListResponse,
  maturityCsvHeader,
} from '@metrics-suite/backstage-plugin-metrics-common';
import express from 'express';
import request from 'supertest';
import { mockErrorHandler } from '@backstage/backend-test-utils';
import { createMetricsStores } from '../database/createMetricsStores';
import type { GoalService } from '../team/GoalService';
import { MaturityService } from '../team/MaturityService';
import type { NorthStarService } from '../team/NorthStarService';
import type { ReviewService } from '../team/ReviewService';
import { createTeamRouter } from './teamRouter';

jest.setTimeout(60_000);

// GET /v1/maturity and /v1/maturity.csv over the real MaturityService and stores.
const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

const NOW = '2026-11-04T12:00:00Z';
const PLATFORM = 'group:default/platform-tribe';
const COMMERCE = 'group:default/commerce-tribe';

function team(name: string, parent?: string, title?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', ...(title ? { title } : {}) },
    spec: { type: 'team', children: [] },
    relations: parent ? [{ type: 'childOf', targetRef: parent }] : [],
  };
}

// Twelve teams: 1–6 in the platform tribe, 7–10 in commerce, 11–12 without a tribe.
const names = Array.from(
  { length: 12 },
  (_, i) => `team-${String(i + 1).padStart(2, '0')}`,
);
const entities: Entity[] = [
  ...names.map((name, i) => {
    let parent: string | undefined;
    if (i < 6) parent = PLATFORM;
    else if (i < 10) parent = COMMERCE;
    return team(name, parent, i === 4 ? 'Zeta, "the fifth"' : undefined);
  }),
  { ...team('platform-tribe'), spec: { type: 'tribe', children: [] } },
];
const ref = (name: string) => `group:default/${name}`;

async function setUp(id: TestDatabaseId) {
  const knex = await databases.init(id);
  const stores = await createMetricsStores({
    database: { getClient: async () => knex },
  });
  const now = () => new Date(NOW);
  // Odd teams looked at their own tab (stage 1); team-03 also has a goal (stage 2).
  for (const [i, name] of names.entries()) {
    if (i % 2 === 0) {
      await stores.activity.recordView({
        userRef: 'user:default/ada',
        teamRefs: [ref(name)],
        targetRef: ref(name),
        action: 'view',
        at: '2026-11-03T09:00:00Z',
      });
    }
  }
  await stores.teamRecords.createGoal({
    teamRef: ref('team-03'),
    metric: { entityRef: 'component:default/api', metricId: 'kpi:orders' },
    metricName: 'Orders',
    unit: 'count',
    baseline: 10,
    target: 20,
    direction: 'increase',
    dueDate: '2026-12-31',
    author: 'user:default/ada',
    createdAt: '2026-11-02T10:00:00Z',
  });
  const maturity = new MaturityService({
    stores,
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
    config: {
      teamTypes: ['team'],
      thresholds: DEFAULT_MATURITY_THRESHOLDS,
    },
    now,
  });
  const router = createTeamRouter({
    httpAuth: mockServices.httpAuth(),
    auditor: mockServices.auditor.mock(),
    catalog: catalogServiceMock({ entities }),
    permissions: mockServices.permissions(),
    goals: {} as GoalService,
    reviews: {} as ReviewService,
    northStars: {} as NorthStarService,
    maturity,
    now,
  });
  return {
    server: express().use(router).use(mockErrorHandler()),
    stores,
  };
}

async function list(
  server: express.Express,
  query: string,
): Promise<MaturityListResponse> {
  const response = await request(server).get(`/v1/maturity${query}`);
  expect(response.status).toBe(200);
  return response.body;
}

const refsOf = (body: MaturityListResponse) => body.items.map(i => i.entityRef);

describe('GET /v1/maturity', () => {
  it.each(databases.eachSupportedId())(
    'pages the teams lowest stage first, then by name, with totals of the filtered set, %p',
    async id => {
      const { server, stores } = await setUp(id);
      const history = jest.spyOn(stores.activity, 'listAssessments');

      const first = await list(server, '?limit=4');
      // Stage 0 (even teams by index, i.e. team-02, 04, …), then stage 1, then stage 2.
      expect(refsOf(first)).toEqual(
        ['team-02', 'team-04', 'team-06', 'team-08'].map(ref),
      );
      expect(first).toMatchObject({ totalItems: 12, offset: 0, limit: 4 });
      expect(first.stages.map(s => s.teams)).toEqual([6, 5, 1, 0, 0, 0, 0]);
      expect(first.parents).toEqual([
        { parentRef: COMMERCE, teams: 4 },
        { parentRef: PLATFORM, teams: 6 },
      ]);
      expect(first.items[0]).toMatchObject({
        stage: 0,
        parentRef: PLATFORM,
        history: [{ day: '2026-11-04', stage: 0 }],
      });
      // History is read for the page only: 4 teams, whatever the number of teams.
      expect(history).toHaveBeenLastCalledWith({
        teamRefs: refsOf(first),
        sinceDay: expect.any(String),
      });

      // Pages do not overlap and together hold every team once, in a stable order.
      const pages = [first];
      for (let offset = 4; offset < 12; offset += 4) {
        pages.push(await list(server, `?limit=4&offset=${offset}`));
      }
      const all = pages.flatMap(refsOf);
      expect(new Set(all).size).toBe(12);
      expect(all.slice(6)).toEqual(
        // The title "Zeta…" sorts team-05 last among stage 1; team-03 (stage 2) ends the list.
        ['team-01', 'team-07', 'team-09', 'team-11', 'team-05', 'team-03'].map(
          ref,
        ),
      );
      expect(refsOf(await list(server, '?limit=4'))).toEqual(refsOf(first));

      // Past the end: an empty page, the totals still there.
      const past = await list(server, '?offset=40');
      expect(past.items).toEqual([]);
      expect(past.totalItems).toBe(12);
    },
  );

  it.each(databases.eachSupportedId())(
    'filters by parent, stage and search before paging, %p',
    async id => {
      const { server } = await setUp(id);

      // Without parameters: the first page (50), as before for small orgs.
      const plain = await list(server, '');
      expect(plain.items).toHaveLength(12);
      expect(plain.limit).toBe(50);

      // The page's spelling of the tribe: its name alone.
      const platform = await list(server, '?parent=platform-tribe');
      expect(platform.totalItems).toBe(6);
      expect(platform.stages.map(s => s.teams)).toEqual([3, 2, 1, 0, 0, 0, 0]);
      expect(platform.items.every(i => i.parentRef === PLATFORM)).toBe(true);
      // The tribe list stays the whole org's.
      expect(platform.parents).toHaveLength(2);

      const climbing = await list(server, '?stage=1&stage=2&limit=2');
      expect(climbing.totalItems).toBe(6);
      expect(climbing.stages.map(s => s.teams)).toEqual([0, 5, 1, 0, 0, 0, 0]);
      expect(refsOf(climbing)).toEqual(['team-01', 'team-07'].map(ref));
      expect(
        (await list(server, '?stage=1,2&parent=group:default/commerce-tribe'))
          .totalItems,
      ).toBe(2);

      // Search matches the title or the ref, case-insensitive.
      expect(refsOf(await list(server, '?search=ZETA'))).toEqual([
        ref('team-05'),
      ]);
      expect(refsOf(await list(server, '?search=team-1'))).toEqual(
        ['team-10', 'team-12', 'team-11'].map(ref),
      );
      const none = await list(server, '?search=nobody');
      expect(none).toMatchObject({ items: [], totalItems: 0 });
      expect(none.stages.every(s => s.teams === 0)).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts the teams that moved in 4 weeks over the filtered set, not only the page, %p',
    async id => {
      const { server, stores } = await setUp(id);
      const evidence = (await list(server, '?limit=1')).items[0].evidence;
      const past = (name: string, day: string, stage: 0 | 1 | 2 | 3) => ({
        teamRef: ref(name),
        day,
        stage,
        evidence,
        assessedAt: `${day}T12:00:00.000Z`,
      });
      // Today is 2026-11-04, so the trend compares with 2026-10-07.
      await stores.activity.saveAssessments([
        past('team-12', '2026-10-01', 2), // stage 0 now: down
        past('team-03', '2026-09-01', 0), // stage 2 now: up …
        past('team-03', '2026-10-20', 3), // … this later point is not compared
        past('team-11', '2026-10-25', 0), // younger history, stage 1 now: up
        past('team-01', '2026-10-01', 1), // stage 1 now: flat
        past('team-09', '2026-04-01', 0), // older than the 180-day history: none
      ]);
      const trendReads = jest.spyOn(stores.activity, 'listTrendPoints');

      // The page holds team-02 and team-04 only; the count covers all twelve teams.
      const first = await list(server, '?limit=2');
      expect(refsOf(first)).toEqual(['team-02', 'team-04'].map(ref));
      expect(first.trend).toEqual({ up: 2, down: 1, days: 28 });
      expect(trendReads).toHaveBeenCalledTimes(1);
      expect(trendReads.mock.calls[0][0].teamRefs).toHaveLength(12);

      expect(
        (await list(server, '?parent=platform-tribe&limit=1')).trend,
      ).toEqual({ up: 1, down: 0, days: 28 });
      expect((await list(server, '?stage=0')).trend).toEqual({
        up: 0,
        down: 1,
        days: 28,
      });
      expect((await list(server, '?search=nobody')).trend).toEqual({
        up: 0,
        down: 0,
        days: 28,
      });
    },
  );

  it.each([
    ['?stage=7', /stage/],
    ['?limit=501', /limit/],
    ['?offset=x', /offset/],
    ['?parent=a:b:c', /parent/],
    ['?sort=name', /Unknown query parameter 'sort'/],
  ])('answers 400 to %s', async (query, message) => {
    const { server } = await setUp('SQLITE_3');
    const response = await request(server).get(`/v1/maturity${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
  });
});

describe('GET /v1/maturity.csv', () => {
  it.each(databases.eachSupportedId())(
    'streams every filtered team, in the page order, as an attachment, %p',
    async id => {
      const { server } = await setUp(id);

      const all = await request(server).get('/v1/maturity.csv');
      expect(all.status).toBe(200);
      expect(all.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(all.headers['content-disposition']).toBe(
        'attachment; filename="metrics-maturity-2026-11-04.csv"',
      );
      const lines = all.text.split('\r\n');
      expect(lines[0]).toBe(`\uFEFF${maturityCsvHeader().trim()}`);
      // Header, twelve teams (more than a page of 4 would hold), the final line break.
      expect(lines).toHaveLength(14);
      expect(lines[1]).toMatch(
        /^group:default\/team-02,,group:default\/platform-tribe,0,not started,0,4,0,0,0,0,/,
      );
      expect(lines[12]).toMatch(/^group:default\/team-03,,[^,]+,2,/);
      expect(all.text).toContain('"Zeta, ""the fifth"""');

      const filtered = await request(server).get(
        '/v1/maturity.csv?parent=platform-tribe&stage=0',
      );
      expect(filtered.headers['content-disposition']).toBe(
        'attachment; filename="metrics-maturity-platform-tribe-2026-11-04.csv"',
      );
      expect(
        filtered.text
          .split('\r\n')
          .slice(1, -1)
          .map(l => l.split(',')[0]),
      ).toEqual(['team-02', 'team-04', 'team-06'].map(ref));
    },
  );

  it('answers 400 to a page parameter', async () => {
    const { server } = await setUp('SQLITE_3');
    const response = await request(server).get('/v1/maturity.csv?offset=5');
    expect(response.status).toBe(400);
  });
});
