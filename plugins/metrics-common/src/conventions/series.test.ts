import { InputError } from '@backstage/errors';
import { resolveConvention } from './resolve';
import { anyServiceRequestSelector, conventionalSeries } from './series';
import { trafficQueries } from './queries';

const pick = (series: ReturnType<typeof conventionalSeries>) =>
  series.map(s => [s.purpose, s.selector]);

describe('conventionalSeries', () => {
  it("reads the suite's requests and latency once, callers being the same series", () => {
    expect(pick(conventionalSeries({ service: 'checkout' }))).toEqual([
      ['requests', 'http_server_requests_total{service="checkout"}'],
      [
        'latency',
        'http_server_request_duration_seconds_bucket{service="checkout"}',
      ],
    ]);
  });

  it('adds the integration counter only when asked', () => {
    const [, , integrations] = conventionalSeries({
      service: 'checkout',
      integrations: true,
    });
    expect(integrations).toEqual({
      purpose: 'integrations',
      metric: 'integration_requests_total',
      selector: 'integration_requests_total{service="checkout"}',
      serviceLabel: 'service',
      familySelector: 'integration_requests_total',
    });
    // OpenTelemetry has the suite's counter too; Istio none.
    expect(
      conventionalSeries({
        service: 'checkout',
        integrations: true,
        convention: resolveConvention(['istio']),
      }).map(s => s.purpose),
    ).toEqual(['requests', 'latency']);
  });

  it("keeps Istio's filter and service label, in both selectors", () => {
    const [requests] = conventionalSeries({
      service: 'checkout',
      convention: resolveConvention(['istio']),
    });
    expect(requests).toEqual({
      purpose: 'requests',
      metric: 'istio_requests_total',
      selector:
        'istio_requests_total{reporter="destination", destination_canonical_service="checkout"}',
      serviceLabel: 'destination_canonical_service',
      familySelector: 'istio_requests_total{reporter="destination"}',
    });
  });

  it("reads Linkerd's callers from their outbound series", () => {
    expect(
      pick(
        conventionalSeries({
          service: 'checkout',
          convention: resolveConvention(['linkerd']),
        }),
      ),
    ).toEqual([
      [
        'requests',
        'response_total{direction="inbound", deployment="checkout"}',
      ],
      [
        'latency',
        'response_latency_ms_bucket{direction="inbound", deployment="checkout"}',
      ],
      [
        'caller-requests',
        'response_total{direction="outbound", dst_deployment="checkout"}',
      ],
      [
        'caller-latency',
        'response_latency_ms_bucket{direction="outbound", dst_deployment="checkout"}',
      ],
    ]);
  });

  it("checks a service graph's failed-request counter and OpenTelemetry's histogram count", () => {
    expect(
      pick(
        conventionalSeries({
          service: 'checkout',
          convention: resolveConvention(['opentelemetry', 'service-graph']),
        }),
      ),
    ).toEqual([
      [
        'requests',
        'http_server_request_duration_seconds_count{service_name="checkout"}',
      ],
      [
        'latency',
        'http_server_request_duration_seconds_bucket{service_name="checkout"}',
      ],
      [
        'caller-requests',
        'traces_service_graph_request_total{server="checkout"}',
      ],
      [
        'caller-latency',
        'traces_service_graph_request_server_seconds_bucket{server="checkout"}',
      ],
    ]);
    expect(
      pick(
        conventionalSeries({
          service: 'checkout',
          convention: resolveConvention(['service-graph']),
        }),
      ),
    ).toEqual([
      ['requests', 'traces_service_graph_request_total{server="checkout"}'],
      [
        'failed-requests',
        'traces_service_graph_request_failed_total{server="checkout"}',
      ],
      [
        'latency',
        'traces_service_graph_request_server_seconds_bucket{server="checkout"}',
      ],
    ]);
  });

  it('uses the selectors the queries read, renames and escaping included', () => {
    const convention = resolveConvention(['metrics-suite'], {
      metricNames: { requests: 'http_requests_total' },
      labelNames: { service: 'app' },
    });
    const service = 'check"out';
    const [requests] = conventionalSeries({ service, convention });
    expect(requests.selector).toBe('http_requests_total{app="check\\"out"}');
    expect(
      trafficQueries({ service, convention, window: '1h' }).requests,
    ).toContain(requests.selector);
  });

  it('refuses an empty service', () => {
    expect(() => conventionalSeries({ service: '' })).toThrow(InputError);
  });
});

describe('anyServiceRequestSelector', () => {
  it('keeps the family filter and asks for any value of its service label', () => {
    expect(anyServiceRequestSelector(resolveConvention(['istio']).server)).toBe(
      'istio_requests_total{reporter="destination", destination_canonical_service=~".+"}',
    );
    expect(
      anyServiceRequestSelector(resolveConvention(['opentelemetry']).server),
    ).toBe('http_server_request_duration_seconds_count{service_name=~".+"}');
  });
});
