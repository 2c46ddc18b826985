import { WINDOW_PLACEHOLDER, renderWindow } from '../definitions/promql';
import { regexOf, withoutStrings } from '../promqlText.test-utils';
import { DEFAULT_TELEMETRY_CONVENTION, resolveConvention } from './resolve';
import {
  availabilityCountQueries,
  batchedAvailabilityCountQueries,
  batchedCallerP95Query,
  batchedCallerQueries,
  batchedIntegrationBreakdownQuery,
  batchedLatencyCountQueries,
  callerP95Query,
  callerQueries,
  integrationBreakdownQuery,
  integrationCountQueries,
  latencyCountQueries,
  trafficQueries,
  callersSplitServerRequests,
} from './queries';

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
    const bad = {
      ...DEFAULT_TELEMETRY_CONVENTION,
      server: {
        ...DEFAULT_TELEMETRY_CONVENTION.server,
        count: { metric: 'a b', histogram: false },
      },
    };
    expect(() =>
      availabilityCountQueries({ service, window: '1h', convention: bad }),
    ).toThrow('"a b" is not a valid Prometheus metric name');
  });

  it('uses configured names', () => {
    const convention = resolveConvention(undefined, {
      metricNames: { requests: 'http_requests_total' },
      labelNames: { service: 'job', code: 'status_code' },
    });
    expect(
      availabilityCountQueries({ service, window: '1h', convention }),
    ).toEqual({
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

  it("over every service of the instance ('all'): no list, any series with the label", () => {
    expect(
      batchedAvailabilityCountQueries({ services: 'all', window: '1h' }),
    ).toEqual({
      good: 'sum by (service) (increase(http_server_requests_total{service!="", code!~"5.."}[1h])) or sum by (service) (increase(http_server_requests_total{service!=""}[1h])) * 0',
      total:
        'sum by (service) (increase(http_server_requests_total{service!=""}[1h]))',
    });
    expect(
      batchedIntegrationBreakdownQuery({ services: 'all', window: '7d' }),
    ).toBe(
      'sum by (service, integration, outcome, error_class) (increase(integration_requests_total{service!=""}[7d]))',
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

describe('queries of each shipped convention', () => {
  const convention = (names: string[]) => resolveConvention(names);

  it('opentelemetry: requests from the histogram count, errors from the status code', () => {
    const otel = convention(['opentelemetry']);
    expect(
      availabilityCountQueries({
        service: 'search',
        window: '1d',
        convention: otel,
      }),
    ).toEqual({
      good: 'sum(increase(http_server_request_duration_seconds_count{service_name="search", http_response_status_code!~"5.."}[1d])) or vector(0)',
      total:
        'sum(increase(http_server_request_duration_seconds_count{service_name="search"}[1d]))',
    });
    expect(
      trafficQueries({ service: 'search', window: '1d', convention: otel }).p95,
    ).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_server_request_duration_seconds_bucket{service_name="search"}[1d])))',
    );
    expect(otel.callers).toBeUndefined();
    expect(() =>
      callerQueries({ service: 'search', window: '1d', convention: otel }),
    ).toThrow('The opentelemetry convention has no caller information');
  });

  it('service-graph: good is the total less the failed counter, callers by client', () => {
    const graph = convention(['service-graph']);
    expect(
      availabilityCountQueries({
        service: 'loyalty',
        window: '1d',
        convention: graph,
      }).good,
    ).toBe(
      'sum(increase(traces_service_graph_request_total{server="loyalty"}[1d])) - (sum(increase(traces_service_graph_request_failed_total{server="loyalty"}[1d])) or vector(0))',
    );
    expect(
      batchedAvailabilityCountQueries({
        services: ['loyalty', 'booking'],
        window: '1d',
        convention: graph,
      }).good,
    ).toBe(
      'sum by (server) (increase(traces_service_graph_request_total{server=~"booking|loyalty"}[1d])) - (sum by (server) (increase(traces_service_graph_request_failed_total{server=~"booking|loyalty"}[1d])) or sum by (server) (increase(traces_service_graph_request_total{server=~"booking|loyalty"}[1d])) * 0)',
    );
    expect(
      callerQueries({ service: 'loyalty', window: '1d', convention: graph }),
    ).toEqual({
      requests:
        'sum by (client) (increase(traces_service_graph_request_total{server="loyalty"}[1d]))',
      errors:
        'sum by (client) (increase(traces_service_graph_request_failed_total{server="loyalty"}[1d]))',
    });
  });

  it('opentelemetry, service-graph: requests from OpenTelemetry, callers from the graph', () => {
    const both = convention(['opentelemetry', 'service-graph']);
    expect(both.id).toBe('opentelemetry+service-graph');
    expect(
      availabilityCountQueries({
        service: 'booking',
        window: '1d',
        convention: both,
      }).total,
    ).toBe(
      'sum(increase(http_server_request_duration_seconds_count{service_name="booking"}[1d]))',
    );
    expect(
      callerP95Query({ service: 'booking', window: '1d', convention: both }),
    ).toBe(
      'histogram_quantile(0.95, sum by (client, le) (rate(traces_service_graph_request_server_seconds_bucket{server="booking"}[1d])))',
    );
  });

  it('istio: one reporter, latency in milliseconds', () => {
    const istio = convention(['istio']);
    expect(
      availabilityCountQueries({
        service: 'fleet',
        window: '1d',
        convention: istio,
      }).total,
    ).toBe(
      'sum(increase(istio_requests_total{reporter="destination", destination_canonical_service="fleet"}[1d]))',
    );
    // 0.25 s is the 250 ms bucket; an integer bound matches Prometheus 3's "250.0" too.
    expect(
      latencyCountQueries({
        service: 'fleet',
        window: '1d',
        thresholdSeconds: 0.25,
        convention: istio,
      }).good,
    ).toBe(
      'sum(increase(istio_request_duration_milliseconds_bucket{reporter="destination", destination_canonical_service="fleet", le=~"250(\\\\.0)?"}[1d])) or vector(0)',
    );
    expect(
      latencyCountQueries({
        service: 'fleet',
        window: '1d',
        thresholdSeconds: 0.0005,
        convention: istio,
      }).good,
    ).toContain('le="0.5"');
    expect(
      callerQueries({ service: 'fleet', window: '1d', convention: istio })
        .errors,
    ).toBe(
      'sum by (source_canonical_service) (increase(istio_requests_total{reporter="destination", destination_canonical_service="fleet", response_code=~"5.."}[1d]))',
    );
    expect(
      trafficQueries({ service: 'fleet', window: '1d', convention: istio }).p95,
    ).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(istio_request_duration_milliseconds_bucket{reporter="destination", destination_canonical_service="fleet"}[1d]))) / 1000',
    );
  });

  it('linkerd: inbound for the service, the callers’ outbound series for callers', () => {
    const linkerd = convention(['linkerd']);
    expect(
      availabilityCountQueries({
        service: 'ticketing',
        window: '1d',
        convention: linkerd,
      }),
    ).toEqual({
      good: 'sum(increase(response_total{direction="inbound", deployment="ticketing", classification!="failure"}[1d])) or vector(0)',
      total:
        'sum(increase(response_total{direction="inbound", deployment="ticketing"}[1d]))',
    });
    expect(
      callerQueries({
        service: 'ticketing',
        window: '1d',
        convention: linkerd,
      }),
    ).toEqual({
      requests:
        'sum by (deployment) (increase(response_total{direction="outbound", dst_deployment="ticketing"}[1d]))',
      errors:
        'sum by (deployment) (increase(response_total{direction="outbound", dst_deployment="ticketing", classification="failure"}[1d]))',
    });
    expect(
      callerP95Query({
        service: 'ticketing',
        window: '1d',
        convention: linkerd,
      }),
    ).toBe(
      'histogram_quantile(0.95, sum by (deployment, le) (rate(response_latency_ms_bucket{direction="outbound", dst_deployment="ticketing"}[1d]))) / 1000',
    );
    expect(linkerd.integrations).toBeUndefined();
    expect(() =>
      integrationBreakdownQuery({
        service: 'ticketing',
        window: '1d',
        convention: linkerd,
      }),
    ).toThrow('The linkerd convention has no integration counter');
  });

  it('escapes catalog values in every convention', () => {
    for (const name of [
      'metrics-suite',
      'opentelemetry',
      'service-graph',
      'istio',
      'linkerd',
    ]) {
      const queries = trafficQueries({
        service: 'x"} or vector(1) or {a="',
        window: '1h',
        convention: convention([name]),
      });
      for (const query of Object.values(queries)) {
        expect(withoutStrings(query)).not.toContain('vector(1)');
      }
    }
  });

  it('renames apply wherever the convention uses the name', () => {
    const linkerd = resolveConvention(['linkerd'], {
      labelNames: { service: 'workload' },
    });
    // Linkerd's caller is the scraped workload on the caller's side: renamed too.
    expect(linkerd.server.service).toBe('workload');
    expect(linkerd.callers?.caller).toBe('workload');
    expect(linkerd.callers?.service).toBe('dst_deployment');
  });
});

describe('callersSplitServerRequests', () => {
  it('holds where the callers are the request family with a caller label', () => {
    const split = (names: string[]) =>
      callersSplitServerRequests(resolveConvention(names));
    expect(split(['metrics-suite'])).toBe(true);
    expect(split(['istio'])).toBe(true);
    // Linkerd's callers are the outbound side; service graphs another metric family.
    expect(split(['linkerd'])).toBe(false);
    expect(split(['opentelemetry', 'service-graph'])).toBe(false);
    expect(split(['opentelemetry'])).toBe(false);
  });

  it('makes the traffic totals the callers’ queries, so a view sends them once', () => {
    const options = { service: 'orders', window: '7d' };
    const traffic = trafficQueries(options);
    const callers = callerQueries(options);
    expect(traffic.requests).toBe(callers.requests);
    expect(traffic.errors).toBe(callers.errors);
    const linkerd = resolveConvention(['linkerd']);
    expect(
      trafficQueries({ ...options, convention: linkerd }).requests,
    ).toMatch(/^sum\(/);
  });
});
