import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import { resolveEntityMetrics } from '@metrics-suite/backstage-plugin-metrics-common';
import { hideSensitive, owningTeam } from './hideSensitive';

function resolved(owner: string | undefined, kpis: JsonObject[]) {
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'shop', metrics: { kpis } },
    spec: {
      type: 'service',
      lifecycle: 'production',
      ...(owner ? { owner } : {}),
    },
  };
  return resolveEntityMetrics(entity);
}

const kpi = (name: string, extra: JsonObject = {}) => ({
  name,
  bucket: 'business',
  query: 'sum(increase(x_total[{{window}}]))',
  ...extra,
});

const credentials = mockCredentials.user();

describe('owningTeam', () => {
  it('is the metric’s group owner, else the entity’s group owner, else none', () => {
    const r = resolved('group:default/shop-team', [
      kpi('a', { owner: 'group:default/finance' }),
      kpi('b', { owner: 'user:default/jane' }),
      kpi('c'),
    ]);
    expect(r.definitions.map(d => owningTeam(d, r))).toEqual([
      'group:default/finance',
      'group:default/shop-team',
      'group:default/shop-team',
    ]);
    const byUser = resolved('user:default/jane', [kpi('d')]);
    expect(owningTeam(byUser.definitions[0], byUser)).toBeUndefined();
  });
});

describe('hideSensitive', () => {
  it('shows a sensitive metric without a team only when the policy allows it outright', async () => {
    const r = resolved(undefined, [kpi('a', { sensitive: true }), kpi('b')]);
    const conditional = mockServices.permissions.mock({
      authorizeConditional: async requests =>
        requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'metrics',
          resourceType: 'metrics-team',
          conditions: {
            rule: 'IS_TEAM_MEMBER',
            resourceType: 'metrics-team',
            params: { claims: [] },
          },
        })),
    });
    const hidden = await hideSensitive([r], conditional, credentials);
    expect(hidden.hidden).toBe(1);
    expect(hidden.resolved[0].definitions.map(d => d.name)).toEqual(['b']);
    expect(hidden.hiddenIds).toEqual(
      new Map([['component:default/shop', new Set(['kpi:a'])]]),
    );
    expect(conditional.authorize).not.toHaveBeenCalled();

    const allowed = await hideSensitive(
      [r],
      mockServices.permissions({ result: AuthorizeResult.ALLOW }),
      credentials,
    );
    expect(allowed.hidden).toBe(0);
    expect(allowed.resolved[0]).toBe(r);
  });

  it('asks once per team however its ref is spelled', async () => {
    const r = resolved('group:default/Shop', [
      kpi('a', { sensitive: true }),
      kpi('b', { sensitive: true, owner: 'group:default/shop' }),
    ]);
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.DENY })),
    });
    const result = await hideSensitive([r], permissions, credentials);
    expect(result.hidden).toBe(2);
    expect(permissions.authorize.mock.calls[0][0]).toHaveLength(1);
  });

  it('leaves out every sensitive metric with mode never, asking nobody', async () => {
    const r = resolved('group:default/shop', [
      kpi('a', { sensitive: true }),
      kpi('b', { sensitive: true, owner: 'user:default/jane' }),
      kpi('c'),
    ]);
    const permissions = mockServices.permissions.mock();
    const result = await hideSensitive([r], permissions, credentials, 'never');
    expect(result.hidden).toBe(2);
    expect(result.resolved[0].definitions.map(d => d.name)).toEqual(['c']);
    expect(permissions.authorize).not.toHaveBeenCalled();
    expect(permissions.authorizeConditional).not.toHaveBeenCalled();
  });
});
