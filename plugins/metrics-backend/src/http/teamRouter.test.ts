import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import express from 'express';
import request from 'supertest';
import type { GoalService } from '../team/GoalService';
import type { NorthStarService } from '../team/NorthStarService';
import type { ReviewService } from '../team/ReviewService';
import { TeamMaturityReader, createTeamRouter } from './teamRouter';

const TEAM = 'group:default/checkout';
const metric = {
  entityRef: 'component:default/checkout-api',
  metricId: 'slo:availability',
};

const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { type: 'squad', children: [] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: { type: 'service', owner: 'checkout' },
  },
];

function app(
  permission:
    | AuthorizeResult.ALLOW
    | AuthorizeResult.DENY = AuthorizeResult.ALLOW,
) {
  const goals = {
    list: jest.fn(async () => [{ id: 'g1' }]),
    create: jest.fn(async () => ({ id: 'g2' })),
    followUp: jest.fn(async () => ({ id: 'g1', status: 'met' })),
    metricValue: jest.fn(async () => ({ value: 0.99 })),
    update: jest.fn(async () => ({ id: 'g1', revision: 3, status: 'open' })),
    withdraw: jest.fn(async () => ({ id: 'g1', revision: 3, status: 'open' })),
    updateFollowUp: jest.fn(async () => ({ id: 'g1', status: 'missed' })),
    withdrawFollowUp: jest.fn(async () => ({ id: 'g1', status: 'due' })),
    history: jest.fn(async () => ({ items: [{ revision: 1 }] })),
  };
  const reviews = {
    list: jest.fn(async () => [{ id: 'r1' }]),
    create: jest.fn(async () => ({ id: 'r2' })),
    update: jest.fn(async () => ({
      id: 'r1',
      revision: 2,
      week: '2026-11-16',
      decision: 'act',
    })),
    withdraw: jest.fn(async () => ({
      id: 'r1',
      revision: 2,
      week: '2026-11-16',
      decision: 'act',
    })),
    history: jest.fn(async () => ({ items: [{ revision: 2 }] })),
  };
  // One event object for all writes: enough to see how each was closed.
  const auditEvent = {
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const maturity = {
    list: jest.fn(async () => ({ items: [{ entityRef: TEAM, stage: 1 }] })),
    listForExport: jest.fn(async () => []),
    getTeam: jest.fn(async (teamRef: string) => ({ entityRef: teamRef })),
  };
  const router = createTeamRouter({
    httpAuth: mockServices.httpAuth(),
    auditor,
    catalog: catalogServiceMock({ entities }),
    permissions: mockServices.permissions({ result: permission }),
    goals: goals as unknown as GoalService,
    reviews: reviews as unknown as ReviewService,
    northStars: {} as NorthStarService,
    maturity: maturity as unknown as TeamMaturityReader,
    now: () => new Date('2026-11-22T12:00:00Z'),
  });
  return {
    server: express().use(router).use(mockErrorHandler()),
    goals,
    reviews,
    maturity,
    auditor,
    auditEvent,
  };
}

const goalBody = { metric, target: 0.999, dueDate: '2026-12-31' };
const reviewBody = { metricsLookedAt: [metric], decision: 'no-action' };
const team = expect.objectContaining({
  kind: 'Group',
  metadata: expect.objectContaining({ name: 'checkout' }),
});
const caller = {
  credentials: expect.objectContaining({
    principal: expect.objectContaining({ userEntityRef: 'user:default/mock' }),
  }),
  userRef: 'user:default/mock',
};

describe('createTeamRouter', () => {
  it('answers the maturity of every team and of one team', async () => {
    const { server, maturity } = app();
    const all = await request(server).get('/v1/maturity');
    expect(all.status).toBe(200);
    expect(all.body).toEqual({ items: [{ entityRef: TEAM, stage: 1 }] });
    expect(maturity.list).toHaveBeenCalledWith({}, { limit: 50, offset: 0 });

    const one = await request(server).get('/v1/maturity/default/checkout');
    expect(one.body).toEqual({ entityRef: TEAM });
    expect(maturity.getTeam).toHaveBeenCalledWith(TEAM);
  });

  it.each([
    ['get', '/v1/maturity/default/nobody'],
    ['get', '/v1/teams/default/nobody/goals'],
    ['get', '/v1/teams/default/checkout-api/reviews'],
    ['post', '/v1/teams/default/nobody/reviews'],
  ] as const)('answers 404 to %s %s', async (method, path) => {
    const { server, goals, reviews, maturity } = app();
    const response = await request(server)
      [method](path)
      .send(method === 'post' ? reviewBody : undefined);
    expect(response.status).toBe(404);
    expect(response.body.error).toEqual(
      expect.objectContaining({
        name: 'NotFoundError',
        message: expect.stringMatching(
          /^No group group:default\/(nobody|checkout-api) found$/,
        ),
      }),
    );
    for (const fn of [goals.list, reviews.create, maturity.getTeam]) {
      expect(fn).not.toHaveBeenCalled();
    }
  });

  it('lists goals and reviews of the team', async () => {
    const { server, goals, reviews } = app();
    expect(
      (await request(server).get('/v1/teams/default/checkout/goals')).body,
    ).toEqual({
      items: [{ id: 'g1' }],
    });
    expect(
      (await request(server).get('/v1/teams/default/checkout/reviews')).body,
    ).toEqual({
      items: [{ id: 'r1' }],
    });
    expect(goals.list).toHaveBeenCalledWith(TEAM, {});
    expect(reviews.list).toHaveBeenCalledWith(TEAM, {});
  });

  it('creates goals, follow-ups and reviews with 201 for the signed-in user', async () => {
    const { server, goals, reviews } = app();
    const goal = await request(server)
      .post('/v1/teams/default/checkout/goals')
      .send(goalBody);
    expect(goal.status).toBe(201);
    expect(goal.body).toEqual({ id: 'g2' });
    expect(goals.create).toHaveBeenCalledWith(team, goalBody, caller);

    const followUp = await request(server)
      .post('/v1/teams/default/checkout/goals/g1/follow-up')
      .send({ met: true });
    expect(followUp.status).toBe(201);
    expect(goals.followUp).toHaveBeenCalledWith(
      TEAM,
      'g1',
      { met: true },
      caller,
    );

    const review = await request(server)
      .post('/v1/teams/default/checkout/reviews')
      .send(reviewBody);
    expect(review.status).toBe(201);
    expect(reviews.create).toHaveBeenCalledWith(
      team,
      { ...reviewBody, week: '2026-11-16' },
      caller,
    );
  });

  it.each([
    ['/v1/teams/default/checkout/goals', goalBody, 'set its goals'],
    [
      '/v1/teams/default/checkout/goals/g1/follow-up',
      {},
      'follow up its goals',
    ],
    ['/v1/teams/default/checkout/reviews', reviewBody, 'record its reviews'],
  ])(
    'answers 403 to POST %s when the policy denies',
    async (path, body, what) => {
      const { server, goals, reviews } = app(AuthorizeResult.DENY);
      const response = await request(server).post(path).send(body);
      expect(response.status).toBe(403);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          name: 'NotAllowedError',
          message: `Only members of ${TEAM} and admins can ${what}`,
        }),
      );
      expect(goals.create).not.toHaveBeenCalled();
      expect(goals.followUp).not.toHaveBeenCalled();
      expect(reviews.create).not.toHaveBeenCalled();
    },
  );

  it('takes writes from users only', async () => {
    const { server, reviews } = app();
    const response = await request(server)
      .post('/v1/teams/default/checkout/reviews')
      .set('Authorization', mockCredentials.service.header())
      .send(reviewBody);
    expect(response.status).toBe(403);
    expect(reviews.create).not.toHaveBeenCalled();
  });

  it('answers 400 with the parser message before calling a service', async () => {
    const { server, goals } = app();
    const response = await request(server)
      .post('/v1/teams/default/checkout/goals')
      .send({ ...goalBody, dueDate: '2026-11-01' });
    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      "'dueDate' must be from 2026-11-22 to 2031-11-22 (today to 5 years ahead), got 2026-11-01",
    );
    expect(goals.create).not.toHaveBeenCalled();
  });

  it('passes service errors on with their status', async () => {
    const { server, goals } = app();
    goals.followUp.mockRejectedValueOnce(
      new ConflictError('Goal g1 was already followed up on 2026-11-20'),
    );
    const response = await request(server)
      .post('/v1/teams/default/checkout/goals/g1/follow-up')
      .send({});
    expect(response.status).toBe(409);
    expect(response.body.error.message).toBe(
      'Goal g1 was already followed up on 2026-11-20',
    );
  });

  it('audits each write with the request and the team, then its result', async () => {
    const { server, auditor, auditEvent, goals, reviews } = app();
    goals.create.mockResolvedValueOnce({ id: 'g2', metric } as never);
    reviews.create.mockResolvedValueOnce({
      id: 'r2',
      week: '2026-11-16',
      decision: 'no-action',
    } as never);
    await request(server)
      .post('/v1/teams/default/checkout/goals')
      .send(goalBody);
    await request(server)
      .post('/v1/teams/default/checkout/goals/g1/follow-up')
      .send({ met: true });
    await request(server)
      .post('/v1/teams/default/checkout/reviews')
      .send(reviewBody);

    const events = auditor.createEvent.mock.calls.map(([e]) => e);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'goal-create',
        severityLevel: 'medium',
        meta: { teamRef: TEAM },
      }),
      expect.objectContaining({
        eventId: 'follow-up-create',
        meta: { teamRef: TEAM, goalId: 'g1' },
      }),
      expect.objectContaining({
        eventId: 'review-create',
        meta: { teamRef: TEAM },
      }),
    ]);
    // the HTTP request, so the auditor can name the caller and the route
    for (const event of events) {
      expect(event.request).toEqual(
        expect.objectContaining({ method: 'POST' }),
      );
    }
    expect(auditEvent.success.mock.calls).toEqual([
      [{ meta: { goalId: 'g2', metric } }],
      [{ meta: { goalId: 'g1', status: 'met' } }],
      [
        {
          meta: { reviewId: 'r2', week: '2026-11-16', decision: 'no-action' },
        },
      ],
    ]);
    expect(auditEvent.fail).not.toHaveBeenCalled();
  });

  it.each([
    ['refused', AuthorizeResult.DENY, reviewBody, 'NotAllowedError'],
    [
      'invalid',
      AuthorizeResult.ALLOW,
      { ...reviewBody, decision: 'maybe' },
      'InputError',
    ],
  ] as const)(
    'audits a %s write as failed with its error',
    async (_, permission, body, errorName) => {
      const { server, auditEvent } = app(permission);
      await request(server)
        .post('/v1/teams/default/checkout/reviews')
        .send(body);
      expect(auditEvent.success).not.toHaveBeenCalled();
      expect(auditEvent.fail).toHaveBeenCalledWith({
        error: expect.objectContaining({ name: errorName }),
      });
    },
  );

  it('reads a metric value of the team from the query', async () => {
    const { server, goals } = app();
    const response = await request(server)
      .get('/v1/teams/default/checkout/metric-value')
      .query({
        entityRef: 'Component:default/checkout-api',
        metricId: 'slo:availability',
      });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ value: 0.99 });
    expect(goals.metricValue).toHaveBeenCalledWith(
      team,
      metric,
      expect.anything(),
    );

    const bad = await request(server).get(
      '/v1/teams/default/checkout/metric-value?metricId=x',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      "Query parameter 'entityRef' is required, once",
    );
  });

  describe('editing records', () => {
    const edits = [
      [
        'put',
        '/v1/teams/default/checkout/goals/g1',
        { target: 0.99, revision: 2 },
        'set its goals',
      ],
      [
        'delete',
        '/v1/teams/default/checkout/goals/g1',
        { revision: 2 },
        'set its goals',
      ],
      [
        'put',
        '/v1/teams/default/checkout/goals/g1/follow-up',
        { met: false, revision: 1 },
        'follow up its goals',
      ],
      [
        'delete',
        '/v1/teams/default/checkout/goals/g1/follow-up',
        { revision: 1 },
        'follow up its goals',
      ],
      [
        'put',
        '/v1/teams/default/checkout/reviews/r1',
        { decision: 'no-action', revision: 1 },
        'record its reviews',
      ],
      [
        'delete',
        '/v1/teams/default/checkout/reviews/r1',
        { revision: 1, reason: 'Duplicate' },
        'record its reviews',
      ],
    ] as const;

    it('passes edits and withdrawals to the services for the signed-in user', async () => {
      const { server, goals, reviews, auditor, auditEvent } = app();
      for (const [method, path, body] of edits) {
        const response = await request(server)[method](path).send(body);
        expect(response.status).toBe(200);
      }
      expect(goals.update).toHaveBeenCalledWith(
        TEAM,
        'g1',
        { target: 0.99, revision: 2 },
        caller,
      );
      expect(goals.withdraw).toHaveBeenCalledWith(
        TEAM,
        'g1',
        { revision: 2 },
        caller,
      );
      expect(goals.updateFollowUp).toHaveBeenCalledWith(
        TEAM,
        'g1',
        { met: false, revision: 1 },
        caller,
      );
      expect(goals.withdrawFollowUp).toHaveBeenCalledWith(
        TEAM,
        'g1',
        { revision: 1 },
        caller,
      );
      expect(reviews.update).toHaveBeenCalledWith(
        team,
        'r1',
        { decision: 'no-action', revision: 1 },
        caller,
      );
      expect(reviews.withdraw).toHaveBeenCalledWith(
        TEAM,
        'r1',
        { revision: 1, reason: 'Duplicate' },
        caller,
      );
      expect(
        auditor.createEvent.mock.calls.map(([e]) => [e.eventId, e.meta]),
      ).toEqual([
        ['goal-update', { teamRef: TEAM, goalId: 'g1' }],
        ['goal-withdraw', { teamRef: TEAM, goalId: 'g1' }],
        ['follow-up-update', { teamRef: TEAM, goalId: 'g1' }],
        ['follow-up-withdraw', { teamRef: TEAM, goalId: 'g1' }],
        ['review-update', { teamRef: TEAM, reviewId: 'r1' }],
        ['review-withdraw', { teamRef: TEAM, reviewId: 'r1' }],
      ]);
      expect(auditEvent.success.mock.calls[0]).toEqual([
        { meta: { goalId: 'g1', revision: 3, status: 'open' } },
      ]);
      expect(auditEvent.success.mock.calls[5]).toEqual([
        {
          meta: {
            reviewId: 'r1',
            revision: 2,
            week: '2026-11-16',
            decision: 'act',
          },
        },
      ]);
    });

    it.each(edits)(
      'answers 403 to %s %s when the policy denies',
      async (method, path, body, what) => {
        const { server, goals, reviews, auditEvent } = app(
          AuthorizeResult.DENY,
        );
        const response = await request(server)[method](path).send(body);
        expect(response.status).toBe(403);
        expect(response.body.error.message).toBe(
          `Only members of ${TEAM} and admins can ${what}`,
        );
        for (const fn of [
          goals.update,
          goals.withdraw,
          goals.updateFollowUp,
          goals.withdrawFollowUp,
          reviews.update,
          reviews.withdraw,
        ]) {
          expect(fn).not.toHaveBeenCalled();
        }
        expect(auditEvent.fail).toHaveBeenCalled();
      },
    );

    it.each([
      [
        'put',
        '/v1/teams/default/checkout/goals/g1',
        { metric, revision: 1 },
        /^Unknown field 'metric' in request body; expected 'target', 'dueDate', 'baseline', 'notes', 'revision', 'reason'$/,
      ],
      [
        'put',
        '/v1/teams/default/checkout/goals/g1',
        { target: 0.99 },
        /^'revision' must be the revision the change was made on/,
      ],
      [
        'delete',
        '/v1/teams/default/checkout/goals/g1',
        undefined,
        /^'revision' must be/,
      ],
      [
        'delete',
        '/v1/teams/default/checkout/goals/g1/follow-up',
        { revision: 1.5 },
        /^'revision' must be/,
      ],
      [
        'put',
        '/v1/teams/default/checkout/reviews/r1',
        { decision: 'maybe', revision: 1 },
        /^'decision' must be one of/,
      ],
      [
        'put',
        '/v1/teams/default/checkout/reviews/not%20an%20id',
        { revision: 1 },
        /^Invalid review id 'not an id'$/,
      ],
    ] as const)(
      'answers 400 to %s %s with a bad body',
      async (method, path, body, message) => {
        const { server, goals, reviews } = app();
        const response = await request(server)[method](path).send(body);
        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(message);
        expect(goals.update).not.toHaveBeenCalled();
        expect(goals.withdrawFollowUp).not.toHaveBeenCalled();
        expect(reviews.update).not.toHaveBeenCalled();
      },
    );

    it("answers 404 for another team's record and 409 for a stale revision, as the services say", async () => {
      const { server, goals, reviews } = app();
      goals.update.mockRejectedValueOnce(
        new NotFoundError(`No goal g9 of ${TEAM} found`),
      );
      const other = await request(server)
        .put('/v1/teams/default/checkout/goals/g9')
        .send({ target: 0.99, revision: 1 });
      expect(other.status).toBe(404);
      expect(other.body.error.message).toBe(`No goal g9 of ${TEAM} found`);

      const stale =
        'Review r1 was changed by someone else since you loaded it (you edited revision 1, it is now at revision 2); reload it and make your change again';
      reviews.withdraw.mockRejectedValueOnce(new ConflictError(stale));
      const conflict = await request(server)
        .delete('/v1/teams/default/checkout/reviews/r1')
        .send({ revision: 1 });
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.message).toBe(stale);

      const noTeam = await request(server)
        .put('/v1/teams/default/nobody/goals/g1')
        .send({ target: 0.99, revision: 1 });
      expect(noTeam.status).toBe(404);
      expect(goals.update).toHaveBeenCalledTimes(1);
    });

    it('answers the histories and lists withdrawn records when asked', async () => {
      const { server, goals, reviews } = app();
      const goalHistory = await request(server).get(
        '/v1/teams/default/checkout/goals/g1/history',
      );
      expect(goalHistory.body).toEqual({ items: [{ revision: 1 }] });
      expect(goals.history).toHaveBeenCalledWith(TEAM, 'g1');
      const reviewHistory = await request(server).get(
        '/v1/teams/default/checkout/reviews/r1/history',
      );
      expect(reviewHistory.body).toEqual({ items: [{ revision: 2 }] });
      expect(reviews.history).toHaveBeenCalledWith(TEAM, 'r1');
      expect(
        (
          await request(server).get(
            '/v1/teams/default/nobody/reviews/r1/history',
          )
        ).status,
      ).toBe(404);

      await request(server).get(
        '/v1/teams/default/checkout/goals?include=withdrawn',
      );
      await request(server).get(
        '/v1/teams/default/checkout/reviews?include=withdrawn',
      );
      expect(goals.list).toHaveBeenCalledWith(TEAM, { includeWithdrawn: true });
      expect(reviews.list).toHaveBeenCalledWith(TEAM, {
        includeWithdrawn: true,
      });
      const bad = await request(server).get(
        '/v1/teams/default/checkout/goals?include=everything',
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toBe(
        `Query parameter 'include' may only be 'withdrawn', once; got "everything"`,
      );
    });
  });
});
