/**
 * A problem in a metrics definition, reported on the entity's page instead of failing it.
 *
 * @public
 */
export interface DefinitionProblem {
  /** Dotted path of the field at fault, e.g. `metadata.annotations.metrics.backstage.io/caller-id`. */
  path: string;
  message: string;
}

/**
 * Answer of `GET /api/metrics/health`.
 *
 * @public
 */
export interface MetricsHealthResponse {
  status: 'ok';
  /** Data sources known to the backend (configured and added by modules); no secrets. */
  sources: Array<{
    id: string;
    type: string;
    description?: string;
    default?: boolean;
  }>;
}
