import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { readMetricsConfig } from '../config/metricsConfig';
import type { PrometheusInstance } from '../readers';
import { PrometheusClient } from '../sources/prometheus';
import { missingInstanceProblem, resolveForView } from './resolveForView';

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';

function setUp(metrics: JsonObject) {
  const config = readMetricsConfig(new ConfigReader({ metrics }));
  const prometheus = new Map<string, PrometheusInstance>(
    config.prometheus.map(instance => [
      instance.name,
      {
        client: PrometheusClient.fromConfig(instance),
        convention: instance.convention,
      },
    ]),
  );
  return (component: Entity) => resolveForView(component, config, prometheus);
}

function entity(
  annotations: Record<string, string>,
  metrics?: JsonObject,
  owner = 'squad-a',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout',
      annotations,
      ...(metrics ? { metrics } : {}),
    },
    spec: { owner },
  };
}

const kpi = (query: string) => ({
  kpis: [{ name: 'k', bucket: 'usage', query }],
});

describe('resolveForView', () => {
  it('holds catalog PromQL to the service labels of the convention the entity reads', () => {
    const resolve = setUp({
      prometheus: {
        instances: [{ name: 'mesh', baseUrl: 'http://p', convention: 'istio' }],
      },
    });
    const ok = resolve(
      entity(
        { [SERVICE]: 'checkout' },
        kpi(
          'sum(increase(istio_requests_total{destination_canonical_service="checkout"}[{{window}}]))',
        ),
      ),
    );
    expect(ok.resolved.problems).toEqual([]);
    expect(ok.resolved.definitions.map(d => d.id)).toContain('kpi:k');

    const refused = resolve(
      entity(
        { [SERVICE]: 'checkout' },
        kpi(
          'sum(increase(istio_requests_total{service="checkout"}[{{window}}]))',
        ),
      ),
    );
    expect(refused.resolved.problems).toEqual([
      {
        path: 'metadata.metrics.kpis[0].query',
        message:
          'selector istio_requests_total{service="checkout"} has no destination_canonical_service="checkout" matcher (catalogQueries: scoped on instance "mesh")',
      },
    ]);
    expect(refused.resolved.definitions.map(d => d.id)).not.toContain('kpi:k');
  });

  it('applies grants to the entity owner, however the ref is written', () => {
    const resolve = setUp({
      prometheus: {
        instances: [
          {
            name: 'main',
            baseUrl: 'http://p',
            catalogQueries: {
              grants: [{ owner: 'Squad-A', matchers: { team: 'a' } }],
            },
          },
        ],
      },
    });
    const query = 'sum(increase(x_total{team="a"}[{{window}}]))';
    expect(resolve(entity({}, kpi(query))).resolved.problems).toEqual([]);
    expect(
      resolve(entity({}, kpi(query), 'squad-b')).resolved.problems,
    ).toHaveLength(1);
  });

  it('reports a default SLO whose window the instance does not allow at its config path', () => {
    const resolve = setUp({
      prometheus: {
        limits: { maxSloWindow: '30d' },
        instances: [{ name: 'main', baseUrl: 'http://p' }],
      },
      defaultSlos: [
        { name: 'monthly', objective: 99, window: '28d' },
        { name: 'quarterly', objective: 99, window: '13w' },
      ],
    });
    const { resolved } = resolve(entity({ [SERVICE]: 'checkout' }));
    expect(resolved.definitions.map(d => d.id)).toEqual(['slo:monthly']);
    expect(resolved.problems).toEqual([
      {
        path: 'metrics.defaultSlos[1].window',
        message:
          'is 13w, longer than the 30d instance "main" allows (limits.maxSloWindow)',
      },
    ]);
  });

  it('never falls back to another instance when the entity may not use its own', () => {
    const resolve = setUp({
      prometheus: {
        instances: [
          {
            name: 'main',
            baseUrl: 'http://p',
            default: true,
            allowedNamespaces: ['payments'],
          },
          { name: 'open', baseUrl: 'http://o' },
        ],
      },
    });
    const forView = resolve(entity({ [SERVICE]: 'checkout' }));
    expect(forView.instance).toBeUndefined();
    expect(forView.instanceName).toBeUndefined();
    expect(forView.instanceRefusal).toMatch(
      /^the Prometheus instance "main" is restricted to the catalog namespaces/,
    );
    expect(forView.resolved.problems).toEqual([
      {
        path: `metadata.annotations.${INSTANCE}`,
        message: forView.instanceRefusal,
      },
    ]);
    expect(missingInstanceProblem(forView, ['main', 'open'])).toBe(
      forView.instanceRefusal,
    );
  });

  it('says nothing about instances to an entity that reads no Prometheus', () => {
    const resolve = setUp({
      prometheus: {
        instances: [
          {
            name: 'main',
            baseUrl: 'http://p',
            allowedOwners: ['group:default/x'],
          },
        ],
      },
    });
    expect(resolve(entity({})).resolved.problems).toEqual([]);
    expect(setUp({})(entity({})).resolved.problems).toEqual([]);
  });

  it('reports a missing default instance among the problems', () => {
    const { resolved } = setUp({})(entity({ [SERVICE]: 'checkout' }));
    expect(resolved.problems).toEqual([
      {
        path: `metadata.annotations.${INSTANCE}`,
        message:
          'no default Prometheus instance is configured in metrics.prometheus.instances',
      },
    ]);
  });
});
