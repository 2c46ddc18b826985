import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  metricsGoalCreatePermission,
  metricsSensitiveReadPermission,
  resolveEntityMetrics,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { hideSensitive } from '../views/hideSensitive';
import { SensitiveReadRule } from './sensitiveRead';

const PAYMENTS = 'group:default/payments';
const SEARCH = 'group:default/search';
const read = (resourceRef: string) => ({
  permission: metricsSensitiveReadPermission,
  resourceRef,
});

const rule = (...sensitiveReadServices: string[]) =>
  new SensitiveReadRule({ sensitiveReadServices });

describe('SensitiveReadRule.gate', () => {
  it('leaves users and the none principal to the policy', () => {
    expect(rule().gate(mockCredentials.user(), PAYMENTS)).toBe('policy');
    expect(rule().gate(mockCredentials.none(), PAYMENTS)).toBe('policy');
  });

  it('denies services unless their subject is listed', () => {
    const r = rule('external:digest-bot');
    expect(r.gate(mockCredentials.service('plugin:catalog'), PAYMENTS)).toBe(
      'deny',
    );
    expect(r.gate(mockCredentials.service('plugin:metrics'), PAYMENTS)).toBe(
      'deny',
    );
    expect(
      r.gate(mockCredentials.service('external:digest-bot'), PAYMENTS),
    ).toBe('policy');
    expect(
      r.gate(mockCredentials.service('external:digest-bot'), undefined),
    ).toBe('policy');
    // Subjects are identifiers: no prefix or case games.
    expect(r.gate(mockCredentials.service('external:Digest-Bot'), SEARCH)).toBe(
      'deny',
    );
  });

  it('lets credentials acting for a team ask for that team only', () => {
    const r = rule();
    const credentials = r.actingFor(
      mockCredentials.service('plugin:metrics'),
      'group:default/Payments',
    );
    expect(r.gate(credentials, PAYMENTS)).toBe('policy');
    expect(r.gate(credentials, SEARCH)).toBe('deny');
    // A sensitive metric with no owning team is nobody's to send.
    expect(r.gate(credentials, undefined)).toBe('deny');
    // Other credentials of the same subject are not affected.
    expect(r.gate(mockCredentials.service('plugin:metrics'), PAYMENTS)).toBe(
      'deny',
    );
  });

  it('narrows a listed subject acting for a team to that team', () => {
    const r = rule('plugin:metrics');
    const credentials = r.actingFor(
      mockCredentials.service('plugin:metrics'),
      PAYMENTS,
    );
    expect(r.gate(credentials, SEARCH)).toBe('deny');
    expect(r.gate(mockCredentials.service('plugin:metrics'), SEARCH)).toBe(
      'policy',
    );
  });

  it('denies everything to credentials marked for two teams', () => {
    const r = rule('plugin:metrics');
    const credentials = mockCredentials.service('plugin:metrics');
    r.actingFor(credentials, PAYMENTS);
    r.actingFor(credentials, PAYMENTS);
    expect(r.gate(credentials, PAYMENTS)).toBe('policy');
    r.actingFor(credentials, SEARCH);
    expect(r.gate(credentials, PAYMENTS)).toBe('deny');
    expect(r.gate(credentials, SEARCH)).toBe('deny');
  });
});

describe('SensitiveReadRule.guard', () => {
  const other = createPermission({
    name: 'catalog.entity.read',
    attributes: { action: 'read' },
    resourceType: 'catalog-entity',
  });

  it('answers denied requests itself and asks the policy the rest, in order', async () => {
    const policy = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    });
    const credentials = mockCredentials.service('plugin:catalog');
    const answers = await rule()
      .guard(policy)
      .authorize(
        [
          read(PAYMENTS),
          { permission: other, resourceRef: 'component:default/x' },
          { permission: metricsGoalCreatePermission, resourceRef: PAYMENTS },
          read(SEARCH),
        ],
        { credentials },
      );
    expect(answers.map(a => a.result)).toEqual([
      AuthorizeResult.DENY,
      AuthorizeResult.ALLOW,
      AuthorizeResult.ALLOW,
      AuthorizeResult.DENY,
    ]);
    expect(policy.authorize).toHaveBeenCalledTimes(1);
    expect(policy.authorize).toHaveBeenCalledWith(
      [
        { permission: other, resourceRef: 'component:default/x' },
        { permission: metricsGoalCreatePermission, resourceRef: PAYMENTS },
      ],
      { credentials },
    );
  });

  it('does not ask the policy when every request is denied', async () => {
    const policy = mockServices.permissions.mock();
    const guarded = rule().guard(policy);
    const credentials = mockCredentials.service();
    expect(await guarded.authorize([read(PAYMENTS)], { credentials })).toEqual([
      { result: AuthorizeResult.DENY },
    ]);
    expect(
      await guarded.authorizeConditional(
        [{ permission: metricsSensitiveReadPermission }],
        { credentials },
      ),
    ).toEqual([{ result: AuthorizeResult.DENY }]);
    expect(policy.authorize).not.toHaveBeenCalled();
    expect(policy.authorizeConditional).not.toHaveBeenCalled();
  });

  it('never widens the policy: a listed service the policy denies stays denied', async () => {
    const guarded = rule('external:digest-bot').guard(
      mockServices.permissions({ result: AuthorizeResult.DENY }),
    );
    const answers = await guarded.authorize([read(PAYMENTS)], {
      credentials: mockCredentials.service('external:digest-bot'),
    });
    expect(answers.map(a => a.result)).toEqual([AuthorizeResult.DENY]);
  });

  it('passes users through to the policy unchanged', async () => {
    const policy = mockServices.permissions({ result: AuthorizeResult.ALLOW });
    const credentials = mockCredentials.user();
    const answers = await rule()
      .guard(policy)
      .authorize([read(PAYMENTS)], { credentials });
    expect(answers.map(a => a.result)).toEqual([AuthorizeResult.ALLOW]);
  });
});

// hideSensitive (the views) with the guarded service, as createMetricsServices wires it.
describe('hideSensitive through the rule, under an allow-all policy', () => {
  const allowAll = mockServices.permissions({ result: AuthorizeResult.ALLOW });
  const kpi = (name: string, extra: JsonObject = {}) => ({
    name,
    bucket: 'business',
    query: 'sum(increase(x_total[{{window}}]))',
    ...extra,
  });
  const entity: Entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-api',
      metrics: {
        kpis: [
          kpi('revenue', { sensitive: true }),
          kpi('search-spend', { sensitive: true, owner: SEARCH }),
          kpi('signups'),
        ],
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: PAYMENTS },
  };
  const resolved = [resolveEntityMetrics(entity)];
  const r = rule('external:digest-bot');
  const names = async (credentials: Parameters<typeof hideSensitive>[2]) =>
    (
      await hideSensitive(resolved, r.guard(allowAll), credentials)
    ).resolved[0].definitions.map(d => d.name);
  it('shows a user what the policy allows', async () => {
    expect(await names(mockCredentials.user())).toEqual([
      'revenue',
      'search-spend',
      'signups',
    ]);
  });

  it('hides every sensitive metric from a service that is not listed', async () => {
    expect(await names(mockCredentials.service('plugin:catalog'))).toEqual([
      'signups',
    ]);
    expect(await names(mockCredentials.service('plugin:metrics'))).toEqual([
      'signups',
    ]);
  });

  it('shows a listed service what the policy allows', async () => {
    expect(await names(mockCredentials.service('external:digest-bot'))).toEqual(
      ['revenue', 'search-spend', 'signups'],
    );
  });

  it("gives a nudge for payments payments' sensitive metrics and not search's", async () => {
    const forPayments = r.actingFor(
      mockCredentials.service('plugin:metrics'),
      PAYMENTS,
    );
    expect(await names(forPayments)).toEqual(['revenue', 'signups']);
    const forSearch = r.actingFor(
      mockCredentials.service('plugin:metrics'),
      SEARCH,
    );
    expect(await names(forSearch)).toEqual(['search-spend', 'signups']);
  });
});
