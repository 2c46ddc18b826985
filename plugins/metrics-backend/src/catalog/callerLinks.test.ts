import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CALLER_ID_ANNOTATION_KEYS,
  callerLinksQuery,
  loadCallerLinks,
  resolveCallerIds,
} from './callerLinks';

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

describe('callerLinksQuery', () => {
  it('asks for components by every key that can carry the caller id, or by name, with the ids de-duplicated and sorted', () => {
    expect(CALLER_ID_ANNOTATION_KEYS).toEqual([
      CALLER_ID,
      OLD_CALLER_ID,
      SERVICE,
      OLD_SERVICE,
    ]);
    const ids = ['orders', 'billing', 'orders'];
    expect(callerLinksQuery(ids)).toEqual({
      filter: [
        {
          kind: 'component',
          [`metadata.annotations.${CALLER_ID}`]: ['billing', 'orders'],
        },
        {
          kind: 'component',
          [`metadata.annotations.${OLD_CALLER_ID}`]: ['billing', 'orders'],
        },
        {
          kind: 'component',
          [`metadata.annotations.${SERVICE}`]: ['billing', 'orders'],
        },
        {
          kind: 'component',
          [`metadata.annotations.${OLD_SERVICE}`]: ['billing', 'orders'],
        },
        { kind: 'component', 'metadata.name': ['billing', 'orders'] },
      ],
      fields: expect.arrayContaining(['metadata.annotations', 'relations']),
    });
  });

  it('is no query at all without ids', () => {
    expect(callerLinksQuery([])).toBeUndefined();
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

  it('gives, through the catalog query, the same links as resolving over the whole catalog', async () => {
    const links = await loadCallerLinks(
      catalogServiceMock({ entities: catalogEntities }),
      ids,
      mockCredentials.user(),
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

  it('makes one catalog request, with the requester credentials, carrying only the ids asked for', async () => {
    const catalog = catalogServiceMock({ entities: catalogEntities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    const credentials = mockCredentials.user('user:default/alice');

    await loadCallerLinks(catalog, ids, credentials);

    expect(getEntities).toHaveBeenCalledTimes(1);
    const [request, options] = getEntities.mock.calls[0];
    expect(options).toEqual({ credentials });
    expect(request).toEqual(callerLinksQuery(ids));
    const values = new Set(
      [request!.filter!].flat().flatMap(clause =>
        Object.entries(clause)
          .filter(([key]) => key !== 'kind')
          .flatMap(([, value]) => value as string[]),
      ),
    );
    expect([...values].sort()).toEqual([...new Set(ids)].sort());
  });

  it('makes no catalog request without ids', async () => {
    const catalog = catalogServiceMock({ entities: catalogEntities });
    const getEntities = jest.spyOn(catalog, 'getEntities');
    expect(
      (await loadCallerLinks(catalog, [], mockCredentials.user())).size,
    ).toBe(0);
    expect(getEntities).not.toHaveBeenCalled();
  });
});
