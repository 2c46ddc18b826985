import type { PrometheusInstanceConfig } from '../config/metricsConfig';
import { ownerKey } from '../config/catalogQueries';

/** Who asks for an instance: the entity's owner and catalog namespace. */
export interface InstanceUser {
  owner?: string;
  namespace: string;
}

function keyOf(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  try {
    return ownerKey(ref);
  } catch {
    return undefined;
  }
}

/**
 * Why the entity may not use the instance (its `allowedOwners` / `allowedNamespaces`), or
 * undefined when it may. The instance's token and tenant headers would otherwise go to any
 * entity that names it in an annotation.
 */
export function instanceRefusal(
  instance: PrometheusInstanceConfig,
  user: InstanceUser,
): string | undefined {
  const { allowedOwners, allowedNamespaces } = instance;
  const owner = keyOf(user.owner);
  const namespace = user.namespace.toLocaleLowerCase('en-US');
  const ownerRefused =
    allowedOwners !== undefined &&
    (owner === undefined || !allowedOwners.includes(owner));
  const namespaceRefused =
    allowedNamespaces !== undefined && !allowedNamespaces.includes(namespace);
  if (!ownerRefused && !namespaceRefused) return undefined;
  const lists = [
    ...(allowedOwners ? ['owners'] : []),
    ...(allowedNamespaces ? ['catalog namespaces'] : []),
  ].join(' and ');
  const keys = [
    ...(allowedOwners ? ['allowedOwners'] : []),
    ...(allowedNamespaces ? ['allowedNamespaces'] : []),
  ].join(', ');
  return `the Prometheus instance "${
    instance.name
  }" is restricted to the ${lists} listed in its configuration (${keys}); this entity (owner ${
    user.owner ?? 'none'
  }, namespace ${user.namespace}) may not use it`;
}
