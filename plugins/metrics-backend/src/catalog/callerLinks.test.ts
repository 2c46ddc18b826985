import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CallerIndex } from './CallerIndex';
import { loadCallerLinks, resolveCallerIds } from './callerLinks';

const SERVICE = 'metrics-suite/prometheus-service';
const CALLER_ID = 'metrics-suite/caller-id';
const OLD_SERVICE = 'metrics.backstage.io/prometheus-service';
const OLD_CALLER_ID = 'metrics.backstage.io/caller-id';

function entity(
  name: string,
  annotations: Record<string, string>,
  options: { kind?: string; namespace?: string; owner?: string } = {},
): Entity {
  const namespace = options.namespace ?? 'default';
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: { name, namespace, annotations },
    spec: { type: 'service', lifecycle: 'production' },
    ...(options.owner
      ? {
          relations: [
            { type: 'ownedBy', targetRef: options.owner },
            { type: 'partOf', targetRef: 'system:default/shop' },
          ],
        }
      : {}),
  };
}

const resolve = (entities: Entity[], ids: string[]) =>
  Object.fromEntries(resolveCallerIds(entities, ids));

describe('resolveCallerIds', () => {
  it('maps caller ids to components and their owners', () => {
    const entities = [
      // explicit caller id: used instead of the service label value
      entity(
        'checkout',
        { [SERVICE]: 'checkout-svc', [CALLER_ID]: 'checkout-web' },
        { owner: 'group:default/team-checkout' },
      ),
      // only prometheus-service: the caller id defaults to its value
      entity(
        'orders',
        { [SERVICE]: 'orders-svc' },
        { owner: 'group:default/team-orders' },
      ),
      // in another namespace
      entity('ledger', { [CALLER_ID]: 'ledger' }, { namespace: 'payments' }),
    ];
    const ids = [
      'checkout-web',
      'orders-svc',
      'ledger',
      'checkout',
      'orders',
      'checkout-svc',
    ];

    const links = resolve(entities, ids);

    expect(links).toEqual({
      'checkout-web': {
        entityRef: 'component:default/checkout',
        owner: 'group:default/team-checkout',
      },
      'orders-svc': {
        entityRef: 'component:default/orders',
        owner: 'group:default/team-orders',
      },
      // no ownedBy relation: no owner
      ledger: { entityRef: 'component:payments/ledger' },
    });
    expect(links.ledger).not.toHaveProperty('owner');
    // Entities with an id are not also found under their name, nor under a service value
    // their explicit caller id replaces.
    expect(links).not.toHaveProperty('checkout');
    expect(links).not.toHaveProperty('orders');
    expect(links).not.toHaveProperty('checkout-svc');
  });

  it('reads the deprecated caller-id and prometheus-service keys when the current ones are not set', () => {
    const links = resolve(
      [
        entity('legacy-web', { [OLD_CALLER_ID]: 'legacy-web-id' }),
        entity('legacy-api', { [OLD_SERVICE]: 'legacy-api-svc' }),
      ],
      ['legacy-web-id', 'legacy-api-svc'],
    );
    expect(links).toEqual({
      'legacy-web-id': { entityRef: 'component:default/legacy-web' },
      'legacy-api-svc': { entityRef: 'component:default/legacy-api' },
    });
  });

  it('finds components without metrics annotations under their name, after every caller id', () => {
    const links = resolve(
      [
        entity('billing', {}, { owner: 'group:default/team-billing' }),
        entity('legacy', {}),
        // "billing" is claimed by an annotation of another entity: the annotation wins, even
        // though component:default/billing sorts first
        entity(
          'payments',
          { [CALLER_ID]: 'billing' },
          { owner: 'group:default/team-payments' },
        ),
      ],
      ['billing', 'legacy', 'payments'],
    );
    expect(links).toEqual({
      billing: {
        entityRef: 'component:default/payments',
        owner: 'group:default/team-payments',
      },
      legacy: { entityRef: 'component:default/legacy' },
    });
  });

  it('resolves an id claimed by two components the same way whatever their order', () => {
    const zeta = entity(
      'zeta',
      { [CALLER_ID]: 'shared' },
      { owner: 'group:default/z' },
    );
    const alpha = entity(
      'alpha',
      { [CALLER_ID]: 'shared' },
      { owner: 'group:default/a' },
    );
    // the same name in two namespaces, neither annotated
    const apiDefault = entity('api', {});
    const apiAaa = entity('api', {}, { namespace: 'aaa' });

    const forward = resolve(
      [zeta, alpha, apiDefault, apiAaa],
      ['shared', 'api'],
    );
    const backward = resolve(
      [apiAaa, apiDefault, alpha, zeta],
      ['shared', 'api'],
    );

    expect(forward).toEqual({
      shared: {
        entityRef: 'component:default/alpha',
        owner: 'group:default/a',
      },
      api: { entityRef: 'component:aaa/api' },
    });
    expect(backward).toEqual(forward);
  });

  it('answers only the ids asked for, matched exactly, and leaves out ids nobody claims', () => {
    const links = resolve(
      [
        entity('orders', { [SERVICE]: 'orders' }),
        entity('checkout', { [SERVICE]: 'Checkout-Web' }),
        entity('billing', {}),
      ],
      ['orders', 'orders', 'checkout-web', 'nobody'],
    );
    // billing exists but was not asked for; Checkout-Web is not checkout-web
    expect(links).toEqual({
      orders: { entityRef: 'component:default/orders' },
    });
  });

  it('ignores entities that are not components', () => {
    expect(
      resolve(
        [
          entity(
            'orders-db',
            { [CALLER_ID]: 'orders-db' },
            { kind: 'Resource' },
          ),
          entity('orders-api', { [SERVICE]: 'orders-api' }, { kind: 'API' }),
        ],
        ['orders-db', 'orders-api'],
      ),
    ).toEqual({});
  });
});

describe('loadCallerLinks', () => {
  // A catalog much larger than the ids asked for, with every way of claiming an id.
  const catalogEntities = [
    ...Array.from({ length: 200 }, (_, i) =>
      entity(`filler-${i}`, { [SERVICE]: `filler-${i}-svc` }),
    ),
    entity(
      'checkout',
      { [SERVICE]: 'checkout-svc', [CALLER_ID]: 'checkout-web' },
      {
        owner: 'group:default/team-checkout',
      },
    ),
    entity('legacy-web', { [OLD_CALLER_ID]: 'legacy-web-id' }),
    entity('legacy-api', { [OLD_SERVICE]: 'legacy-api-svc' }),
    entity('billing', {}, { owner: 'group:default/team-billing' }),
    entity('payments', { [CALLER_ID]: 'billing' }),
    entity('zeta', { [CALLER_ID]: 'shared' }),
    entity('alpha', { [CALLER_ID]: 'shared' }),
    entity('Shouty', { [SERVICE]: 'SHARED' }),
    entity('orders-db', { [CALLER_ID]: 'orders-db' }, { kind: 'Resource' }),
  ];
  const ids = [
    'checkout-web',
    'legacy-web-id',
    'legacy-api-svc',
    'billing',
    'shared',
    'orders-db',
    'nobody',
    'checkout',
  ];

  const load = (
    catalog: ReturnType<typeof catalogServiceMock>,
    wanted: string[],
    credentials = mockCredentials.user(),
    index = new CallerIndex({ catalog }),
  ) => loadCallerLinks({ catalog, index, ids: wanted, credentials });

  it('gives, through the index and reads by ref, the same links as resolving over the whole catalog', async () => {
    const links = await load(
      catalogServiceMock({ entities: catalogEntities }),
      ids,
    );
    expect(Object.fromEntries(links)).toEqual(resolve(catalogEntities, ids));
    expect(Object.fromEntries(links)).toEqual({
      'checkout-web': {
        entityRef: 'component:default/checkout',
        owner: 'group:default/team-checkout',
      },
      'legacy-web-id': { entityRef: 'component:default/legacy-web' },
      'legacy-api-svc': { entityRef: 'component:default/legacy-api' },
      billing: { entityRef: 'component:default/payments' },
      shared: { entityRef: 'component:default/alpha' },
    });
  });

  it('reads only the candidates of the ids asked for, by ref, with the requester credentials', async () => {
    const catalog = catalogServiceMock({ entities: catalogEntities });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    const credentials = mockCredentials.user('user:default/alice');

    await load(catalog, ['checkout-web', 'shared'], credentials);

    expect(getEntitiesByRefs).toHaveBeenCalledTimes(1);
    const [request, options] = getEntitiesByRefs.mock.calls[0];
    expect(options).toEqual({ credentials });
    expect(request.entityRefs).toEqual([
      'component:default/alpha',
      'component:default/checkout',
      'component:default/zeta',
    ]);
  });

  it('links no entity the requester may not read', async () => {
    const catalog = catalogServiceMock({ entities: catalogEntities });
    // The catalog answers null for refs the requester may not see.
    jest
      .spyOn(catalog, 'getEntitiesByRefs')
      .mockImplementation(async ({ entityRefs }) => ({
        items: entityRefs.map(ref =>
          ref === 'component:default/alpha'
            ? undefined
            : catalogEntities.find(
                e => `component:default/${e.metadata.name}` === ref,
              ),
        ),
      }));
    const links = await load(catalog, ['shared']);
    expect(Object.fromEntries(links)).toEqual({
      shared: { entityRef: 'component:default/zeta' },
    });
  });

  it('makes no catalog read by ref without ids or candidates', async () => {
    const catalog = catalogServiceMock({ entities: catalogEntities });
    const getEntitiesByRefs = jest.spyOn(catalog, 'getEntitiesByRefs');
    expect((await load(catalog, [])).size).toBe(0);
    expect((await load(catalog, ['nobody'])).size).toBe(0);
    expect(getEntitiesByRefs).not.toHaveBeenCalled();
  });
});

describe('CallerIndex', () => {
  const credentials = mockCredentials.user();

  it('lists the catalog once per TTL, with its own credentials when it has them', async () => {
    let now = 0;
    const catalog = catalogServiceMock({
      entities: [entity('orders', { [SERVICE]: 'orders-svc' })],
    });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const own = mockCredentials.service('plugin:metrics');
    const index = new CallerIndex({
      catalog,
      credentials: async () => own,
      ttlMs: 1000,
      now: () => now,
    });
    expect(await index.candidates(['orders-svc'], credentials)).toEqual([
      'component:default/orders',
    ]);
    // By name too: resolveCallerIds decides which one claims.
    expect(await index.candidates(['orders'], credentials)).toEqual([
      'component:default/orders',
    ]);
    expect(getEntities).toHaveBeenCalledTimes(1);
    expect(getEntities.mock.calls[0][1]).toEqual({ credentials: own });
    now = 999;
    await index.candidates(['orders'], credentials);
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('answers from the previous index while it is rebuilt, then from the new one', async () => {
    let now = 0;
    const entities = [entity('orders', { [SERVICE]: 'orders-svc' })];
    const catalog = catalogServiceMock({ entities });
    const index = new CallerIndex({ catalog, ttlMs: 1000, now: () => now });
    await index.candidates(['orders-svc'], credentials);
    entities.push(entity('search', { [SERVICE]: 'search-svc' }));
    const rebuilt = catalogServiceMock({ entities });
    jest
      .spyOn(catalog, 'getEntities')
      .mockImplementation((request, options) =>
        rebuilt.getEntities(request, options),
      );
    now = 1000;
    // Stale: the view still gets an answer at once, from the old index.
    expect(await index.candidates(['search-svc'], credentials)).toEqual([]);
    await new Promise(done => setTimeout(done, 0));
    expect(await index.candidates(['search-svc'], credentials)).toEqual([
      'component:default/search',
    ]);
  });
});
