import {
  TestDatabases,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  MetricRef,
  addDays,
  metricsGoalCreatePermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import express from 'express';
import request from 'supertest';
import { readMetricsConfig } from '../config/metricsConfig';
import { createMetricsStores } from '../database/createMetricsStores';
import type { GoalService } from '../team/GoalService';
import type { MetricValueReader } from '../team/GoalService';
import { NorthStarService } from '../team/NorthStarService';
import type { ReviewService } from '../team/ReviewService';
import { TeamMetrics } from '../team/TeamMetrics';
import { TeamMaturityReader, createTeamRouter } from './teamRouter';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const PATH = '/v1/teams/default/checkout/north-star';
const orders = {
  entityRef: 'component:default/checkout-api',
  metricId: 'kpi:orders',
};

function component(name: string, owner: string, kpis: JsonObject[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': name },
      metrics: { kpis },
    },
    spec: { type: 'service', owner },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}
const squad = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'squad', children: [] },
});

const config = readMetricsConfig(
  new ConfigReader({
    metrics: {
      sqlEvents: { table: 'analytics_events' },
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
  const catalog = catalogServiceMock({
    entities: [
      squad('checkout'),
      squad('search'),
      component('checkout-api', 'checkout', [
        {
          name: 'orders',
          bucket: 'business',
          source: 'sql',
          eventType: 'order',
          target: { value: 100, direction: 'above' },
        },
      ]),
      component('search-api', 'search', [
        { name: 'queries', bucket: 'usage', source: 'sql', eventType: 'query' },
      ]),
    ],
  });
  const permissions = mockServices.permissions({ result: permission });
  jest.spyOn(permissions, 'authorize');
  const now = () => new Date('2026-11-18T09:00:00Z');
  const values: Pick<MetricValueReader, 'currentValue'> = {
    currentValue: async (metric: MetricRef, today: string) => ({
      metric,
      name: 'orders',
      unit: 'count',
      value: 120,
      numerator: 120,
      fromDay: addDays(today, -7),
      toDay: addDays(today, -1),
      source: 'snapshots',
    }),
  };
  const northStars = new NorthStarService({
    store: stores.northStars,
    goals: stores.teamRecords,
    snapshots: stores.snapshots,
    teamMetrics: new TeamMetrics({
      catalog,
      permissions,
      config,
      prometheus: new Map(),
    }),
    values,
    now,
  });
  const auditEvent = {
    success: jest.fn(async () => {}),
    fail: jest.fn(async () => {}),
  };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => auditEvent),
  });
  const router = createTeamRouter({
    httpAuth: mockServices.httpAuth(),
    auditor,
    catalog,
    permissions,
    goals: {} as GoalService,
    reviews: {} as ReviewService,
    northStars,
    maturity: {} as TeamMaturityReader,
    now,
  });
  return {
    server: express().use(router).use(mockErrorHandler()),
    stores,
    auditor,
    auditEvent,
    permissions,
  };
}

describe('the north-star routes', () => {
  it('answers null, marks a KPI of the team with 200, shows it, clears it with 204', async () => {
    const { server, stores, auditor, auditEvent } = await stack();
    await stores.snapshots.upsertSnapshots([
      {
        ...orders,
        day: '2026-11-09',
        numerator: 30,
        denominator: null,
        source: 'sql',
      },
      {
        ...orders,
        day: '2026-11-15',
        numerator: 12,
        denominator: null,
        source: 'sql',
      },
    ]);
    expect((await request(server).get(PATH)).body).toBeNull();

    const set = await request(server).put(PATH).send({ metric: orders });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      metric: orders,
      name: 'orders',
      bucket: 'business',
      value: 120,
      target: { value: 100, direction: 'above' },
      setBy: 'user:default/mock',
    });
    expect(set.body.trend).toHaveLength(12);
    expect(set.body.trend[11]).toEqual({ week: '2026-11-09', value: 42 });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'north-star-set',
        meta: { teamRef: 'group:default/checkout' },
      }),
    );
    expect(auditEvent.success).toHaveBeenCalledWith({
      meta: { metric: orders },
    });

    const shown = await request(server).get(PATH);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual(set.body);

    const cleared = await request(server).delete(PATH);
    expect(cleared.status).toBe(204);
    expect(auditEvent.success).toHaveBeenLastCalledWith({
      meta: { cleared: true },
    });
    expect((await request(server).get(PATH)).body).toBeNull();
    expect(
      await stores.northStars.getNorthStar('group:default/checkout'),
    ).toBeUndefined();
  });

  it.each([
    [
      'a metric that is not a KPI',
      { metric: { ...orders, metricId: 'slo:availability' } },
      "'slo:availability' is not a KPI: a north star is one of the team's KPIs (an id starting with 'kpi:')",
    ],
    [
      'a KPI of another team',
      {
        metric: {
          entityRef: 'component:default/search-api',
          metricId: 'kpi:queries',
        },
      },
      /^'kpi:queries' of component:default\/search-api is not a metric of group:default\/checkout/,
    ],
    [
      'a KPI that is not declared',
      { metric: { ...orders, metricId: 'kpi:refunds' } },
      "component:default/checkout-api has no metric 'kpi:refunds'",
    ],
    [
      'a body without metric',
      {},
      "'metric' must be an object with 'entityRef' and 'metricId'",
    ],
  ])('answers 400 to %s, storing nothing', async (_case, body, message) => {
    const { server, stores, auditEvent } = await stack();
    const response = await request(server).put(PATH).send(body);
    expect(response.status).toBe(400);
    expect(response.body.error.message).toMatch(message);
    expect(auditEvent.fail).toHaveBeenCalled();
    expect(await stores.northStars.listNorthStars({})).toEqual([]);
  });

  it('answers 403 to writes the policy denies, keeping the north star', async () => {
    const { server, stores } = await stack(AuthorizeResult.DENY);
    await stores.northStars.setNorthStar({
      teamRef: 'group:default/checkout',
      metric: orders,
      setBy: 'user:default/alice',
    });
    for (const response of [
      await request(server).put(PATH).send({ metric: orders }),
      await request(server).delete(PATH),
    ]) {
      expect(response.status).toBe(403);
      expect(response.body.error.message).toBe(
        'Only members of group:default/checkout and admins can set its goals',
      );
    }
    expect(
      await stores.northStars.getNorthStar('group:default/checkout'),
    ).toBeDefined();
    // Reading needs no write permission.
    expect((await request(server).get(PATH)).status).toBe(200);
  });

  it("asks for the goal writers' permission on the team, and 404 for an unknown team", async () => {
    const { server, permissions } = await stack();
    expect((await request(server).delete(PATH)).status).toBe(204);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: metricsGoalCreatePermission,
          resourceRef: 'group:default/checkout',
        },
      ],
      expect.anything(),
    );
    const unknown = await request(server)
      .put('/v1/teams/default/nobody/north-star')
      .send({ metric: orders });
    expect(unknown.status).toBe(404);
  });
});
