import { parseEntityRef } from '@backstage/catalog-model';

/** `checkout` for `component:default/checkout`, `payments/checkout` outside the default namespace. */
export function shortName(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}
