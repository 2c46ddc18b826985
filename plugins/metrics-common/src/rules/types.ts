// Prometheus rule files as the suite writes them: the keys of Prometheus's rule file format
// that Prometheus 2.42 (Debian's promtool) and the prometheus-operator's PrometheusRule accept.

/**
 * One recording or alerting rule (exactly one of `record`, `alert`).
 *
 * @public
 */
export interface PrometheusRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * A rule group: evaluated in order, so a group's alerts see its recordings of the same cycle.
 *
 * @public
 */
export interface PrometheusRuleGroup {
  name: string;
  interval?: string;
  rules: PrometheusRule[];
}

/**
 * A Prometheus rule file (`rule_files`), also the `spec` of a `PrometheusRule` resource.
 *
 * @public
 */
export interface PrometheusRuleFile {
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
