import type { MetricsSource } from '@metrics-suite/backstage-plugin-metrics-node';
import type { AmplitudeClients } from '../sources/amplitude';
import type { SqlEventsSource } from '../sources/sql';
import type { PrometheusInstance } from '../views/resolveForView';

/** The sources metrics are read from: what the views, the collector and metric values share. */
export interface SourceHandles {
  /** Configured Prometheus instances by name. */
  prometheus: ReadonlyMap<string, PrometheusInstance>;
  amplitude?: AmplitudeClients;
  sql?: SqlEventsSource;
  /**
   * Sources added by backend modules (`metricsSourcesExtensionPoint`); those with
   * `countEvents` feed definitions with `source: custom`.
   */
  moduleSources?: ReadonlyArray<MetricsSource>;
}
