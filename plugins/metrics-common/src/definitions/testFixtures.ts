/** Fixtures shared by the definition tests (not exported from the package). */

export const GOOD =
  'sum(increase(http_server_requests_total{service="checkout",code!~"5.."}[{{window}}]))';
export const TOTAL =
  'sum(increase(http_server_requests_total{service="checkout"}[{{window}}]))';

/** The README example, as the YAML parser hands it over. */
export const FULL_EXAMPLE = {
  owner: 'group:default/identity-squad',
  discoverIntegrations: true,
  slos: [
    {
      name: 'checkout-availability',
      description: 'Checkouts that do not fail with 5xx',
      objective: 99.5,
      window: '28d',
      indicator: { ratio: { good: GOOD, total: TOTAL } },
      alert: 'page',
      policy: [
        {
          name: 'reliability-first',
          below: 25,
          action: 'Reliability work before features',
        },
        { name: 'freeze', below: 0, action: 'Freeze risky releases' },
      ],
    },
    {
      name: 'checkout-latency',
      objective: 95,
      window: '7d',
      indicator: { latency: { thresholdSeconds: 0.3 } },
      alert: 'ticket',
    },
    {
      name: 'availability',
      objective: 99.9,
      indicator: { availability: null },
    },
  ],
  integrations: [
    { name: 'ridely', target: 99, alert: 'ticket' },
    {
      name: 'stripe',
      source: 'prometheus',
      label: 'stripe-v2',
      owner: 'payments',
    },
    {
      name: 'legacy-bank',
      success:
        'sum(increase(bank_calls_total{result="ok"}[{{window}}])) or vector(0)',
      total: 'sum(increase(bank_calls_total[{{window}}]))',
      sensitive: true,
    },
    {
      name: 'google-sign-in',
      source: 'amplitude',
      project: 'web-app',
      successEvent: 'sign_in_succeeded',
      failureEvent: 'sign_in_failed',
      where: { provider: 'google', beta: false },
      target: 98,
    },
    {
      name: 'ridely-events',
      source: 'sql',
      eventType: 'integration_call',
      partner: 'ridely',
      alert: 'none',
    },
  ],
  kpis: [
    {
      name: 'sign-ups',
      bucket: 'business',
      source: 'sql',
      eventType: 'sign_up',
      unit: 'count',
      target: { value: 1000, direction: 'above' },
    },
    {
      name: 'weekly-active-users',
      bucket: 'usage',
      source: 'amplitude',
      event: '_active',
      metric: 'uniques',
    },
    {
      name: 'queue-depth',
      bucket: 'health',
      query: 'max(max_over_time(checkout_queue_depth[{{window}}]))',
      target: { value: 100, direction: 'below' },
      owner: 'user:jane',
    },
  ],
};
