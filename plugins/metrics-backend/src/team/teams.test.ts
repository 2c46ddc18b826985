import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { isTeamEntity, listTeams, loadTeam } from './teams';

const TEAM_TYPES = ['team', 'squad'];
const credentials = mockCredentials.service();

function group(
  name: string,
  spec: Record<string, unknown>,
  options: { title?: string; relations?: Entity['relations'] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
    },
    spec: { children: [], ...spec },
    relations: options.relations ?? [],
  };
}

const entities: Entity[] = [
  group(
    'checkout-squad',
    { type: 'squad', parent: 'commerce-tribe' },
    {
      title: 'Checkout squad',
      relations: [
        { type: 'childOf', targetRef: 'group:default/commerce-tribe' },
        { type: 'ownerOf', targetRef: 'component:default/checkout-worker' },
        { type: 'ownerOf', targetRef: 'component:default/checkout-api' },
        { type: 'ownerOf', targetRef: 'api:default/checkout' },
        { type: 'ownerOf', targetRef: 'system:default/checkout' },
        { type: 'hasMember', targetRef: 'user:default/ada' },
      ],
    },
  ),
  // No relations stitched yet: the parent comes from spec.parent.
  group('payments', {
    type: 'Team',
    parent: 'finance/money-tribe',
    profile: { displayName: 'Payments' },
  }),
  group('commerce-tribe', { type: 'tribe' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-api', namespace: 'default' },
    spec: { type: 'service', owner: 'checkout-squad', lifecycle: 'production' },
  },
];

describe('isTeamEntity', () => {
  it('accepts groups of the team types, in any case', () => {
    expect(isTeamEntity(entities[0], TEAM_TYPES)).toBe(true);
    expect(isTeamEntity(entities[1], TEAM_TYPES)).toBe(true);
    expect(isTeamEntity(entities[2], TEAM_TYPES)).toBe(false);
    expect(isTeamEntity(entities[3], ['service'])).toBe(false);
  });
});

describe('listTeams', () => {
  it('lists the teams with title, parent and owned components', async () => {
    const catalog = catalogServiceMock({ entities });
    await expect(listTeams(catalog, TEAM_TYPES, credentials)).resolves.toEqual([
      {
        entityRef: 'group:default/checkout-squad',
        title: 'Checkout squad',
        parentRef: 'group:default/commerce-tribe',
        componentRefs: [
          'component:default/checkout-api',
          'component:default/checkout-worker',
        ],
      },
      {
        entityRef: 'group:default/payments',
        title: 'Payments',
        parentRef: 'group:finance/money-tribe',
        componentRefs: [],
      },
    ]);
  });

  it('reads the catalog once, with the given credentials', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn().mockResolvedValue({ items: entities }),
    });
    const teams = await listTeams(catalog, ['tribe'], credentials);
    expect(teams.map(t => t.entityRef)).toEqual([
      'group:default/commerce-tribe',
    ]);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: { kind: 'group', 'spec.type': ['tribe'] },
      }),
      { credentials },
    );
  });

  it('lists nothing without team types', async () => {
    const catalog = catalogServiceMock.mock();
    await expect(listTeams(catalog, [], credentials)).resolves.toEqual([]);
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });
});

describe('loadTeam', () => {
  const catalog = catalogServiceMock({ entities });

  it('loads a team by full or short ref', async () => {
    await expect(
      loadTeam(catalog, 'default/checkout-squad', TEAM_TYPES, credentials),
    ).resolves.toMatchObject({
      entityRef: 'group:default/checkout-squad',
      componentRefs: [
        'component:default/checkout-api',
        'component:default/checkout-worker',
      ],
    });
    await expect(
      loadTeam(catalog, 'group:default/payments', TEAM_TYPES, credentials),
    ).resolves.toMatchObject({ entityRef: 'group:default/payments' });
  });

  it('rejects groups that are not teams, unknown groups and other kinds', async () => {
    await expect(
      loadTeam(
        catalog,
        'group:default/commerce-tribe',
        TEAM_TYPES,
        credentials,
      ),
    ).rejects.toThrow(
      new NotFoundError(
        'Group group:default/commerce-tribe is not assessed as a team: its spec.type is not one of team, squad (metrics.maturity.teamTypes)',
      ),
    );
    await expect(
      loadTeam(catalog, 'group:default/nobody', TEAM_TYPES, credentials),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      loadTeam(
        catalog,
        'component:default/checkout-api',
        TEAM_TYPES,
        credentials,
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects malformed refs as input errors', async () => {
    await expect(
      loadTeam(catalog, 'group:default/', TEAM_TYPES, credentials),
    ).rejects.toBeInstanceOf(InputError);
  });
});
