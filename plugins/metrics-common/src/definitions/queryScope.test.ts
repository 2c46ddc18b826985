import { resolveConvention } from '../conventions';
import { parsePromqlTemplate } from './promqlTree';
import {
  CatalogQueryPolicy,
  CatalogQueryScope,
  checkQueryScope,
  serviceLabelsOf,
} from './queryScope';

const DAY = 86400;

const SCOPE: CatalogQueryScope = {
  instance: 'main',
  service: 'checkout',
  serviceLabels: ['service'],
  owner: 'group:default/checkout-squad',
  grants: [],
  maxRangeSeconds: 90 * DAY,
};

function check(
  query: string,
  policy: CatalogQueryPolicy = 'scoped',
  scope: Partial<CatalogQueryScope> = {},
): string[] {
  return checkQueryScope(parsePromqlTemplate(query), policy, {
    ...SCOPE,
    ...scope,
  });
}

const SCOPED = ' (catalogQueries: scoped on instance "main")';

describe('checkQueryScope under scoped', () => {
  it('accepts selectors with the service matcher, however the query is built', () => {
    for (const query of [
      'sum(increase(http_requests_total{service="checkout",code!~"5.."}[{{window}}]))',
      'sum by (route) (rate(a{service="checkout"}[5m])) / on (route) group_left sum by (route) (rate(b{service="checkout"}[5m]))',
      'sum(rate(a{service="checkout"}[5m] offset 1h @ end())) / ignoring (code) sum(rate(a{service="checkout"}[5m]))',
      'max_over_time(rate(a{service="checkout"}[5m])[1d:5m])',
      'count without (pod) (up{service="checkout"}) or vector(0)',
      // Other matchers may be anything once the service matcher is there.
      'sum(a{service="checkout", service=~".*", pod!~"x"}[{{window}}])',
    ]) {
      expect({ query, problems: check(query) }).toEqual({
        query,
        problems: [],
      });
    }
  });

  it('refuses a selector without the service matcher and names it', () => {
    expect(check('sum(rate(up{job="x"}[5m]))')).toEqual([
      `selector up{job="x"} has no service="checkout" matcher${SCOPED}`,
    ]);
  });

  it('refuses a copy of another team’s query', () => {
    expect(
      check(
        'sum(increase(payments_total{service="payment-gateway"}[{{window}}]))',
      ),
    ).toEqual([
      `selector payments_total{service="payment-gateway"} has no service="checkout" matcher${SCOPED}`,
    ]);
  });

  it('refuses the service as a regex or a negative matcher', () => {
    expect(check('a{service=~"checkout|payment-gateway"}')).toHaveLength(1);
    expect(check('a{service=~"checkout"}')).toHaveLength(1);
    expect(check('a{service!="other"}')).toHaveLength(1);
  });

  it('refuses the unscoped side of a binary operation', () => {
    expect(check('a{service="checkout"} / on () group_left b')).toEqual([
      `selector b has no service="checkout" matcher${SCOPED}`,
    ]);
  });

  it('refuses reading every series: __name__ regexes and nameless selectors', () => {
    expect(check('count({__name__=~".+"})')).toEqual([
      `selector {__name__=~".+"} matches metric names with a regex or a negative __name__ matcher; name one metric${SCOPED}`,
      `selector {__name__=~".+"} has no service="checkout" matcher${SCOPED}`,
    ]);
    expect(check('count({__name__=~".+", service="checkout"})')).toEqual([
      `selector {__name__=~".+", service="checkout"} matches metric names with a regex or a negative __name__ matcher; name one metric${SCOPED}`,
    ]);
    expect(check('up{__name__!="x", service="checkout"}')).toHaveLength(1);
    expect(check('{service="checkout"}')).toEqual([
      `selector {service="checkout"} names no metric${SCOPED}`,
    ]);
  });

  it('refuses a probe of another label by regex', () => {
    expect(check('count({caller=~"b.*"})')).toEqual([
      `selector {caller=~"b.*"} names no metric${SCOPED}`,
      `selector {caller=~"b.*"} has no service="checkout" matcher${SCOPED}`,
    ]);
  });

  it('reads quoted label names and escaped values as Prometheus does', () => {
    expect(check('a{"service"="checkout"}')).toEqual([]);
    expect(check('{"a.b", "service"="checkout"}')).toEqual([]);
    expect(check('a{service="check\\x6fut"}')).toEqual([]);
    expect(check("a{service='checkout'}")).toEqual([]);
    expect(check('a{service=`checkout`}')).toEqual([]);
    expect(check('a{service="checkout "}')).toHaveLength(1);
  });

  it('accepts any of the convention’s service labels', () => {
    const labels = serviceLabelsOf(
      resolveConvention(['opentelemetry', 'service-graph']),
    );
    expect(labels).toEqual(['service_name', 'server']);
    expect(
      check('a{server="checkout"} + b{service_name="checkout"}', 'scoped', {
        serviceLabels: labels,
      }),
    ).toEqual([]);
    expect(
      check('a{service="checkout"}', 'scoped', { serviceLabels: labels }),
    ).toEqual([
      `selector a{service="checkout"} has no service_name="checkout" or server="checkout" matcher${SCOPED}`,
    ]);
  });

  it('accepts a selector with every matcher of a grant to the owner', () => {
    const grants = [{ namespace: 'payments', team: 'checkout' }];
    expect(
      check('sum(a{namespace="payments", team="checkout"})', 'scoped', {
        grants,
      }),
    ).toEqual([]);
    expect(check('sum(a{namespace="payments"})', 'scoped', { grants })).toEqual(
      [
        `selector a{namespace="payments"} has no service="checkout" matcher and not every matcher of a grant to group:default/checkout-squad ({namespace="payments", team="checkout"})${SCOPED}`,
      ],
    );
    expect(
      check('a{namespace=~"payments", team="checkout"}', 'scoped', { grants }),
    ).toHaveLength(1);
  });

  it('never lets an empty grant scope a selector', () => {
    expect(check('a', 'scoped', { grants: [{}] })).toHaveLength(1);
  });

  it('says what to do without a prometheus-service annotation', () => {
    expect(
      check('a{service="checkout"}', 'scoped', { service: undefined }),
    ).toEqual([
      `selector a{service="checkout"} has no matcher that scopes it to this entity (set the metrics-suite/prometheus-service annotation and match service="<its value>")${SCOPED}`,
    ]);
  });

  it('escapes the service in messages', () => {
    expect(check('a', 'scoped', { service: 'say "hi"' })[0]).toContain(
      'has no service="say \\"hi\\"" matcher',
    );
  });

  it('sums up long lists of problems', () => {
    const problems = check(
      Array.from({ length: 8 }, (_, i) => `m${i}{x="y"}`).join(' + '),
    );
    expect(problems).toHaveLength(6);
    expect(problems[5]).toBe('has 3 more problem(s) like these');
  });
});

describe('checkQueryScope ranges (every policy)', () => {
  it('refuses ranges longer than the limit, also under any', () => {
    const message = `range [520w] reads 3640d, longer than 90d (limits.maxQueryRange of instance "main")`;
    expect(check('rate(a{service="checkout"}[520w])')).toEqual([message]);
    expect(check('rate(a[520w])', 'any')).toEqual([message]);
    expect(check('rate(a[90d])', 'any')).toEqual([]);
  });

  it('refuses long subqueries and computed ranges', () => {
    expect(check('max_over_time(a[400d:1h])', 'any')).toEqual([
      'range [400d] reads 400d, longer than 90d (limits.maxQueryRange of instance "main")',
    ]);
    expect(check('rate(a[1d * 400])', 'any')).toHaveLength(1);
  });

  it('refuses ranges that cannot be known before the query runs', () => {
    expect(check('rate(a[step()])', 'any')).toEqual([
      'range [step()] cannot be known before the query runs, so it cannot be held to 90d (limits.maxQueryRange of instance "main"); write a fixed duration or {{window}}',
    ]);
  });

  it('holds [{{window}}] to the limit with the window it runs with', () => {
    expect(check('rate(a[{{window}}])', 'any')).toEqual([]);
    expect(
      check('rate(a[{{window}}])', 'any', { windowSeconds: 28 * DAY }),
    ).toEqual([]);
    expect(
      check('rate(a[{{window}}])', 'any', { windowSeconds: 100 * DAY }),
    ).toEqual([
      'range [{{window}}] reads the 100d window, longer than 90d (limits.maxQueryRange of instance "main")',
    ]);
  });

  it('refuses ranges computed from {{window}}, which could scale it past the limit', () => {
    expect(check('rate(a[{{window}} * 1000])', 'any')).toEqual([
      'range [{{window}} * 1000] is computed from {{window}}; write [{{window}}] itself or a fixed duration, so that it stays within 90d (limits.maxQueryRange of instance "main")',
    ]);
  });
});

describe('checkQueryScope under any and none', () => {
  it('runs unscoped queries under any, syntax errors aside', () => {
    expect(check('count({__name__=~".+"})', 'any')).toEqual([]);
    expect(check('sum(rate(a[5m])', 'any')).toEqual([
      expect.stringMatching(/^has a syntax error at the end/),
    ]);
  });

  it('runs no catalog query under none', () => {
    expect(check('sum(a{service="checkout"})', 'none')).toEqual([
      'is not run: instance "main" runs no PromQL from the catalog (catalogQueries: none); this instance only runs annotations and conventions',
    ]);
  });
});
