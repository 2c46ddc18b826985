import {
  ConventionalSeries,
  ConventionalSeriesPurpose,
  METRICS_ANNOTATIONS,
  SeriesCheck,
} from '@metrics-suite/backstage-plugin-metrics-common';
import {
  PrometheusClient,
  PrometheusQueryError,
  PrometheusUnavailableError,
} from '../sources/prometheus';
import { nearestValues } from './nearestValues';

/** Where the check looks: the instance, and the series that count (recent ones). */
export interface CheckScope {
  client: PrometheusClient;
  /** Unix seconds. */
  start: number;
  end: number;
}

/**
 * Series counted per selector: enough to tell "a few" from "many" without pulling a large
 * part of the index (Prometheus ≥ 2.54 stops there; older servers ignore the limit).
 */
export const SERIES_LIMIT = 500;
/** Values of the service label read to find the nearest ones. */
export const VALUES_LIMIT = 1000;
/** Nearest values shown. */
export const VALUES_SHOWN = 5;

const TITLES: Record<ConventionalSeriesPurpose, string> = {
  requests: 'Requests (availability SLOs, traffic)',
  'failed-requests': 'Failed requests (availability SLOs, traffic)',
  latency: 'Latency (latency SLOs, p95)',
  'caller-requests': 'Requests by caller',
  'caller-latency': 'Latency by caller',
  integrations: 'Integration calls',
};

/** `the last hour`, `the last 2 hours`, `the last 30 minutes`. */
export function lookbackText(seconds: number): string {
  if (seconds === 3600) return 'the last hour';
  if (seconds % 3600 === 0) return `the last ${seconds / 3600} hours`;
  return `the last ${Math.round(seconds / 60)} minutes`;
}

/** A check the instance could not answer, with its reason. */
function unavailable(
  base: SeriesCheck,
  error: PrometheusUnavailableError | PrometheusQueryError,
): SeriesCheck {
  return {
    ...base,
    status: 'unavailable',
    message: error.message,
    reason:
      error instanceof PrometheusUnavailableError
        ? error.reason
        : 'query_error',
  };
}

/**
 * Whether the instance has the series, and why not when it has none: the metric has other
 * values of the service label (listed, nearest first), has no such label at all, or does
 * not exist. At most three cheap metadata requests (series, label values, series), never a
 * query. `no-metric` checks get their convention hint from the caller, which asks once for
 * all of them.
 *
 * @throws what the client throws other than Prometheus' own errors (a bug, not an outage).
 */
export async function checkSeries(
  series: ConventionalSeries,
  service: string,
  scope: CheckScope,
): Promise<SeriesCheck> {
  const { client, start, end } = scope;
  const base: SeriesCheck = {
    purpose: series.purpose,
    title: TITLES[series.purpose],
    metric: series.metric,
    selector: series.selector,
    label: series.serviceLabel,
    status: 'found',
  };
  try {
    const found = await client.series(series.selector, {
      start,
      end,
      limit: SERIES_LIMIT,
    });
    const count = found.series.length;
    if (count > 0) {
      // Servers before 2.54 ignore the limit: cap the count so it means the same everywhere.
      return {
        ...base,
        series: Math.min(count, SERIES_LIMIT),
        ...(count >= SERIES_LIMIT ? { seriesLimited: true } : {}),
      };
    }
    const label = series.serviceLabel;
    const { values } = await client.labelValues(label, {
      match: series.familySelector,
      start,
      end,
      limit: VALUES_LIMIT,
    });
    const seen = nearestValues(service, values, VALUES_SHOWN);
    const wanted = `${label}="${service}"`;
    if (seen.length > 0) {
      const others = values.filter(v => v !== service).length - seen.length;
      return {
        ...base,
        status: 'no-matching-series',
        valuesSeen: seen,
        message: `No series of ${
          series.familySelector
        } has ${wanted}. Values seen for ${label}: ${seen.join(', ')}${
          others > 0 ? ` (and ${others} more)` : ''
        }. Set the ${
          METRICS_ANNOTATIONS.prometheusService
        } annotation to the value this service reports.`,
      };
    }
    const any = await client.series(series.metric, { start, end, limit: 1 });
    if (any.series.length > 0) {
      const filtered = series.familySelector !== series.metric;
      return {
        ...base,
        status: 'no-matching-series',
        valuesSeen: [],
        message: `${series.metric} has series, but none ${
          filtered ? `of ${series.familySelector} ` : ''
        }has a ${label} label: the telemetry names services with another label. Rename the label for this instance (labelNames.service in metrics.prometheus.instances) or name the convention it follows with the ${
          METRICS_ANNOTATIONS.convention
        } annotation.`,
      };
    }
    return {
      ...base,
      status: 'no-metric',
      message: `Prometheus '${client.name}' has no series of ${
        series.metric
      } in ${lookbackText(end - start)}.`,
    };
  } catch (error) {
    if (
      error instanceof PrometheusUnavailableError ||
      error instanceof PrometheusQueryError
    ) {
      return unavailable(base, error);
    }
    throw error;
  }
}
