import express from 'express';
import request from 'supertest';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityMetricsResponse,
  MetricRef,
  MetricValue,
  addDays,
  policyStepNow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ViewRequest } from './parseViewRequest';
import { readMetricsConfig } from '../config/metricsConfig';
import type { ActivityStore } from '../database/ActivityStore';
import { createMetricsStores } from '../database/createMetricsStores';
import type { EntityViewService } from '../views/EntityViewService';
import type { GroupViewService } from '../views/GroupViewService';
import { GoalService, MetricValueReader } from '../team/GoalService';
import { TeamMetrics } from '../team/TeamMetrics';
import { NorthStarService } from '../team/NorthStarService';
import { ReviewService } from '../team/ReviewService';
import { createTeamRouter } from './teamRouter';
import { ViewRecorder } from '../team/viewRecorder';
import { ViewCache } from './viewCache';
import { createRouter } from './router';

jest.setTimeout(60_000);

async function app(sources: Parameters<typeof createRouter>[0]['sources']) {
  const router = await createRouter({
    sources,
    readiness: { check: jest.fn() },
    httpAuth: mockServices.httpAuth(),
    entityViews: { getEntityView: jest.fn() } as unknown as EntityViewService,
    groupViews: {
      getGroupView: jest.fn(),
      cacheVersion: jest.fn(async () => 'none'),
    } as unknown as GroupViewService,
    rules: { entityRules: jest.fn(), groupRules: jest.fn() },
    configurationChecks: { check: jest.fn() },
    viewCache: new ViewCache(mockServices.cache.mock()),
    viewRecorder: new ViewRecorder({
      store: {} as ActivityStore,
      userInfo: mockServices.userInfo(),
      logger: mockServices.logger.mock(),
    }),
    teamRouter: express.Router(),
  });
  return express().use(router).use(mockErrorHandler());
}

describe('createRouter', () => {
  it('answers GET /health with the status only', async () => {
    const response = await request(
      await app([{ id: 'prometheus:main', type: 'prometheus' }]),
    ).get('/health');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('answers GET /v1/sources with the sources', async () => {
    const response = await request(
      await app([
        {
          id: 'prometheus:main',
          type: 'prometheus',
          description: 'https://prom.example.com',
          default: true,
        },
        { id: 'sql:warehouse', type: 'sql' },
      ]),
    ).get('/v1/sources');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      items: [
        {
          id: 'prometheus:main',
          type: 'prometheus',
          description: 'https://prom.example.com',
          default: true,
        },
        { id: 'sql:warehouse', type: 'sql' },
      ],
    });
  });

  it('leaves out empty descriptions and false defaults', async () => {
    const response = await request(
      await app([
        {
          id: 'prometheus:eu',
          type: 'prometheus',
          description: '',
          default: false,
        },
      ]),
    ).get('/v1/sources');
    expect(response.body.items).toEqual([
      { id: 'prometheus:eu', type: 'prometheus' },
    ]);
  });

  it('copies only the public fields of a source', async () => {
    const source = {
      id: 'custom:x',
      type: 'custom',
      token: 'hunter2',
      password: 'hunter3',
    };
    const response = await request(await app([source])).get('/v1/sources');
    expect(response.body.items).toEqual([{ id: 'custom:x', type: 'custom' }]);
    expect(response.text).not.toContain('hunter');
  });

  it('answers with no sources', async () => {
    const response = await request(await app([])).get('/v1/sources');
    expect(response.body).toEqual({ items: [] });
  });

  it('has no other routes', async () => {
    const response = await request(await app([])).get('/sources');
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual({
      name: 'NotFoundError',
      message: 'No such route in the metrics API: GET /sources',
    });
  });

  it('answers another method on a route with 405 and the methods it allows', async () => {
    const response = await request(await app([])).delete('/v1/sources');
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe('GET, HEAD');
    expect(response.body.error.name).toBe('MethodNotAllowedError');
  });
});

// The whole stack behind the router: real services and store (SQLite), a catalog, and fakes
// only for what reads Prometheus (metric values, maturity).
describe('createRouter with the team endpoints', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const TEAM = 'group:default/checkout';
  const availability = {
    entityRef: 'component:default/checkout-api',
    metricId: 'slo:availability',
  };
  const entity = (kind: string, name: string, owner?: string): Entity => ({
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
  });
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        defaultSlos: [{ name: 'availability', objective: 99.9, window: '28d' }],
      },
    }),
  );

  async function stack(
    permission:
      | AuthorizeResult.ALLOW
      | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
  ) {
    const knex = await databases.init('SQLITE_3');
    const stores = await createMetricsStores({
      database: { getClient: async () => knex },
    });
    const clock = { now: new Date('2026-11-22T09:00:00Z') };
    const now = () => clock.now;
    const catalog = catalogServiceMock({
      entities: [
        entity('Group', 'checkout'),
        entity('Group', 'search'),
        entity('Component', 'checkout-api', 'checkout'),
        entity('Component', 'search-api', 'search'),
      ],
    });
    const permissions = mockServices.permissions({ result: permission });
    const teamMetrics = new TeamMetrics({
      catalog,
      permissions,
      config,
      prometheus: new Map(),
    });
    const value = (
      metric: MetricRef,
      fromDay: string,
      toDay: string,
    ): MetricValue => ({
      metric,
      name: 'availability',
      unit: 'ratio',
      value: 0.995,
      numerator: 995,
      denominator: 1000,
      fromDay,
      toDay,
      source: 'snapshots',
    });
    const values: MetricValueReader = {
      currentValue: async (metric, today) =>
        value(metric, addDays(today, -7), addDays(today, -1)),
      valueOver: async (metric, fromDay, toDay) =>
        value(metric, fromDay, toDay),
    };
    const logger = mockServices.logger.mock();
    const cached = new Map<string, unknown>();
    const cache = mockServices.cache.mock({
      get: async (key: string) => cached.get(key) as any,
      set: async (key: string, v: unknown) => {
        cached.set(key, v);
      },
    });
    const entityViews = {
      getEntityView: jest.fn(async () => ({ view: 'entity' })),
    };
    // The marked north star's version, which the squad view's cache key carries.
    const northStarVersion = { value: 'none' };
    const groupViews = {
      getGroupView: jest.fn(async () => ({ view: 'group' })),
      cacheVersion: jest.fn(async () => northStarVersion.value),
    };
    // The SLO card's view of checkout-api, at the budget a test sets.
    const slo = { budgetRemaining: 0.5 as number | null };
    const sloViews = {
      getEntityView: jest.fn(async (viewRequest: ViewRequest) => {
        const policy = [
          { name: 'reliability-first', below: 25, action: 'Reliability first' },
          { name: 'freeze', below: 0, action: 'Freeze risky releases' },
        ];
        const current = policyStepNow(policy, slo.budgetRemaining);
        return {
          entityRef: stringifyEntityRef(viewRequest.entityRef),
          slos: {
            status: 'ok',
            items: [
              {
                id: 'slo:availability',
                budgetRemaining: slo.budgetRemaining,
                policy: { steps: policy, ...(current ? { current } : {}) },
              },
            ],
          },
        } as unknown as EntityMetricsResponse;
      }),
    };
    const httpAuth = mockServices.httpAuth();
    const router = await createRouter({
      sources: [],
      readiness: { check: jest.fn() },
      httpAuth,
      entityViews: entityViews as unknown as EntityViewService,
      configurationChecks: { check: jest.fn() },
      groupViews: groupViews as unknown as GroupViewService,
      rules: { entityRules: jest.fn(), groupRules: jest.fn() },
      viewCache: new ViewCache(cache),
      viewRecorder: new ViewRecorder({
        store: stores.activity,
        userInfo: mockServices.userInfo({
          ownershipEntityRefs: ['user:default/mock', TEAM],
        }),
        logger,
        now,
      }),
      teamRouter: createTeamRouter({
        httpAuth,
        auditor: mockServices.auditor.mock(),
        catalog,
        permissions,
        goals: new GoalService({
          store: stores.teamRecords,
          teamMetrics,
          values,
          logger,
          now,
        }),
        reviews: new ReviewService({
          store: stores.teamRecords,
          teamMetrics,
          entityViews: sloViews,
          now,
        }),
        northStars: new NorthStarService({
          store: stores.northStars,
          goals: stores.teamRecords,
          snapshots: stores.snapshots,
          teamMetrics,
          values,
          now,
        }),
        maturity: {
          list: async () => {
            throw new NotFoundError('not used');
          },
          listForExport: async () => [],
          getTeam: async () => {
            throw new NotFoundError('not used');
          },
        },
        now,
      }),
    });
    return {
      server: express().use(router).use(mockErrorHandler()),
      stores,
      clock,
      groupViews,
      northStarVersion,
      slo,
      sloViews,
    };
  }

  it('creates a goal, refuses an early follow-up, follows up once after the due date', async () => {
    const { server, clock } = await stack();
    const goals = '/v1/teams/default/checkout/goals';

    const invalid = await request(server)
      .post(goals)
      .send({ metric: availability, target: 'high', dueDate: '2026-11-25' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message).toBe("'target' must be a finite number");

    const created = await request(server)
      .post(goals)
      .send({ metric: availability, target: 0.999, dueDate: '2026-11-25' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      teamRef: TEAM,
      baseline: 0.995,
      direction: 'increase',
      status: 'open',
      author: 'user:default/mock',
    });
    const followUp = `${goals}/${created.body.id}/follow-up`;

    const early = await request(server).post(followUp).send({});
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe(
      `Goal ${created.body.id} is due on 2026-11-25; it can be followed up from that day`,
    );

    clock.now = new Date('2026-11-25T09:00:00Z');
    const listed = await request(server).get(goals);
    expect(listed.body.items).toEqual([
      expect.objectContaining({ status: 'due', measuredOutcome: 0.995 }),
    ]);
    const done = await request(server).post(followUp).send({ notes: 'Close' });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      status: 'missed',
      followUp: { measuredOutcome: 0.995, met: false, notes: 'Close' },
    });

    const again = await request(server).post(followUp).send({});
    expect(again.status).toBe(409);
    expect(again.body.error.name).toBe('ConflictError');
  });

  it('records reviews and refuses metrics of other teams', async () => {
    const { server } = await stack();
    const reviews = '/v1/teams/default/checkout/reviews';
    const foreign = await request(server)
      .post(reviews)
      .send({
        metricsLookedAt: [
          {
            entityRef: 'component:default/search-api',
            metricId: 'slo:availability',
          },
        ],
        decision: 'no-action',
      });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toContain(
      'is not a metric of group:default/checkout',
    );

    const created = await request(server)
      .post(reviews)
      .send({
        metricsLookedAt: [availability],
        decision: 'act',
        actionText: 'Retry payments',
        linkedMetric: availability,
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ week: '2026-11-16', decision: 'act' });
    expect((await request(server).get(reviews)).body.items).toEqual([
      created.body,
    ]);
  });

  it('records a review answering a policy step only while the step applies', async () => {
    const { server, slo, sloViews } = await stack();
    const reviews = '/v1/teams/default/checkout/reviews';
    const answering = {
      metricsLookedAt: [availability],
      decision: 'act',
      actionText: 'Reliability first',
      linkedMetric: availability,
      policyStep: { metric: availability, step: 'reliability-first' },
    };

    const early = await request(server).post(reviews).send(answering);
    expect(early.status).toBe(400);
    expect(early.body.error.message).toBe(
      "Policy step 'reliability-first' of slo:availability of component:default/checkout-api does not apply now: 50 % of the error budget is left and it applies below 25 %; no step applies now",
    );
    expect(sloViews.getEntityView).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRef: {
          kind: 'component',
          namespace: 'default',
          name: 'checkout-api',
        },
      }),
      expect.objectContaining({
        principal: expect.objectContaining({
          userEntityRef: 'user:default/mock',
        }),
      }),
    );

    slo.budgetRemaining = -0.1;
    const spent = await request(server).post(reviews).send(answering);
    expect(spent.status).toBe(400);
    expect(spent.body.error.message).toContain(
      "the step that applies now is 'freeze'",
    );
    const unknown = await request(server)
      .post(reviews)
      .send({
        ...answering,
        policyStep: { metric: availability, step: 'panic' },
      });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      "slo:availability of component:default/checkout-api has no policy step 'panic'; its steps: reliability-first, freeze",
    );

    slo.budgetRemaining = 0.2;
    const created = await request(server).post(reviews).send(answering);
    expect(created.status).toBe(201);
    expect(created.body.policyStep).toEqual({
      metric: availability,
      step: 'reliability-first',
      action: 'Reliability first',
      budgetRemaining: 0.2,
    });
    expect((await request(server).get(reviews)).body.items).toEqual([
      created.body,
    ]);
  });

  it('answers 403 when the policy denies and 404 for an unknown team', async () => {
    const denied = await stack(AuthorizeResult.DENY);
    const response = await request(denied.server)
      .post('/v1/teams/default/checkout/reviews')
      .send({ metricsLookedAt: [availability], decision: 'no-action' });
    expect(response.status).toBe(403);
    expect(response.body.error.message).toBe(
      'Only members of group:default/checkout and admins can record its reviews',
    );
    expect(await denied.stores.teamRecords.listReviews({})).toEqual([]);

    const { server } = await stack();
    const unknown = await request(server)
      .post('/v1/teams/default/nobody/goals')
      .send({ metric: availability, target: 0.999, dueDate: '2026-12-01' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe(
      'No group group:default/nobody found',
    );
  });

  it('computes the squad view again once its north star changes, cached or not', async () => {
    const { server, groupViews, northStarVersion } = await stack();
    const group = '/v1/groups/default/checkout';
    await request(server).get(group).expect(200);
    await request(server).get(group).expect(200);
    expect(groupViews.getGroupView).toHaveBeenCalledTimes(1);
    northStarVersion.value = 'component:default/checkout-api|kpi:orders|t1';
    await request(server).get(group).expect(200);
    await request(server).get(`${group}/tv`).expect(200);
    expect(groupViews.getGroupView).toHaveBeenCalledTimes(3);
    expect(groupViews.cacheVersion).toHaveBeenCalledWith({
      kind: 'group',
      namespace: 'default',
      name: 'checkout',
    });
  });

  it('records views once per user, team, target, action and day, cached answers included', async () => {
    const { server, stores, clock, groupViews } = await stack();
    const group = '/v1/groups/default/checkout';
    for (const path of [
      group,
      group,
      `${group}?range=7d`,
      `${group}?range=28d`,
      '/v1/entities/component/default/checkout-api',
    ]) {
      expect((await request(server).get(path)).status).toBe(200);
    }
    // The repeated default view came from the cache but still counted (once).
    expect(groupViews.getGroupView).toHaveBeenCalledTimes(2);

    clock.now = new Date('2026-11-23T09:00:00Z');
    await request(server).get(group);
    // Services looking are no team looking.
    await request(server)
      .get(group)
      .set('Authorization', mockCredentials.service.header());

    const views = await stores.activity.listViews({
      since: '2026-11-01T00:00:00Z',
    });
    // Rows of one instant come in no particular order.
    expect(
      views
        .map(v =>
          [v.day, v.userRef, v.teamRef, v.targetRef, v.action].join(' '),
        )
        .sort(),
    ).toEqual([
      `2026-11-22 user:default/mock ${TEAM} component:default/checkout-api explore`,
      `2026-11-22 user:default/mock ${TEAM} ${TEAM} explore`,
      `2026-11-22 user:default/mock ${TEAM} ${TEAM} view`,
      `2026-11-23 user:default/mock ${TEAM} ${TEAM} view`,
    ]);
  });
});
