// The SLOs of the rule fixtures, resolved from catalog entities the way the backend does.
// The expected rule files next to this file are written by hand from them.
import type { Entity } from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from '../../annotations';
import { SloDefinition, resolveEntityMetrics } from '../../definitions/resolve';

function component(
  name: string,
  options: { owner?: string; service?: string; slos: unknown[] },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      annotations: options.service
        ? { [METRICS_ANNOTATIONS.prometheusService]: options.service }
        : {},
      metrics: { slos: options.slos },
    },
    spec: {
      type: 'service',
      ...(options.owner ? { owner: options.owner } : {}),
    },
  } as Entity;
}

function slosOf(entity: Entity): SloDefinition[] {
  const resolved = resolveEntityMetrics(entity);
  if (resolved.problems.length > 0) {
    throw new Error(
      `fixture has problems: ${JSON.stringify(resolved.problems)}`,
    );
  }
  return resolved.definitions.filter(
    (d): d is SloDefinition => d.kind === 'slo',
  );
}

/** Ratio SLO with its own PromQL, 99.9 % over 28 days (summed), paging, owned. */
export const [CHECKOUT_ORDERS] = slosOf(
  component('checkout-service', {
    owner: 'checkout-squad',
    slos: [
      {
        name: 'orders',
        objective: 99.9,
        window: '28d',
        alert: 'page',
        indicator: {
          ratio: {
            good: 'sum(increase(http_server_requests_total{service="checkout",code!~"5.."}[{{window}}]))',
            total:
              'sum(increase(http_server_requests_total{service="checkout"}[{{window}}]))',
          },
        },
      },
    ],
  }),
);

export const CHECKOUT_DASHBOARD =
  'https://backstage.example.com/catalog/default/component/checkout-service/metrics';

/**
 * Availability SLO, 99.5 % over 7 days (summed), ticket only, no owner, and an entity name
 * with a double quote and a backslash, to be escaped in matchers.
 */
export const [BILLING_AVAILABILITY] = slosOf(
  component('legacy"billing\\v1', {
    service: 'billing',
    slos: [
      { name: 'availability', objective: 99.5, window: '7d', alert: 'ticket' },
    ],
  }),
);

/** Latency SLO, 95 % under 300 ms over 1 day (a burn window), no alert, owned. */
export const [SEARCH_LATENCY] = slosOf(
  component('search', {
    owner: 'search-squad',
    service: 'search',
    slos: [
      {
        name: 'latency',
        objective: 95,
        window: '1d',
        alert: 'none',
        indicator: { latency: { thresholdSeconds: 0.3 } },
      },
    ],
  }),
);

/** Availability SLO, 99 % over 12 hours (neither summed nor a burn window), ticket, owned. */
export const [PAYMENTS_AVAILABILITY] = slosOf(
  component('payments', {
    owner: 'checkout-squad',
    service: 'payments',
    slos: [
      { name: 'availability', objective: 99, window: '12h', alert: 'ticket' },
    ],
  }),
);

export const PAYMENTS_DASHBOARD =
  'https://backstage.example.com/catalog/default/component/payments/metrics';
