import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  EntityMetricsResponse,
  SloViewItem,
  TeamMaturity,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { ViewRequest } from '../http/parseViewRequest';
import { registerMetricsActions } from './registerActions';
import type { RulesRequest } from '../http/parseRulesRequest';

const NOW = Date.parse('2025-03-10T08:00:00Z');
const API = 'component:default/checkout-api';
const PAYMENTS = 'group:default/payments';

const AVAILABILITY: SloViewItem = {
  id: 'slo:availability',
  name: 'availability',
  objective: 99.9,
  window: '28d',
  sli: 0.9985,
  budgetRemaining: -0.5,
  burnRates: { '1h': 15.2, '5m': 16 },
  alert: 'page',
  state: 'breaching',
  counts: { good: 9985, valid: 10000 },
  series: [{ t: 1, sli: 0.99, budgetRemaining: 0.2 }],
  owner: 'group:default/sre',
};

const MATURITY: TeamMaturity = {
  entityRef: PAYMENTS,
  title: 'Payments',
  parentRef: 'group:default/commerce',
  stage: 2,
  stageName: 'project preplanning',
  checks: [
    { stage: 1, name: 'one-off queries', met: true, detail: '4 views' },
    { stage: 2, name: 'project preplanning', met: true, detail: '1 goal' },
    {
      stage: 3,
      name: 'project follow-up',
      met: false,
      detail: 'no goal followed up yet',
    },
  ],
  nextStep: 'Follow up the goal due 2025-03-14 once it is due.',
  evidence: {
    views: { count: 4, lastAt: '2025-03-09T10:00:00.000Z' },
    goals: { count: 1, open: 1, due: 0 },
    followUps: { count: 0, met: 0, missed: 0 },
    weeks: [],
    definitionChanges: { count: 0 },
    decisions: { reviews: 0, actedWithMetric: 0 },
  },
  history: [
    { day: '2025-02-01', stage: 1 },
    { day: '2025-03-10', stage: 2 },
  ],
  assessedAt: '2025-03-10T08:00:00.000Z',
};

function setUp() {
  const views: Array<{
    request: ViewRequest;
    credentials: BackstageCredentials;
  }> = [];
  const entityViews = {
    async getEntityView(
      request: ViewRequest,
      credentials: BackstageCredentials,
    ): Promise<EntityMetricsResponse> {
      views.push({ request, credentials });
      if (request.entityRef.name === 'unknown') {
        throw new NotFoundError('No entity component:default/unknown found');
      }
      return {
        entityRef: API,
        range: {
          window: request.range,
          start: new Date(request.start * 1000).toISOString(),
          end: new Date(request.end * 1000).toISOString(),
        },
        slos: { status: 'ok', items: [AVAILABILITY] },
        callers: { status: 'ok', items: [] },
        traffic: { status: 'ok', items: [] },
        integrations: { status: 'ok', items: [] },
        kpis: { status: 'not-configured', items: [] },
        problems: [
          {
            path: 'metadata.metrics.slos[1].objective',
            message: 'must be below 100',
          },
        ],
        hiddenSensitive: 0,
      };
    },
  };
  const group: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'payments', namespace: 'default' },
    spec: { type: 'team', children: [] },
  };
  const maturity = { getTeam: jest.fn(async () => MATURITY) };
  const rules = {
    entityRules: jest.fn(
      async (request: RulesRequest, _credentials: BackstageCredentials) => ({
        filename: `${request.entityRef.name}.rules.yaml`,
        text: `# entity ${request.format}`,
      }),
    ),
    groupRules: jest.fn(
      async (request: RulesRequest, _credentials: BackstageCredentials) => ({
        filename: `${request.entityRef.name}.rules.yaml`,
        text: `# group ${request.format}`,
      }),
    ),
  };
  const registry = actionsRegistryServiceMock();
  registerMetricsActions({
    actionsRegistry: registry,
    entityViews,
    rules,
    catalog: catalogServiceMock({ entities: [group] }),
    maturity,
    now: () => NOW,
  });
  return { registry, views, maturity, rules };
}

describe('registerMetricsActions', () => {
  it('registers read-only, idempotent actions', async () => {
    const { registry } = setUp();
    const { actions } = await registry.list();
    expect(actions.map(a => [a.name, a.attributes])).toEqual([
      [
        'get-slo-rules',
        { destructive: false, readOnly: true, idempotent: true },
      ],
      [
        'get-slo-status',
        { destructive: false, readOnly: true, idempotent: true },
      ],
      [
        'get-team-maturity',
        { destructive: false, readOnly: true, idempotent: true },
      ],
    ]);
  });

  describe('get-slo-status', () => {
    it("returns the service's SLOs with the caller's credentials", async () => {
      const { registry, views } = setUp();
      const credentials = mockCredentials.user('user:default/ada');
      const { output } = await registry.invoke({
        id: 'test:get-slo-status',
        input: { entityRef: API, range: '1d' },
        credentials,
      });
      expect(output).toEqual({
        entityRef: API,
        range: {
          window: '1d',
          start: '2025-03-09T08:00:00.000Z',
          end: '2025-03-10T08:00:00.000Z',
        },
        status: 'ok',
        slos: [
          {
            id: 'slo:availability',
            name: 'availability',
            objective: 99.9,
            window: '28d',
            sli: 0.9985,
            budgetRemaining: -0.5,
            burnRates: { '1h': 15.2, '5m': 16 },
            alert: 'page',
            state: 'breaching',
            owner: 'group:default/sre',
          },
        ],
        problems: [
          {
            path: 'metadata.metrics.slos[1].objective',
            message: 'must be below 100',
          },
        ],
      });
      expect(views).toHaveLength(1);
      expect(views[0].credentials).toBe(credentials);
      expect(views[0].request.entityRef).toEqual({
        kind: 'component',
        namespace: 'default',
        name: 'checkout-api',
      });
    });

    it('defaults the kind, namespace and range', async () => {
      const { registry, views } = setUp();
      await registry.invoke({
        id: 'test:get-slo-status',
        input: { entityRef: 'checkout-api' },
        credentials: mockCredentials.user(),
      });
      expect(views[0].request).toMatchObject({
        entityRef: {
          kind: 'component',
          namespace: 'default',
          name: 'checkout-api',
        },
        range: '7d',
      });
    });

    it('rejects malformed refs and ranges before reading anything', async () => {
      const { registry, views } = setUp();
      for (const input of [
        { entityRef: 'component:default/' },
        { entityRef: 'component:default/bad name' },
        { entityRef: API, range: '90d' },
        { entityRef: '' },
      ]) {
        await expect(
          registry.invoke({
            id: 'test:get-slo-status',
            input,
            credentials: mockCredentials.user(),
          }),
        ).rejects.toThrow(InputError);
      }
      expect(views).toHaveLength(0);
    });

    it('passes on that the entity does not exist', async () => {
      const { registry } = setUp();
      await expect(
        registry.invoke({
          id: 'test:get-slo-status',
          input: { entityRef: 'component:default/unknown' },
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow(NotFoundError);
    });
  });

  describe('get-slo-rules', () => {
    it("generates an entity's or a group's rules with the caller's credentials", async () => {
      const { registry, rules } = setUp();
      const credentials = mockCredentials.user('user:default/ada');
      const entity = await registry.invoke({
        id: 'test:get-slo-rules',
        input: { entityRef: 'checkout-api' },
        credentials,
      });
      expect(entity.output).toEqual({
        fileName: 'checkout-api.rules.yaml',
        text: '# entity rules',
      });
      const group = await registry.invoke({
        id: 'test:get-slo-rules',
        input: { entityRef: 'group:default/payments', format: 'openslo' },
        credentials,
      });
      expect(group.output).toEqual({
        fileName: 'payments.rules.yaml',
        text: '# group openslo',
      });
      expect(rules.entityRules.mock.calls[0][1]).toBe(credentials);
      expect(rules.groupRules.mock.calls[0][0].entityRef).toEqual({
        kind: 'group',
        namespace: 'default',
        name: 'payments',
      });
    });

    it('rejects an unknown format before generating anything', async () => {
      const { registry, rules } = setUp();
      await expect(
        registry.invoke({
          id: 'test:get-slo-rules',
          input: { entityRef: 'checkout-api', format: 'sloth' },
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow();
      expect(rules.entityRules).not.toHaveBeenCalled();
    });
  });

  describe('get-team-maturity', () => {
    it("returns the team's stage, next step, checks and history", async () => {
      const { registry, maturity } = setUp();
      const { output } = await registry.invoke({
        id: 'test:get-team-maturity',
        input: { teamRef: 'payments' },
        credentials: mockCredentials.user(),
      });
      expect(maturity.getTeam).toHaveBeenCalledWith(PAYMENTS);
      expect(output).toEqual({
        teamRef: PAYMENTS,
        title: 'Payments',
        parentRef: 'group:default/commerce',
        stage: 2,
        stageName: 'project preplanning',
        nextStep: 'Follow up the goal due 2025-03-14 once it is due.',
        checks: MATURITY.checks,
        evidence: MATURITY.evidence,
        history: MATURITY.history,
        assessedAt: '2025-03-10T08:00:00.000Z',
      });
    });

    it('rejects refs that are not groups, and groups the caller cannot see', async () => {
      const { registry, maturity } = setUp();
      await expect(
        registry.invoke({
          id: 'test:get-team-maturity',
          input: { teamRef: API },
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow(
        'Invalid entity ref "component:default/checkout-api": expected a group, got kind component',
      );
      await expect(
        registry.invoke({
          id: 'test:get-team-maturity',
          input: { teamRef: 'group:default/secret-team' },
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow(NotFoundError);
      expect(maturity.getTeam).not.toHaveBeenCalled();
    });
  });
});
