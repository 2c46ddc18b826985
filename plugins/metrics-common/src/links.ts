import { parseEntityRef } from '@backstage/catalog-model';

/**
 * Path of an entity's Metrics tab in the app, e.g. `/catalog/default/component/checkout/metrics`:
 * the catalog's entity route plus the tab's path. Relative, so it works whatever the app's base
 * URL; prefix `app.baseUrl` where an absolute link is needed (alerts' `dashboard_url`).
 *
 * @public
 */
export function metricsTabPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/metrics`;
}
