import type { SloViewItem } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  BURN_RATE_TOPIC,
  budgetLeftFor,
  burnRateAlertPayload,
  burnRateRecoveredPayload,
  describeBurn,
  escalates,
} from './burnRateMessages';

const API = 'component:default/checkout-api';

function slo(overrides: Partial<SloViewItem> = {}): SloViewItem {
  return {
    id: 'slo:availability',
    name: 'availability',
    objective: 99.9,
    window: '28d',
    sli: 0.9985,
    budgetRemaining: 0.5,
    burnRates: {},
    alert: 'none',
    state: 'healthy',
    counts: { good: 99850, valid: 100000 },
    ...overrides,
  };
}

describe('burn-rate messages', () => {
  it('escalates only upwards', () => {
    expect(escalates('ticket', 'page')).toBe(true);
    expect(escalates('page', 'ticket')).toBe(false);
    expect(escalates('ticket', 'ticket')).toBe(false);
  });

  it('pages with the firing fast windows, the budget and where to look', () => {
    const paging = slo({
      alert: 'page',
      state: 'at-risk',
      burnRates: { '5m': 16.04, '1h': 15.2, '6h': 4, '30m': 8 },
    });
    const payload = burnRateAlertPayload(API, paging, 'page');
    expect(payload).toEqual({
      title: 'Page: availability of checkout-api burns its error budget',
      description: expect.any(String),
      link: '/catalog/default/component/checkout-api/metrics',
      severity: 'critical',
      topic: BURN_RATE_TOPIC,
      scope:
        'metrics:burn-rate:component:default/checkout-api:slo:availability',
    });
    expect(payload.description).toBe(
      [
        'SLO availability of component:default/checkout-api (objective 99.9% over 28d) burns its error budget at 15.2× over 1h and 16.0× over 5m (alerts above 14.4×).',
        // 0.5 × 28 days / 15.2 = 22 hours.
        'Budget remaining: 50.0%, which lasts about 22 hours at this rate. SLI: 99.85%.',
        'Page level: the budget goes fast; look now.',
      ].join('\n'),
    );
  });

  it('tickets at high severity with the slow windows', () => {
    const ticket = slo({
      alert: 'ticket',
      budgetRemaining: 0.9,
      burnRates: { '1d': 3.5, '2h': 4, '3d': 1.2, '6h': 1.1 },
    });
    const payload = burnRateAlertPayload(API, ticket, 'ticket');
    expect(payload.severity).toBe('high');
    expect(payload.title).toMatch(/^Ticket: /);
    expect(describeBurn(ticket, 'ticket')).toBe(
      '3.5× over 1d and 4.0× over 2h (alerts above 3.0×); 1.2× over 3d and 1.1× over 6h (alerts above 1.0×)',
    );
    // 0.9 × 28 days / 3.5 = 7.2 days.
    expect(budgetLeftFor(ticket, 'ticket')).toBe('about 7 days');
  });

  it('says an overspent budget is overspent and promises no time left', () => {
    const overspent = slo({
      alert: 'page',
      budgetRemaining: -0.25,
      burnRates: { '1h': 20, '5m': 20 },
    });
    expect(budgetLeftFor(overspent, 'page')).toBeUndefined();
    expect(burnRateAlertPayload(API, overspent, 'page').description).toContain(
      'Budget remaining: -25.0% (overspent). SLI',
    );
  });

  it('lists the measured windows when no rule of the level fires', () => {
    expect(describeBurn(slo({ burnRates: { '1h': 2, '5m': 1 } }), 'page')).toBe(
      '2.0× over 1h, 1.0× over 5m',
    );
    expect(describeBurn(slo(), 'page')).toBe('no burn rate measured');
  });

  it('recovers at normal severity in the same scope, so it replaces the alert', () => {
    const payload = burnRateRecoveredPayload(
      'component:payments/ledger',
      slo(),
      { level: 'page', since: '2025-03-10T08:00:00.000Z' },
    );
    expect(payload).toEqual({
      title: 'Recovered: availability of payments/ledger',
      description: expect.stringContaining(
        '(page level since 2025-03-10T08:00:00.000Z)',
      ),
      link: '/catalog/payments/component/ledger/metrics',
      severity: 'normal',
      topic: BURN_RATE_TOPIC,
      scope: 'metrics:burn-rate:component:payments/ledger:slo:availability',
    });
  });
});
