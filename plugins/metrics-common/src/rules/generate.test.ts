import { InputError } from '@backstage/errors';
import {
  BILLING_AVAILABILITY,
  CHECKOUT_DASHBOARD,
  CHECKOUT_ORDERS,
  PAYMENTS_AVAILABILITY,
  PAYMENTS_DASHBOARD,
  SEARCH_LATENCY,
} from './__fixtures__/slos';
import { fixture } from './__fixtures__/read';
import { backfillRuleFile, sloRuleFile, sloRuleGroup } from './generate';

describe('sloRuleFile', () => {
  it('writes a ratio SLO over a summed 28-day window, paging, with its owner', () => {
    expect(
      sloRuleFile([
        { slos: [CHECKOUT_ORDERS], dashboardUrl: CHECKOUT_DASHBOARD },
      ]),
    ).toEqual(fixture('ratio-page-28d.rules.yaml'));
  });

  it('writes an availability SLO over 7 days, ticket only, no owner, escaped matchers', () => {
    expect(sloRuleFile([{ slos: [BILLING_AVAILABILITY] }])).toEqual(
      fixture('availability-ticket-7d.rules.yaml'),
    );
  });

  it('writes recordings only for an SLO without alert, whose window is a burn window', () => {
    expect(
      sloRuleFile([{ slos: [SEARCH_LATENCY], dashboardUrl: 'https://x' }]),
    ).toEqual(fixture('none-1d.rules.yaml'));
  });

  it('writes a squad file sorted by entity ref, the first of two same SLOs kept', () => {
    expect(
      sloRuleFile([
        { slos: [PAYMENTS_AVAILABILITY], dashboardUrl: PAYMENTS_DASHBOARD },
        { slos: [CHECKOUT_ORDERS], dashboardUrl: CHECKOUT_DASHBOARD },
        {
          slos: [PAYMENTS_AVAILABILITY],
          dashboardUrl: 'https://elsewhere.example.com',
        },
      ]),
    ).toEqual(fixture('squad.rules.yaml'));
  });

  it('sorts SLOs of one entity by name', () => {
    const b = { ...PAYMENTS_AVAILABILITY, name: 'b' };
    const a = { ...PAYMENTS_AVAILABILITY, name: 'a' };
    expect(sloRuleFile([{ slos: [b, a] }]).groups.map(g => g.name)).toEqual([
      'metrics-suite:component:default/payments:a',
      'metrics-suite:component:default/payments:b',
    ]);
  });

  it('is empty without SLOs', () => {
    expect(sloRuleFile([])).toEqual({ groups: [] });
    expect(sloRuleFile([{ slos: [] }])).toEqual({ groups: [] });
  });
});

describe('sloRuleGroup', () => {
  it('gives every rule its own label object', () => {
    const { rules } = sloRuleGroup(CHECKOUT_ORDERS);
    rules[0].labels!.slo = 'changed';
    expect(rules[1].labels!.slo).toBe('orders');
  });

  it('writes numbers without binary noise', () => {
    const group = sloRuleGroup({ ...CHECKOUT_ORDERS, objective: 93 });
    const expr = (record: string) =>
      group.rules.find(r => r.record === record)?.expr;
    expect(expr('slo:objective:ratio')).toBe('vector(0.93)');
    expect(expr('slo:error_budget:ratio')).toBe('vector(0.07)');
  });

  it('protects a template action in alert labels and annotations only', () => {
    const group = sloRuleGroup(
      { ...CHECKOUT_ORDERS, owner: 'group:default/{{x}}' },
      { dashboardUrl: 'https://b.example.com/{{y}}' },
    );
    const alert = group.rules.find(r => r.alert)!;
    expect(alert.labels!.owner).toBe('group:default/{{ "{{" }}x}}');
    expect(alert.annotations!.dashboard_url).toBe(
      'https://b.example.com/{{ "{{" }}y}}',
    );
    expect(group.rules[0].labels!.owner).toBe('group:default/{{x}}');
  });

  it('rejects an objective without error budget', () => {
    expect(() => sloRuleGroup({ ...CHECKOUT_ORDERS, objective: 100 })).toThrow(
      InputError,
    );
  });
});

describe('backfillRuleFile', () => {
  it('keeps the hourly counts of each group, evaluated every minute', () => {
    const file = sloRuleFile([{ slos: [CHECKOUT_ORDERS, SEARCH_LATENCY] }]);
    const labelsOf = (slo: typeof CHECKOUT_ORDERS) =>
      file.groups.find(g => g.name.endsWith(`:${slo.name}`))!.rules[0].labels;
    expect(backfillRuleFile(file)).toEqual({
      groups: [
        {
          name: 'metrics-suite:component:default/checkout-service:orders',
          interval: '1m',
          rules: [
            {
              record: 'slo:sli_good:increase1h',
              expr: 'sum(sum(increase(http_server_requests_total{service="checkout",code!~"5.."}[1h])))',
              labels: labelsOf(CHECKOUT_ORDERS),
            },
            {
              record: 'slo:sli_valid:increase1h',
              expr: 'sum(sum(increase(http_server_requests_total{service="checkout"}[1h])))',
              labels: labelsOf(CHECKOUT_ORDERS),
            },
          ],
        },
        {
          name: 'metrics-suite:component:default/search:latency',
          interval: '1m',
          rules: [
            {
              record: 'slo:sli_good:increase1h',
              expr: 'sum(sum(increase(http_server_request_duration_seconds_bucket{service="search", le="0.3"}[1h])) or vector(0))',
              labels: labelsOf(SEARCH_LATENCY),
            },
            {
              record: 'slo:sli_valid:increase1h',
              expr: 'sum(sum(increase(http_server_request_duration_seconds_count{service="search"}[1h])))',
              labels: labelsOf(SEARCH_LATENCY),
            },
          ],
        },
      ],
    });
  });

  it('drops groups without hourly counts', () => {
    expect(
      backfillRuleFile({
        groups: [
          { name: 'other', rules: [{ record: 'x', expr: 'vector(1)' }] },
        ],
      }),
    ).toEqual({ groups: [] });
  });
});
