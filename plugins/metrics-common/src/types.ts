/**
 * A problem in a metrics definition, reported on the entity's page instead of failing it.
 *
 * @public
 */
export interface DefinitionProblem {
  /** Dotted path of the field at fault, e.g. `metadata.annotations.metrics-suite/caller-id`. */
  path: string;
  message: string;
}

/**
 * Answer of `GET /api/metrics/health` (unauthenticated, for probes).
 *
 * @public
 */
export interface MetricsHealthResponse {
  status: 'ok';
}

/**
 * A data source known to the backend (configured or added by a module); no secrets.
 *
 * @public
 */
export interface MetricsSourceSummary {
  /** e.g. `prometheus:main` */
  id: string;
  /** e.g. `prometheus`, `amplitude`, `sql` */
  type: string;
  description?: string;
  /** The source of its type used by entities that name none. */
  default?: boolean;
}

/**
 * Answer of `GET /api/metrics/v1/sources`.
 *
 * @public
 */
export interface MetricsSourcesResponse {
  items: MetricsSourceSummary[];
}
