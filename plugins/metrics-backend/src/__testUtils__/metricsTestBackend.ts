import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { JsonObject } from '@backstage/types';
import { metricsPlugin } from '../plugin';

// The whole plugin on a test backend (auth, permissions allowing everything as Backstage's
// default policy does, the catalog, Backstage's error middleware), without Prometheus.
// Test-only: lives under `__testUtils__`.

export const TEAM = 'group:default/checkout';
export const API = 'component:default/checkout-api';

const kpi = (name: string, extra: JsonObject = {}) => ({
  name,
  bucket: 'business',
  query: 'sum(increase(orders_total[{{window}}]))',
  ...extra,
});

/** A squad and its service, with one sensitive KPI of its own and one of another team. */
export const testEntities: Entity[] = [
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
      metrics: {
        kpis: [
          kpi('revenue', { sensitive: true }),
          kpi('fraud-losses', {
            sensitive: true,
            owner: 'group:default/risk',
          }),
          kpi('orders'),
        ],
      },
    },
    spec: { type: 'service', owner: 'checkout', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: TEAM }],
  },
];

/** Starts the plugin with `metrics` config; stop it with `backend.stop()`. */
export async function startMetricsTestBackend(metrics: JsonObject = {}) {
  return startTestBackend({
    features: [
      metricsPlugin,
      mockServices.rootConfig.factory({ data: { metrics } }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      catalogServiceMock.factory({ entities: testEntities }),
    ],
  });
}
