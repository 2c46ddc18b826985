import { InputError } from '@backstage/errors';
import { DEFAULT_TELEMETRY_CONVENTION } from './resolve';
import {
  checkLabel,
  familyMatchers,
  filterMatchers,
  integrationRequests,
  selectorOf,
} from './selector';
import type { ConventionRequests, TelemetryConvention } from './types';

/**
 * What the suite reads a conventional series for:
 *
 * - `requests`: the server family's request count (availability SLOs, traffic);
 * - `failed-requests`: the counter of failed requests, for conventions that count failures
 *   apart (`errors.type: counter`);
 * - `latency`: the server family's latency histogram `_bucket` (latency SLOs, p95);
 * - `caller-requests` / `caller-latency`: the callers family, when it reads other series
 *   than the server family (e.g. Linkerd's outbound series);
 * - `integrations`: the counter of third-party calls.
 *
 * @public
 */
export type ConventionalSeriesPurpose =
  | 'requests'
  | 'failed-requests'
  | 'latency'
  | 'caller-requests'
  | 'caller-latency'
  | 'integrations';

/**
 * One series selector the conventional queries of a service read.
 *
 * @public
 */
export interface ConventionalSeries {
  purpose: ConventionalSeriesPurpose;
  /** The metric name, e.g. `http_server_requests_total` or `…_bucket`. */
  metric: string;
  /** The series read: `metric{<filter>, <service label>="<service>"}`. */
  selector: string;
  /** The label whose value is the service, e.g. `service` or `destination_canonical_service`. */
  serviceLabel: string;
  /** The metric with the family's filter only, e.g. `istio_requests_total{reporter="destination"}`. */
  familySelector: string;
}

/**
 * The metric that counts a family's requests: its counter, or its histogram's `_count`.
 *
 * @public
 */
export function requestCountMetric(family: ConventionRequests): string {
  const { count } = family;
  return count.histogram ? `${count.metric}_count` : count.metric;
}

/**
 * A family's request count with its filter and any value of its service label, e.g.
 * `istio_requests_total{reporter="destination", destination_canonical_service=~".+"}`: whether
 * an instance has that convention's series at all. The metric name alone can mislead, as
 * OpenTelemetry's `http_server_request_duration_seconds` is also the suite's latency histogram
 * (labelled `service`, not `service_name`).
 *
 * @public
 */
export function anyServiceRequestSelector(family: ConventionRequests): string {
  return selectorOf(requestCountMetric(family), [
    ...filterMatchers(family),
    `${checkLabel(family.service)}=~".+"`,
  ]);
}

function seriesOf(
  purpose: ConventionalSeriesPurpose,
  family: ConventionRequests,
  metric: string,
  service: string,
): ConventionalSeries {
  return {
    purpose,
    metric,
    selector: selectorOf(metric, familyMatchers(family, { one: service })),
    serviceLabel: family.service,
    familySelector: selectorOf(metric, filterMatchers(family)),
  };
}

/**
 * The series selectors the conventional queries of one service read in a convention: the
 * server family's request count, failed-request counter (when the convention counts failures
 * apart) and latency buckets; the callers family's count and latency when they are other
 * series; the integration counter when `integrations` is set and the convention has one.
 * Each selector appears once. The service value is escaped here.
 *
 * @throws InputError on an empty service or invalid names.
 * @public
 */
export function conventionalSeries(options: {
  service: string;
  convention?: TelemetryConvention;
  /** Include the integration counter (the entity has conventional integrations). */
  integrations?: boolean;
}): ConventionalSeries[] {
  const { service } = options;
  if (typeof service !== 'string' || service === '') {
    throw new InputError('A service label value must not be empty');
  }
  const convention = options.convention ?? DEFAULT_TELEMETRY_CONVENTION;
  const { server, callers, integrations } = convention;
  const all: ConventionalSeries[] = [
    seriesOf('requests', server, requestCountMetric(server), service),
  ];
  if (server.errors.type === 'counter') {
    all.push(
      seriesOf('failed-requests', server, server.errors.metric, service),
    );
  }
  if (server.latency) {
    all.push(
      seriesOf(
        'latency',
        server,
        `${server.latency.histogram}_bucket`,
        service,
      ),
    );
  }
  if (callers) {
    all.push(
      seriesOf(
        'caller-requests',
        callers,
        requestCountMetric(callers),
        service,
      ),
    );
    if (callers.latency) {
      all.push(
        seriesOf(
          'caller-latency',
          callers,
          `${callers.latency.histogram}_bucket`,
          service,
        ),
      );
    }
  }
  if (options.integrations && integrations) {
    all.push(
      seriesOf(
        'integrations',
        integrationRequests(integrations),
        integrations.metric,
        service,
      ),
    );
  }
  // The callers family is often the server's own series with a caller label: read once.
  const seen = new Set<string>();
  return all.filter(series => {
    if (seen.has(series.selector)) return false;
    seen.add(series.selector);
    return true;
  });
}
