import {
  DEFAULT_PROMETHEUS_NAMES,
  WINDOW_PLACEHOLDER,
  availabilityCountQueries,
  batchedAvailabilityCountQueries,
  batchedCallerP95Query,
  batchedCallerQueries,
  batchedIntegrationBreakdownQuery,
  batchedLatencyCountQueries,
  callerP95Query,
  callerQueries,
  checkPromqlTemplate,
  escapeLabelValue,
  escapeRegex,
  hasWindowPlaceholder,
  integrationBreakdownQuery,
  integrationCountQueries,
  isPromqlDuration,
  isValidLabelName,
  latencyCountQueries,
  matcher,
  regexMatcher,
  renderWindow,
  resolvePrometheusNames,
} from './promql';

/** Reads a PromQL double-quoted literal the way Prometheus does (our escapes are JSON's). */
function unquote(literal: string): string {
  return JSON.parse(literal);
}

/** The query with every double-quoted string literal replaced by `""`. */
function withoutStrings(query: string): string {
  return query.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** The RE2 regex of the (only) `label=~"..."` matcher, compiled anchored like Prometheus. */
function regexOf(query: string, label: string): RegExp {
  const match = new RegExp(`${label}=~("(?:[^"\\\\\\n]|\\\\.)*")`).exec(query);
  if (!match) throw new Error(`no regex matcher on ${label} in ${query}`);
  return new RegExp(`^(?:${unquote(match[1])})$`);
}

describe('escapeLabelValue / matcher', () => {
  it('escapes backslashes, double quotes and line breaks', () => {
    expect(escapeLabelValue('a\\b"c\nd\re')).toBe('a\\\\b\\"c\\nd\\re');
    expect(matcher('service', 'say "hi"\\')).toBe('service="say \\"hi\\"\\\\"');
    expect(unquote(`"${escapeLabelValue('a\\b"c\nd')}"`)).toBe('a\\b"c\nd');
  });

  it('keeps an injection attempt inside the string literal', () => {
    const value = 'foo"} or vector(1) or {x="';
    const m = matcher('service', value);
    expect(m).toBe('service="foo\\"} or vector(1) or {x=\\""');
    expect(withoutStrings(m)).toBe('service=""');
    expect(unquote(m.slice('service='.length))).toBe(value);
  });

  it('rejects invalid label names', () => {
    expect(() => matcher('bad-label', 'x')).toThrow(
      '"bad-label" is not a valid Prometheus label name',
    );
    expect(() => matcher('le} or vector(1)', 'x')).toThrow();
    expect(isValidLabelName('_ok9')).toBe(true);
    expect(isValidLabelName('9no')).toBe(false);
  });
});

describe('escapeRegex / regexMatcher', () => {
  it('escapes every RE2 metacharacter', () => {
    expect(escapeRegex('a.b+c*d?e(f)g|h[i]j{k}l^m$n\\o')).toBe(
      'a\\.b\\+c\\*d\\?e\\(f\\)g\\|h\\[i\\]j\\{k\\}l\\^m\\$n\\\\o',
    );
  });

  it('matches exactly the given services: a.b does not match axb', () => {
    const m = regexMatcher('service', ['a.b', 'c+d']);
    expect(m).toBe('service=~"a\\\\.b|c\\\\+d"');
    const re = regexOf(m, 'service');
    expect(re.test('a.b')).toBe(true);
    expect(re.test('c+d')).toBe(true);
    expect(re.test('axb')).toBe(false);
    expect(re.test('ccd')).toBe(false);
    expect(re.test('a.b|c+d')).toBe(false);
  });

  it('sorts and de-duplicates values for a stable query', () => {
    expect(regexMatcher('service', ['b', 'a', 'b'])).toBe('service=~"a|b"');
  });

  it('keeps quotes, backslashes, pipes and injection attempts literal', () => {
    const evil = 'foo"} or vector(1) or {x="';
    const m = regexMatcher('service', [evil, 'x|y', 'back\\slash']);
    expect(withoutStrings(m)).toBe('service=~""');
    const re = regexOf(m, 'service');
    expect(re.test(evil)).toBe(true);
    expect(re.test('x|y')).toBe(true);
    expect(re.test('x')).toBe(false);
    expect(re.test('back\\slash')).toBe(true);
  });

  it('refuses empty sets and empty values (they would match unlabelled series)', () => {
    expect(() => regexMatcher('service', [])).toThrow(
      'A matcher on "service" needs at least one value',
    );
    expect(() => regexMatcher('service', ['a', ''])).toThrow(
      'A matcher on "service" cannot match an empty value',
    );
  });
});

describe('renderWindow and templates', () => {
  it('replaces every placeholder spelling', () => {
    expect(
      renderWindow(
        'sum(increase(a[{{window}}])) / sum(increase(b[{{ window }}])) + c[{{.window}}]',
        '28d',
      ),
    ).toBe('sum(increase(a[28d])) / sum(increase(b[28d])) + c[28d]');
  });

  it('accepts only Prometheus durations as the window', () => {
    expect(renderWindow('x[{{window}}]', '1h30m')).toBe('x[1h30m]');
    expect(() => renderWindow('x[{{window}}]', '5m] or vector(1) [')).toThrow(
      'is not a Prometheus duration',
    );
    expect(() => renderWindow('x[{{window}}]', '0m')).toThrow();
    expect(isPromqlDuration('28d')).toBe(true);
    expect(isPromqlDuration('28')).toBe(false);
  });

  it('detects the placeholder', () => {
    expect(hasWindowPlaceholder('a[{{ window }}]')).toBe(true);
    expect(hasWindowPlaceholder('a[5m]')).toBe(false);
  });

  it('checks custom PromQL', () => {
    expect(
      checkPromqlTemplate(
        'sum(increase(http_requests_total{service="checkout",code!~"5.."}[{{window}}]))',
      ),
    ).toBeUndefined();
    expect(checkPromqlTemplate('sum(rate(x[5m]))')).toBe(
      'must contain {{window}} where the range goes, e.g. sum(increase(my_metric_total[{{window}}])); for a gauge use avg_over_time(my_gauge[{{window}}])',
    );
    expect(checkPromqlTemplate('  ')).toBe('must not be empty');
    expect(checkPromqlTemplate('x[{{windw}}]')).toBe(
      'has an unknown placeholder "{{windw}}"; only {{window}} is supported',
    );
    expect(checkPromqlTemplate('sum(increase(x{a="b"}[{{window}}])')).toBe(
      'is missing a closing ")"',
    );
    expect(checkPromqlTemplate('sum(increase(x{a="b"[{{window}}]))')).toBe(
      'has ")" where "}" was expected',
    );
    expect(checkPromqlTemplate('sum(x{a="b}[{{window}}])')).toBe(
      'has an unterminated string (")',
    );
    // Brackets inside strings and comments do not count.
    expect(
      checkPromqlTemplate(
        'sum(increase(x{a=~"[(}"}[{{window}}])) # closing ) later\n',
      ),
    ).toBeUndefined();
  });
});

describe('conventional queries for one service', () => {
  const service = 'checkout';

  it('availability counts', () => {
    expect(availabilityCountQueries({ service, window: '28d' })).toEqual({
      good: 'sum(increase(http_server_requests_total{service="checkout", code!~"5.."}[28d])) or vector(0)',
      total:
        'sum(increase(http_server_requests_total{service="checkout"}[28d]))',
    });
  });

  it('templates with the placeholder', () => {
    const { total } = availabilityCountQueries({
      service,
      window: WINDOW_PLACEHOLDER,
    });
    expect(total).toBe(
      'sum(increase(http_server_requests_total{service="checkout"}[{{window}}]))',
    );
    expect(renderWindow(total, '5m')).toBe(
      'sum(increase(http_server_requests_total{service="checkout"}[5m]))',
    );
  });

  it('latency counts with a decimal and an integer threshold', () => {
    expect(
      latencyCountQueries({ service, window: '1h', thresholdSeconds: 0.3 }),
    ).toEqual({
      good: 'sum(increase(http_server_request_duration_seconds_bucket{service="checkout", le="0.3"}[1h])) or vector(0)',
      total:
        'sum(increase(http_server_request_duration_seconds_count{service="checkout"}[1h]))',
    });
    // Prometheus 3 writes integer bounds as "1.0": match both spellings.
    const { good } = latencyCountQueries({
      service,
      window: '1h',
      thresholdSeconds: 1,
    });
    expect(good).toBe(
      'sum(increase(http_server_request_duration_seconds_bucket{service="checkout", le=~"1(\\\\.0)?"}[1h])) or vector(0)',
    );
    const re = regexOf(good, 'le');
    expect(['1', '1.0'].map(v => re.test(v))).toEqual([true, true]);
    expect(['10', '1x0'].map(v => re.test(v))).toEqual([false, false]);
    expect(() =>
      latencyCountQueries({ service, window: '1h', thresholdSeconds: 0 }),
    ).toThrow('Latency threshold must be a positive number of seconds');
  });

  it('callers: requests and server errors', () => {
    expect(callerQueries({ service, window: '7d' })).toEqual({
      requests:
        'sum by (caller) (increase(http_server_requests_total{service="checkout"}[7d]))',
      errors:
        'sum by (caller) (increase(http_server_requests_total{service="checkout", code=~"5.."}[7d]))',
    });
  });

  it('p95 by caller', () => {
    expect(callerP95Query({ service, window: '7d' })).toBe(
      'histogram_quantile(0.95, sum by (caller, le) (rate(http_server_request_duration_seconds_bucket{service="checkout"}[7d])))',
    );
  });

  it('integration breakdown', () => {
    expect(integrationBreakdownQuery({ service, window: '1d' })).toBe(
      'sum by (integration, outcome, error_class) (increase(integration_requests_total{service="checkout"}[1d]))',
    );
  });

  it('one integration', () => {
    expect(
      integrationCountQueries({ service, integration: 'ridely', window: '1d' }),
    ).toEqual({
      success:
        'sum(increase(integration_requests_total{service="checkout", integration="ridely", outcome="success"}[1d])) or vector(0)',
      total:
        'sum(increase(integration_requests_total{service="checkout", integration="ridely"}[1d]))',
      errorClasses:
        'sum by (error_class) (increase(integration_requests_total{service="checkout", integration="ridely", outcome="failure"}[1d]))',
    });
  });

  it('escapes the service value', () => {
    const { total } = availabilityCountQueries({
      service: 'foo"} or vector(1) or {x="',
      window: '1h',
    });
    expect(total).toBe(
      'sum(increase(http_server_requests_total{service="foo\\"} or vector(1) or {x=\\""}[1h]))',
    );
    expect(withoutStrings(total)).toBe(
      'sum(increase(http_server_requests_total{service=""}[1h]))',
    );
  });

  it('refuses an empty service, a bad window and bad names', () => {
    expect(() =>
      availabilityCountQueries({ service: '', window: '1h' }),
    ).toThrow('A service label value must not be empty');
    expect(() =>
      availabilityCountQueries({ service, window: '1h] or vector(1) #' }),
    ).toThrow('is not a Prometheus duration');
    expect(() =>
      availabilityCountQueries({
        service,
        window: '1h',
        names: {
          metrics: { ...DEFAULT_PROMETHEUS_NAMES.metrics, requests: 'a b' },
          labels: DEFAULT_PROMETHEUS_NAMES.labels,
        },
      }),
    ).toThrow('"a b" is not a valid Prometheus metric name');
  });

  it('uses configured names', () => {
    const names = resolvePrometheusNames({
      metricNames: { requests: 'http_requests_total' },
      labelNames: { service: 'job', code: 'status_code' },
    });
    expect(availabilityCountQueries({ service, window: '1h', names })).toEqual({
      good: 'sum(increase(http_requests_total{job="checkout", status_code!~"5.."}[1h])) or vector(0)',
      total: 'sum(increase(http_requests_total{job="checkout"}[1h]))',
    });
  });
});

describe('batched queries over many services', () => {
  const services = ['orders', 'checkout', 'a.b'];

  it('availability counts, zero-filled per service', () => {
    expect(
      batchedAvailabilityCountQueries({ services, window: '28d' }),
    ).toEqual({
      good: 'sum by (service) (increase(http_server_requests_total{service=~"a\\\\.b|checkout|orders", code!~"5.."}[28d])) or sum by (service) (increase(http_server_requests_total{service=~"a\\\\.b|checkout|orders"}[28d])) * 0',
      total:
        'sum by (service) (increase(http_server_requests_total{service=~"a\\\\.b|checkout|orders"}[28d]))',
    });
  });

  it('latency counts', () => {
    expect(
      batchedLatencyCountQueries({
        services: ['checkout'],
        window: '1h',
        thresholdSeconds: 0.25,
      }),
    ).toEqual({
      good: 'sum by (service) (increase(http_server_request_duration_seconds_bucket{service=~"checkout", le="0.25"}[1h])) or sum by (service) (increase(http_server_request_duration_seconds_count{service=~"checkout"}[1h])) * 0',
      total:
        'sum by (service) (increase(http_server_request_duration_seconds_count{service=~"checkout"}[1h]))',
    });
  });

  it('callers, p95 and integrations', () => {
    expect(batchedCallerQueries({ services, window: '7d' })).toEqual({
      requests:
        'sum by (service, caller) (increase(http_server_requests_total{service=~"a\\\\.b|checkout|orders"}[7d]))',
      errors:
        'sum by (service, caller) (increase(http_server_requests_total{service=~"a\\\\.b|checkout|orders", code=~"5.."}[7d]))',
    });
    expect(batchedCallerP95Query({ services, window: '7d' })).toBe(
      'histogram_quantile(0.95, sum by (service, caller, le) (rate(http_server_request_duration_seconds_bucket{service=~"a\\\\.b|checkout|orders"}[7d])))',
    );
    expect(batchedIntegrationBreakdownQuery({ services, window: '7d' })).toBe(
      'sum by (service, integration, outcome, error_class) (increase(integration_requests_total{service=~"a\\\\.b|checkout|orders"}[7d]))',
    );
  });

  it('costs one query whatever the number of services', () => {
    const many = Array.from({ length: 200 }, (_, i) => `svc-${i}`);
    const { total } = batchedAvailabilityCountQueries({
      services: many,
      window: '1d',
    });
    const re = regexOf(total, 'service');
    expect(many.every(s => re.test(s))).toBe(true);
    expect(re.test('svc-200')).toBe(false);
  });

  it('refuses an empty list', () => {
    expect(() =>
      batchedAvailabilityCountQueries({ services: [], window: '1d' }),
    ).toThrow('needs at least one value');
  });
});

describe('resolvePrometheusNames', () => {
  it('fills defaults', () => {
    expect(resolvePrometheusNames()).toEqual(DEFAULT_PROMETHEUS_NAMES);
  });

  it('rejects invalid names with the key', () => {
    expect(() =>
      resolvePrometheusNames({ labelNames: { errorClass: 'error-class' } }),
    ).toThrow(
      'labelNames.errorClass "error-class" is not a valid Prometheus label name',
    );
    expect(() =>
      resolvePrometheusNames({ metricNames: { requestDuration: '1abc' } }),
    ).toThrow(
      'metricNames.requestDuration "1abc" is not a valid Prometheus metric name',
    );
  });
});
