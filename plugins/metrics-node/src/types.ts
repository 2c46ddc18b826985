/**
 * A data source the metrics backend can read from: a Prometheus-compatible server, a
 * product-analytics API or database, or anything a backend module adds.
 *
 * @public
 */
export interface MetricsSource {
  /** Unique among all sources, e.g. `prometheus:main`. Shown to operators. */
  readonly id: string;
  /** What kind of source this is, e.g. `prometheus`, `amplitude`, `sql`. */
  readonly type: string;
  /** Short description for operators (no secrets), e.g. the base URL. */
  readonly description?: string;
  /** The source of its type used by entities that name none. */
  readonly default?: boolean;
}
