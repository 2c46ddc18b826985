import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import { readMetricsConfig } from './metricsConfig';

const WHERE = 'metrics.prometheus.instances[0]';

function instance(extra: JsonObject) {
  const [read] = readMetricsConfig(
    new ConfigReader({
      metrics: {
        prometheus: {
          instances: [{ name: 'main', baseUrl: 'http://p:9090', ...extra }],
        },
      },
    }),
  ).prometheus;
  return read;
}

function refusal(extra: JsonObject): string {
  try {
    instance(extra);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('catalogQueries and instance access', () => {
  it('defaults to scoped, no grants and no restriction', () => {
    const read = instance({});
    expect(read.catalogQueries).toEqual({ policy: 'scoped', grants: [] });
    expect(read).not.toHaveProperty('allowedOwners');
    expect(read).not.toHaveProperty('allowedNamespaces');
  });

  it('reads the policy, grants and allowed owners and namespaces', () => {
    const read = instance({
      catalogQueries: {
        policy: 'any',
        grants: [
          { owner: 'Payments', matchers: { namespace: 'payments' } },
          {
            owner: 'user:default/jane',
            matchers: { team: 'a', env: 'prod' },
          },
        ],
      },
      allowedOwners: ['group:default/Payments', 'payments-ops'],
      allowedNamespaces: ['Payments'],
    });
    expect(read.catalogQueries).toEqual({
      policy: 'any',
      grants: [
        {
          owner: 'group:default/payments',
          matchers: { namespace: 'payments' },
        },
        { owner: 'user:default/jane', matchers: { team: 'a', env: 'prod' } },
      ],
    });
    expect(read.allowedOwners).toEqual([
      'group:default/payments',
      'group:default/payments-ops',
    ]);
    expect(read.allowedNamespaces).toEqual(['payments']);
  });

  it('refuses an unknown policy, naming the key', () => {
    expect(refusal({ catalogQueries: { policy: 'all' } })).toBe(
      `${WHERE}.catalogQueries.policy must be one of "any", "scoped", "none", got "all"`,
    );
    expect(refusal({ catalogQueries: { policy: 3 } })).toMatch(
      /^metrics\.prometheus\.instances\[0\]\.catalogQueries: .*policy/,
    );
  });

  it('refuses bad grants, naming the key', () => {
    expect(
      refusal({
        catalogQueries: {
          grants: [{ owner: 'group:default/', matchers: { namespace: 'x' } }],
        },
      }),
    ).toBe(
      `${WHERE}.catalogQueries.grants[0].owner: "group:default/" is not an entity reference such as group:default/my-team`,
    );
    expect(
      refusal({ catalogQueries: { grants: [{ owner: 'payments' }] } }),
    ).toBe(
      `${WHERE}.catalogQueries.grants[0].matchers must give at least one label and its value, e.g. { namespace: payments }`,
    );
    expect(
      refusal({
        catalogQueries: {
          grants: [{ owner: 'payments', matchers: { 'bad-label': 'x' } }],
        },
      }),
    ).toBe(
      `${WHERE}.catalogQueries.grants[0].matchers: "bad-label" is not a Prometheus label name`,
    );
    expect(
      refusal({
        catalogQueries: {
          grants: [{ owner: 'payments', matchers: { namespace: '' } }],
        },
      }),
    ).toMatch(
      /^metrics\.prometheus\.instances\[0\]\.catalogQueries: .*'metrics\.prometheus\.instances\[0\]\.catalogQueries\.grants\[0\]\.matchers\.namespace'.*got empty-string/,
    );
  });

  it('refuses empty or malformed allow lists', () => {
    expect(refusal({ allowedOwners: [] })).toBe(
      `${WHERE}.allowedOwners must not be empty; leave it out to allow every entity`,
    );
    expect(refusal({ allowedOwners: ['component:default/x'] })).toBe(
      `${WHERE}.allowedOwners[0]: "component:default/x" must name a group or a user, not a component`,
    );
    expect(refusal({ allowedNamespaces: ['not a namespace'] })).toBe(
      `${WHERE}.allowedNamespaces[0] must be a catalog namespace, got "not a namespace"`,
    );
  });
});
