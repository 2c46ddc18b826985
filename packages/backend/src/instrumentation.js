/*
 * Loaded before the backend with `node --require` (the `start` scripts pass
 * `--require ./src/instrumentation.js`), as in Backstage's "Setup OpenTelemetry" tutorial:
 * installs the OpenTelemetry metrics SDK with a Prometheus endpoint, so Backstage's metrics and
 * the metrics suite's own (`metrics_suite_*`) can be scraped. Metrics only: the full Node SDK
 * (traces, auto-instrumentation) is not needed for that.
 *
 * OTEL_EXPORTER_PROMETHEUS_PORT (default 9466; the demo world's exporter has 9464 and 19464)
 * and OTEL_EXPORTER_PROMETHEUS_HOST (default all interfaces) move it;
 * OTEL_METRICS_EXPORTER=none turns it off.
 */
const { isMainThread } = require('node:worker_threads');

// Worker threads load this file too; one endpoint per process.
if (isMainThread && process.env.OTEL_METRICS_EXPORTER !== 'none') {
  const { metrics } = require('@opentelemetry/api');
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');

  const port = Number(process.env.OTEL_EXPORTER_PROMETHEUS_PORT || 9466);
  const exporter = new PrometheusExporter(
    { port, host: process.env.OTEL_EXPORTER_PROMETHEUS_HOST || undefined },
    // Before the backend's logger exists; a taken port must not stop the backend.
    error =>
      error
        ? console.warn(
            `Metrics endpoint not started on :${port}: ${error.message}`,
          )
        : console.log(
            `Metrics in Prometheus format on http://localhost:${port}/metrics`,
          ),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [exporter] }));
}
