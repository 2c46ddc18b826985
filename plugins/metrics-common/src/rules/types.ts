// Prometheus rule files as the suite writes them: the keys of Prometheus's rule file format
// that Prometheus 2.42 (Debian's promtool) and the prometheus-operator's PrometheusRule accept.

/**
 * One recording or alerting rule (exactly one of `record`, `alert`).
 *
 * @public
 */
export interface PrometheusRule {
  /** Name of the series a recording rule writes. */
  record?: string;
  /** Name of an alerting rule. */
  alert?: string;
  /** PromQL. */
  expr: string;
  /** How long an alert's condition must hold before it fires. */
  for?: string;
  /** Labels added to the recorded series or the alert. */
  labels?: Record<string, string>;
  /** Alerts only, e.g. `summary`. */
  annotations?: Record<string, string>;
}

/**
 * A rule group: evaluated in order, so a group's alerts see its recordings of the same cycle.
 *
 * @public
 */
export interface PrometheusRuleGroup {
  /** Unique within a file. */
  name: string;
  /** Evaluation interval; default: the server's `evaluation_interval`. */
  interval?: string;
  /** Evaluated in this order. */
  rules: PrometheusRule[];
}

/**
 * A Prometheus rule file (`rule_files`), also the `spec` of a `PrometheusRule` resource.
 *
 * @public
 */
export interface PrometheusRuleFile {
  /** In file order. */
  groups: PrometheusRuleGroup[];
}

/**
 * What the rules of one entity's SLOs need besides the definitions.
 *
 * @public
 */
export interface SloRuleOptions {
  /** The entity's Metrics tab, linked from the alerts' `dashboard_url` annotation. */
  dashboardUrl?: string;
}
