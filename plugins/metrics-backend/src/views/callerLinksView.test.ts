import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { setupServer } from 'msw/node';
import {
  FAKE_PROMETHEUS_BASE,
  fakePrometheus,
} from '../__testUtils__/fakePrometheus';
import { readMetricsConfig } from '../config/metricsConfig';
import { PrometheusClient } from '../sources/prometheus';
import { EntityViewService, PrometheusInstance } from './EntityViewService';

// The callers section of a whole service view over a catalog far larger than the callers shown:
// one read by ref per view for the links, carrying only the shown callers.

const server = setupServer();
registerMswTestHooks(server);

const SERVICE = 'metrics-suite/prometheus-service';

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
  };
}

// 15 callers, each a Component; 500 other Components nobody asked about.
const callers = Array.from(
  { length: 15 },
  (_, i) => `caller-${String(i).padStart(2, '0')}`,
);
const entities = [
  component('orders', { [SERVICE]: 'orders' }),
  ...callers.map(id => component(id, { [SERVICE]: id })),
  ...Array.from({ length: 500 }, (_, i) =>
    component(`filler-${i}`, { [SERVICE]: `filler-${i}` }),
  ),
];

const CALLER_REQUESTS =
  'sum by (caller) (increase(http_server_requests_total{service="orders"}[1d]))';

const END = 1735689600;

it('links the shown callers by reading only them by ref; the catalog is listed once, for the index', async () => {
  fakePrometheus(server, {
    instant: {
      [CALLER_REQUESTS]: callers.map((caller, i) => ({
        metric: { caller },
        value: String(1000 - i),
      })),
    },
  });
  const catalog = catalogServiceMock({ entities });
  const getEntities = jest.spyOn(catalog, 'getEntities');
  const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
  const config = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [{ name: 'main', baseUrl: FAKE_PROMETHEUS_BASE }],
        },
      },
    }),
  );
  const prometheus = new Map<string, PrometheusInstance>(
    config.prometheus.map(instance => [
      instance.name,
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ]),
  );
  const views = new EntityViewService({
    catalog,
    logger: mockServices.logger.mock(),
    config,
    permissions: mockServices.permissions(),
    prometheus,
  });
  const credentials = mockCredentials.user('user:default/alice');

  const view = await views.getEntityView(
    {
      entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
      range: '1d',
      end: END,
      start: END - 86400,
    },
    credentials,
  );

  expect(view.callers.status).toBe('ok');
  const shown = callers.slice(0, 10);
  expect(view.callers.items.map(c => c.entityRef)).toEqual([
    ...shown.map(id => `component:default/${id}`),
    undefined, // the folded rest
  ]);
  // The caller index lists the catalog once; each view reads only the shown callers by ref.
  expect(getEntities).toHaveBeenCalledTimes(1);
  expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
  const [request, options] = getEntitiesByRefs.mock.calls[0];
  expect(options).toEqual({ credentials });
  expect(request.entityRefs).toEqual(
    shown.map(id => `component:default/${id}`),
  );

  await views.getEntityView(
    {
      entityRef: { kind: 'component', namespace: 'default', name: 'orders' },
      range: '1d',
      end: END - 60,
      start: END - 60 - 86400,
    },
    credentials,
  );
  expect(getEntities).toHaveBeenCalledTimes(1);
  expect(getEntitiesByRefs).toHaveBeenCalledTimes(2);
});
