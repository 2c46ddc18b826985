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
 * One source in the answer of `GET /api/metrics/health/ready`: `ok` or `down` when it was
 * checked (Prometheus instances, the SQL events table), `configured` when it is not called
 * (Amplitude, sources added by modules).
 *
 * @public
 */
export interface MetricsSourceReadiness {
  /** e.g. `prometheus:main` */
  id: string;
  type: string;
  status: 'ok' | 'down' | 'configured';
  /** Why a checked source is down, e.g. `timeout`, `unreachable`, `auth`; never a message. */
  reason?: string;
}

/**
 * Answer of `GET /api/metrics/health/ready` (unauthenticated, for readiness probes):
 * HTTP 503 with `not-ready` when none of the configured Prometheus instances answers.
 *
 * @public
 */
export interface MetricsReadinessResponse {
  status: 'ready' | 'not-ready';
  sources: MetricsSourceReadiness[];
  /** The plugin's own database (`select 1`). */
  database: { status: 'ok' | 'down' };
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
