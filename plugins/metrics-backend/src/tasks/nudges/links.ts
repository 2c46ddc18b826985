import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Path of an entity's Metrics tab in the app, e.g. `/catalog/default/component/checkout/metrics`.
 * Relative, so it works whatever the app's base URL (the notifications UI resolves it).
 */
export function metricsTabLink(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/metrics`;
}

/** `checkout` for `component:default/checkout`, `payments/checkout` outside the default namespace. */
export function shortName(entityRef: string): string {
  const { namespace, name } = parseEntityRef(entityRef);
  return namespace === 'default' ? name : `${namespace}/${name}`;
}
