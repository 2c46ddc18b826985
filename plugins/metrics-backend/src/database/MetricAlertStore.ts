/**
 * A condition an integration or KPI alerts on (docs/architecture.md#nudges): an integration's
 * success rate below its target, its unclassified failures' share above a threshold or growing
 * week over week, a KPI missing its target.
 */
export type MetricAlertCondition =
  | 'below-target'
  | 'unclassified-share'
  | 'unclassified-growth'
  | 'target-missed';

/** Which alert of which metric: an entity's metric and one of its conditions. */
export interface MetricAlertKey {
  entityRef: string;
  metricId: string;
  condition: MetricAlertCondition;
}

/** An open alert: the condition has held since `since`. */
export interface MetricAlertRow extends MetricAlertKey {
  since: string;
  /** What the alert said (value against threshold), for the recovery notice. */
  detail: string;
}

/**
 * Open alerts of integrations and KPIs, so each is sent once per episode. Opening and closing
 * are claims: of concurrent runs (replicas, a run after a restart) exactly one succeeds.
 * Implemented by `DatabaseMetricAlertStore`.
 */
export interface MetricAlertStore {
  getMetricAlert(key: MetricAlertKey): Promise<MetricAlertRow | undefined>;
  /** Opens the alert; false when it is open already (another run opened it). */
  openMetricAlert(row: MetricAlertRow): Promise<boolean>;
  /** Closes the alert; false when it was not open (another run closed it). */
  closeMetricAlert(key: MetricAlertKey): Promise<boolean>;
}
