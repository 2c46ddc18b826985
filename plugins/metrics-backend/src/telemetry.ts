import type { MetricsService } from '@backstage/backend-plugin-api/alpha';
import { metrics } from '@opentelemetry/api';

/**
 * The plugin's own metrics, in one place so names, units and attributes stay consistent
 * (README "Operating" lists them). Instruments come from Backstage's plugin-scoped metrics
 * service (an OpenTelemetry meter named `backstage-plugin-metrics`); the portal decides where
 * they go by installing an OpenTelemetry SDK (packages/backend/src/instrumentation.js).
 * Attributes are bounded sets (route patterns, instance names, reason codes), never ids.
 */
export interface MetricsTelemetry {
  /** One HTTP request served by the plugin's router. */
  request(event: {
    /** The route pattern, e.g. `/v1/entities/:kind/:namespace/:name`; `unmatched` for 404s. */
    route: string;
    method: string;
    status: number;
    seconds: number;
  }): void;
  /** One HTTP request to a Prometheus instance (coalesced calls count once). */
  prometheusRequest(event: {
    instance: string;
    /** `query`, `query_range`, `label_values`, `series`, `ping`. */
    endpoint: string;
    seconds: number;
    /** Absent on success; a `PrometheusUnavailableReason` or `query_error`. */
    error?: string;
  }): void;
  /** One run of the snapshot collector. */
  collectorRun(event: {
    seconds: number;
    /** `error` when the run itself threw (nothing is counted then). */
    outcome: 'success' | 'error';
    rows: number;
    /** Source failures per day and source, and days that could not be stored. */
    failures: number;
  }): void;
  /** One look-up in the view cache. */
  viewCache(event: { view: string; hit: boolean }): void;
}

/** The instrument factories used here; an OpenTelemetry `Meter` has them too (tests). */
export type TelemetryMeter = Pick<
  MetricsService,
  'createHistogram' | 'createCounter'
>;

/** Names as OpenTelemetry writes them; the Prometheus exporter turns `.` into `_`. */
export const TELEMETRY_NAMES = {
  requestDuration: 'metrics_suite.http.request.duration',
  prometheusDuration: 'metrics_suite.prometheus.request.duration',
  prometheusErrors: 'metrics_suite.prometheus.request.errors',
  collectorDuration: 'metrics_suite.collector.run.duration',
  collectorRows: 'metrics_suite.collector.rows',
  collectorFailures: 'metrics_suite.collector.failures',
  viewCacheRequests: 'metrics_suite.view_cache.requests',
} as const;

// Seconds: Prometheus answers in milliseconds to tens of seconds, the collector in minutes.
const REQUEST_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
];
const COLLECTOR_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 900, 1800];

/**
 * Creates the instruments on `meter`: the plugin's metrics service in the backend; without
 * one (benchmarks, embedding tools), the global OpenTelemetry meter of the same scope, which
 * records nothing unless an SDK is installed.
 */
export function createMetricsTelemetry(
  meter: TelemetryMeter = metrics.getMeter('backstage-plugin-metrics'),
): MetricsTelemetry {
  const n = TELEMETRY_NAMES;
  const requestDuration = meter.createHistogram(n.requestDuration, {
    description: 'Duration of HTTP requests served by the metrics backend',
    unit: 's',
    advice: { explicitBucketBoundaries: REQUEST_BUCKETS },
  });
  const prometheusDuration = meter.createHistogram(n.prometheusDuration, {
    description:
      'Duration of requests to Prometheus instances, failed ones included',
    unit: 's',
    advice: { explicitBucketBoundaries: REQUEST_BUCKETS },
  });
  const prometheusErrors = meter.createCounter(n.prometheusErrors, {
    description: 'Failed requests to Prometheus instances, by reason',
    unit: '{request}',
  });
  const collectorDuration = meter.createHistogram(n.collectorDuration, {
    description: 'Duration of snapshot collector runs',
    unit: 's',
    advice: { explicitBucketBoundaries: COLLECTOR_BUCKETS },
  });
  const collectorRows = meter.createCounter(n.collectorRows, {
    description: 'Snapshot rows written by the collector',
    unit: '{row}',
  });
  const collectorFailures = meter.createCounter(n.collectorFailures, {
    description:
      'Collector failures: a source failing for a day, or a day that could not be stored',
    unit: '{failure}',
  });
  const viewCacheRequests = meter.createCounter(n.viewCacheRequests, {
    description: 'View cache look-ups, by result (hit or miss)',
    unit: '{request}',
  });

  return {
    request({ route, method, status, seconds }) {
      requestDuration.record(seconds, {
        'http.route': route,
        'http.request.method': method,
        'http.response.status_code': status,
      });
    },
    prometheusRequest({ instance, endpoint, seconds, error }) {
      const attributes = {
        instance,
        endpoint,
        outcome: error ? 'error' : 'success',
      };
      prometheusDuration.record(seconds, attributes);
      if (error) prometheusErrors.add(1, { instance, endpoint, reason: error });
    },
    collectorRun({ seconds, outcome, rows, failures }) {
      collectorDuration.record(seconds, { outcome });
      if (rows > 0) collectorRows.add(rows);
      if (failures > 0) collectorFailures.add(failures);
    },
    viewCache({ view, hit }) {
      viewCacheRequests.add(1, { view, result: hit ? 'hit' : 'miss' });
    },
  };
}

/** Seconds since `started` (a `performance.now()` reading). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
