/**
 * What a definition asks a module-added source to count over a time range.
 *
 * @public
 */
export interface MetricsSourceCountRequest {
  /**
   * The definition's parameters as written in the catalog (`params` of a KPI, `success` or
   * `total` of an integration). Their meaning is the source's own; validate them and throw
   * an `InputError` from `@backstage/errors` for ones the source cannot use.
   */
  params: Record<string, string | number | boolean>;
  /** Start of the range, included. */
  start: Date;
  /** End of the range, excluded. */
  end: Date;
  /** Aborted when the answer is no longer needed. */
  signal?: AbortSignal;
}

/**
 * What a module-added source answers to {@link MetricsSourceCountRequest}.
 *
 * @public
 */
export interface MetricsSourceCountResult {
  /** The count over the range; null when the source has no data for it (not the same as 0). */
  value: number | null;
}

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
  /**
   * Counts what `request.params` describe over `[start, end)`. A source that has it can feed
   * KPIs and integrations declared with `source: custom` and `sourceId: <its id>`; one
   * without it is listed only. Errors from `@backstage/errors` keep their message in the
   * view; a failure degrades only the metric that asked.
   */
  countEvents?(
    request: MetricsSourceCountRequest,
  ): Promise<MetricsSourceCountResult>;
}
