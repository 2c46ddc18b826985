import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readMetricsConfig } from '../config/metricsConfig';
import { DatabaseTeamRecordStore } from '../database/DatabaseTeamRecordStore';
import { TeamMetrics } from './TeamMetrics';
import { ReviewService } from './ReviewService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

const TEAM = 'group:default/checkout';
const credentials = mockCredentials.user('user:default/ada');
const caller = { credentials, userRef: 'user:default/ada' };

function entity(kind: string, name: string, owner?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(owner
        ? { annotations: { 'metrics-suite/prometheus-service': name } }
        : {}),
    },
    spec: owner ? { type: 'service', owner } : { type: 'squad' },
    relations: owner
      ? [{ type: 'ownedBy', targetRef: `group:default/${owner}` }]
      : [],
  };
}

async function setUp() {
  const knex = await databases.init('SQLITE_3');
  const store = await DatabaseTeamRecordStore.create({
    database: { getClient: async () => knex },
  });
  const catalog = catalogServiceMock({
    entities: [
      entity('Group', 'checkout'),
      entity('Group', 'search'),
      entity('Component', 'checkout-api', 'checkout'),
      entity('Component', 'search-api', 'search'),
    ],
  });
  const teamMetrics = new TeamMetrics({
    catalog,
    permissions: mockServices.permissions({ result: AuthorizeResult.ALLOW }),
    config: readMetricsConfig(
      new ConfigReader({
        metrics: {
          defaultSlos: [
            { name: 'availability', objective: 99.9, window: '28d' },
          ],
        },
      }),
    ),
    prometheus: new Map(),
  });
  const team = (await catalog.getEntityByRef(TEAM, { credentials }))!;
  return {
    store,
    team,
    reviews: new ReviewService({
      store,
      teamMetrics,
      entityViews: { getEntityView: jest.fn() },
      now: () => new Date('2026-11-22T12:00:00Z'),
    }),
  };
}

const availability = {
  entityRef: 'component:default/checkout-api',
  metricId: 'slo:availability',
};

describe('ReviewService', () => {
  it('records reviews and lists them newest week first', async () => {
    const { reviews, team } = await setUp();
    const older = await reviews.create(
      team,
      {
        week: '2026-11-09',
        metricsLookedAt: [availability],
        decision: 'no-action',
      },
      caller,
    );
    const newer = await reviews.create(
      team,
      {
        week: '2026-11-16',
        metricsLookedAt: [
          { ...availability, entityRef: 'Component:default/checkout-api' },
        ],
        decision: 'act',
        actionText: 'Add retries to the payment call',
        linkedMetric: availability,
      },
      caller,
    );
    expect(newer).toEqual({
      id: expect.any(String),
      teamRef: TEAM,
      week: '2026-11-16',
      // As the catalog spells the entity.
      metricsLookedAt: [availability],
      decision: 'act',
      actionText: 'Add retries to the payment call',
      linkedMetric: availability,
      author: 'user:default/ada',
      createdAt: expect.any(String),
      revision: 1,
    });
    expect(older).not.toHaveProperty('linkedMetric');
    expect((await reviews.list(TEAM)).map(r => r.id)).toEqual([
      newer.id,
      older.id,
    ]);
    expect(await reviews.list('group:default/search')).toEqual([]);
  });

  it.each([
    [
      'a metric looked at',
      {
        metricsLookedAt: [
          availability,
          {
            entityRef: 'component:default/search-api',
            metricId: 'slo:availability',
          },
        ],
      },
    ],
    [
      'the linked metric',
      {
        metricsLookedAt: [availability],
        linkedMetric: {
          entityRef: 'component:default/search-api',
          metricId: 'slo:availability',
        },
      },
    ],
  ])('refuses %s of another team and stores nothing', async (_what, refs) => {
    const { reviews, team, store } = await setUp();
    await expect(
      reviews.create(
        team,
        { week: '2026-11-16', decision: 'no-action', ...refs },
        caller,
      ),
    ).rejects.toThrow(
      new InputError(
        "'slo:availability' of component:default/search-api is not a metric of group:default/checkout: the entity is owned by neither the team nor one of its sub-groups, and the metric names another owner",
      ),
    );
    expect(await store.listReviews({})).toEqual([]);
  });

  describe('edits and withdrawals', () => {
    const searchMetric = {
      entityRef: 'component:default/search-api',
      metricId: 'slo:availability',
    };

    async function recorded() {
      const setup = await setUp();
      const review = await setup.reviews.create(
        setup.team,
        {
          week: '2026-11-16',
          metricsLookedAt: [availability],
          decision: 'act',
          actionText: 'Add retries',
          linkedMetric: availability,
        },
        caller,
      );
      return { ...setup, review };
    }

    it('edits with the rules of a new review and keeps the history', async () => {
      const { reviews, team, review } = await recorded();
      const edited = await reviews.update(
        team,
        review.id,
        {
          week: '2026-11-09',
          decision: 'no-action',
          actionText: null,
          linkedMetric: null,
          revision: 1,
          reason: 'Recorded in the wrong week',
        },
        { credentials, userRef: 'user:default/bob' },
      );
      expect(edited).toEqual({
        ...review,
        week: '2026-11-09',
        decision: 'no-action',
        actionText: undefined,
        linkedMetric: undefined,
        revision: 2,
        updatedAt: expect.any(String),
        updatedBy: 'user:default/bob',
      });
      expect(edited).not.toHaveProperty('actionText');
      const history = await reviews.history(TEAM, review.id);
      expect(history.items.map(r => [r.revision, r.change])).toEqual([
        [2, 'edited'],
        [1, 'created'],
      ]);
      expect(history.items[0]).toMatchObject({
        author: 'user:default/bob',
        reason: 'Recorded in the wrong week',
        changes: { week: { from: '2026-11-16', to: '2026-11-09' } },
      });
    });

    it.each([
      [
        'a decision to act without an action',
        { actionText: null },
        "'actionText' is required when the decision is 'act': say what the team will do",
      ],
      [
        'a week outside the window',
        { week: '2026-12-07' },
        "'week' must be from 2000-01-01 to 2026-11-29",
      ],
      [
        "another team's metric",
        { metricsLookedAt: [searchMetric] },
        'is not a metric of group:default/checkout',
      ],
    ])('refuses %s and changes nothing', async (_what, change, message) => {
      const { reviews, team, review, store } = await recorded();
      await expect(
        reviews.update(team, review.id, { ...change, revision: 1 }, caller),
      ).rejects.toThrow(message);
      expect(await store.getReview(review.id)).toEqual(review);
    });

    it("answers 404 for another team's review and 409 on a stale revision", async () => {
      const { reviews, team, review } = await recorded();
      await expect(
        reviews.withdraw(
          'group:default/search',
          review.id,
          { revision: 1 },
          caller,
        ),
      ).rejects.toThrow(NotFoundError);
      await expect(
        reviews.history('group:default/search', review.id),
      ).rejects.toThrow(NotFoundError);
      await expect(
        reviews.update(
          team,
          review.id,
          { decision: 'no-action', revision: 2 },
          caller,
        ),
      ).rejects.toThrow(ConflictError);
      const withdrawn = await reviews.withdraw(
        TEAM,
        review.id,
        { revision: 1, reason: 'Duplicate' },
        caller,
      );
      expect(withdrawn.withdrawn).toEqual({
        at: expect.any(String),
        by: 'user:default/ada',
        reason: 'Duplicate',
      });
      expect(await reviews.list(TEAM)).toEqual([]);
      expect(await reviews.list(TEAM, { includeWithdrawn: true })).toEqual([
        withdrawn,
      ]);
    });
  });
});
