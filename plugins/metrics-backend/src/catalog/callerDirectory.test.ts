import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { loadCallerDirectory } from './callerDirectory';

const SERVICE = 'metrics-suite/prometheus-service';
const CALLER_ID = 'metrics-suite/caller-id';

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

async function directoryOf(entities: Entity[]) {
  const directory = await loadCallerDirectory(
    catalogServiceMock({ entities }),
    mockCredentials.user(),
  );
  return Object.fromEntries(directory);
}

describe('loadCallerDirectory', () => {
  it('maps caller ids to components and their owners', async () => {
    const directory = await directoryOf([
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
    ]);

    expect(directory).toEqual({
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
    expect(directory.ledger).not.toHaveProperty('owner', expect.anything());
    // Entities with an id are not also listed under their name.
    expect(directory).not.toHaveProperty('checkout');
    expect(directory).not.toHaveProperty('orders');
  });

  it('lists components without metrics annotations under their name, after every caller id', async () => {
    const directory = await directoryOf([
      entity('billing', {}, { owner: 'group:default/team-billing' }),
      entity('legacy', {}),
      // "billing" is claimed by an annotation of another entity: the annotation wins, even
      // though component:default/billing sorts first
      entity(
        'payments',
        { [CALLER_ID]: 'billing' },
        { owner: 'group:default/team-payments' },
      ),
    ]);

    expect(directory).toEqual({
      billing: {
        entityRef: 'component:default/payments',
        owner: 'group:default/team-payments',
      },
      legacy: { entityRef: 'component:default/legacy' },
    });
  });

  it('resolves a caller id claimed by two components the same way whatever the catalog order', async () => {
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

    const forward = await directoryOf([zeta, alpha]);
    const backward = await directoryOf([alpha, zeta]);

    const expected = {
      entityRef: 'component:default/alpha',
      owner: 'group:default/a',
    };
    expect(forward.shared).toEqual(expected);
    expect(backward.shared).toEqual(expected);
    expect(forward).toEqual(backward);
  });

  it('ignores entities that are not components', async () => {
    const directory = await directoryOf([
      entity('orders-db', { [CALLER_ID]: 'orders-db' }, { kind: 'Resource' }),
      entity('orders-api', { [SERVICE]: 'orders-api' }, { kind: 'API' }),
    ]);
    expect(directory).toEqual({});
  });

  it('reads the catalog with the requester credentials', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async () => ({ items: [] })),
    });
    const credentials = mockCredentials.user('user:default/alice');

    const directory = await loadCallerDirectory(catalog, credentials);

    expect(directory.size).toBe(0);
    expect(catalog.getEntities).toHaveBeenCalledTimes(1);
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({ filter: { kind: 'component' } }),
      { credentials },
    );
  });
});
