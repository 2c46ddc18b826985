import { DEFAULT_TELEMETRY_CONVENTION } from '@metrics-suite/backstage-plugin-metrics-common';
import { DEFAULT_CATALOG_QUERIES } from '../config/catalogQueries';
import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { DEFAULT_PROMETHEUS_LIMITS } from '../config/prometheusLimits';
import { instanceRefusal } from './instanceAccess';

function instance(
  access: Pick<PrometheusInstanceConfig, 'allowedOwners' | 'allowedNamespaces'>,
): PrometheusInstanceConfig {
  return {
    name: 'tenant-b',
    baseUrl: 'http://mimir.internal',
    default: false,
    headers: {},
    timeoutMs: 1000,
    convention: DEFAULT_TELEMETRY_CONVENTION,
    limits: DEFAULT_PROMETHEUS_LIMITS,
    catalogQueries: DEFAULT_CATALOG_QUERIES,
    rules: { read: 'never', alertsDeployed: false },
    ...access,
  };
}

describe('instanceRefusal', () => {
  it('lets every entity use an instance without allow lists', () => {
    expect(instanceRefusal(instance({}), { namespace: 'default' })).toBe(
      undefined,
    );
  });

  it('compares owners as entity refs, whatever their case', () => {
    const restricted = instance({ allowedOwners: ['group:default/tenant-b'] });
    expect(
      instanceRefusal(restricted, {
        owner: 'group:default/Tenant-B',
        namespace: 'default',
      }),
    ).toBeUndefined();
    expect(
      instanceRefusal(restricted, {
        owner: 'group:default/tenant-a',
        namespace: 'default',
      }),
    ).toBe(
      'the Prometheus instance "tenant-b" is restricted to the owners listed in its configuration (allowedOwners); this entity (owner group:default/tenant-a, namespace default) may not use it',
    );
    expect(instanceRefusal(restricted, { namespace: 'default' })).toMatch(
      /\(owner none, namespace default\) may not use it$/,
    );
  });

  it('needs both the owner and the namespace when both are listed', () => {
    const restricted = instance({
      allowedOwners: ['group:tenant-b/team'],
      allowedNamespaces: ['tenant-b'],
    });
    expect(
      instanceRefusal(restricted, {
        owner: 'group:tenant-b/team',
        namespace: 'Tenant-B',
      }),
    ).toBeUndefined();
    expect(
      instanceRefusal(restricted, {
        owner: 'group:tenant-b/team',
        namespace: 'default',
      }),
    ).toMatch(
      /restricted to the owners and catalog namespaces listed in its configuration \(allowedOwners, allowedNamespaces\)/,
    );
    expect(
      instanceRefusal(restricted, {
        owner: 'group:default/other',
        namespace: 'tenant-b',
      }),
    ).toBeDefined();
  });
});
