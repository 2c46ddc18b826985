import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { parse, parseAllDocuments } from 'yaml';
import { metricsPlugin } from '../plugin';

// The rules endpoints on the whole plugin: generated from the catalog with the caller's
// credentials, in each format, with bad input refused before anything is generated.

const TEAM = 'group:default/checkout';
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
    metadata: {
      name: 'checkout-api',
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': 'checkout-api' },
      metrics: {
        slos: [
          {
            name: 'availability',
            objective: 99.9,
            window: '28d',
            alert: 'page',
          },
          {
            name: 'margin',
            objective: 99,
            window: '7d',
            sensitive: true,
            indicator: {
              ratio: {
                good: 'sum(increase(orders_total{service="checkout-api",margin="ok"}[{{window}}]))',
                total:
                  'sum(increase(orders_total{service="checkout-api"}[{{window}}]))',
              },
            },
          },
        ],
      },
    },
    spec: { type: 'service', owner: 'checkout', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: TEAM }],
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'basket',
      namespace: 'default',
      annotations: { 'metrics-suite/prometheus-service': 'basket' },
    },
    spec: { type: 'service', owner: 'checkout', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: TEAM }],
  },
];

const backends: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(backends.splice(0).map(b => b.stop()));
});

async function start() {
  const backend = await startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'https://portal.example.com' },
          metrics: {
            prometheus: {
              instances: [{ name: 'main', baseUrl: 'http://prometheus.test' }],
            },
            defaultSlos: [
              { name: 'availability', objective: 99.5, window: '28d' },
            ],
          },
        },
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities }),
    ],
  });
  backends.push(backend);
  return backend.server;
}

const USER = mockCredentials.user.header();
const SERVICE = mockCredentials.service.header();
const ENTITY = '/api/metrics/v1/entities/component/default/checkout-api/rules';
const GROUP = '/api/metrics/v1/groups/default/checkout/rules';

type RuleFile = {
  groups: Array<{
    name: string;
    rules: Array<{
      record?: string;
      alert?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    }>;
  }>;
};

describe('GET …/rules', () => {
  it("answers a rule file of the entity's SLOs, alerts linking to its Metrics tab", async () => {
    const server = await start();
    const response = await request(server)
      .get(ENTITY)
      .set('Authorization', USER);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/yaml/);
    expect(response.headers['content-disposition']).toContain('.rules.yaml"');
    expect(response.text).toContain('instance "main"');
    const file = parse(response.text) as RuleFile;
    expect(file.groups.map(g => g.name)).toEqual([
      'metrics-suite:component:default/checkout-api:availability',
      'metrics-suite:component:default/checkout-api:margin',
    ]);
    const alerts = file.groups[0].rules.filter(r => r.alert);
    expect(alerts.map(a => a.labels?.severity)).toEqual(['page', 'ticket']);
    expect(alerts[0].annotations?.dashboard_url).toBe(
      'https://portal.example.com/catalog/default/component/checkout-api/metrics',
    );
    // The margin SLO declares no alert: recordings only.
    expect(file.groups[1].rules.some(r => r.alert)).toBe(false);
  });

  it('leaves out sensitive SLOs the caller may not read', async () => {
    const server = await start();
    const response = await request(server)
      .get(ENTITY)
      .set('Authorization', SERVICE);
    expect(response.status).toBe(200);
    const file = parse(response.text) as RuleFile;
    expect(file.groups.map(g => g.name)).toEqual([
      'metrics-suite:component:default/checkout-api:availability',
    ]);
  });

  it("answers a squad's rules for every SLO it owns, defaults included", async () => {
    const server = await start();
    const response = await request(server)
      .get(GROUP)
      .set('Authorization', USER);
    expect(response.status).toBe(200);
    const file = parse(response.text) as RuleFile;
    expect(file.groups.map(g => g.name)).toEqual([
      'metrics-suite:component:default/basket:availability',
      'metrics-suite:component:default/checkout-api:availability',
      'metrics-suite:component:default/checkout-api:margin',
    ]);
  });

  it('answers a PrometheusRule and OpenSLO documents', async () => {
    const server = await start();
    const resource = await request(server)
      .get(`${ENTITY}?format=prometheusrule&namespace=monitoring`)
      .set('Authorization', USER);
    expect(resource.status).toBe(200);
    expect(parse(resource.text)).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { namespace: 'monitoring' },
      spec: { groups: expect.any(Array) },
    });
    const openslo = await request(server)
      .get(`${ENTITY}?format=openslo`)
      .set('Authorization', USER);
    expect(openslo.status).toBe(200);
    const docs = parseAllDocuments(openslo.text).map(d => d.toJS());
    expect(docs.map(d => [d.apiVersion, d.kind])).toEqual([
      ['openslo/v1', 'SLO'],
      ['openslo/v1', 'SLO'],
    ]);
  });

  it('refuses bad input with a message, and unknown entities with 404', async () => {
    const server = await start();
    const bad = await request(server)
      .get(`${ENTITY}?format=sloth`)
      .set('Authorization', USER);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe(
      'format must be one of rules, prometheusrule, backfill, openslo, got "sloth"',
    );
    const badNamespace = await request(server)
      .get(`${ENTITY}?format=prometheusrule&namespace=Not_A_Namespace`)
      .set('Authorization', USER);
    expect(badNamespace.status).toBe(400);
    const missing = await request(server)
      .get('/api/metrics/v1/entities/component/default/nothing/rules')
      .set('Authorization', USER);
    expect(missing.status).toBe(404);
  });
});
