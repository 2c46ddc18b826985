import type { ConventionalSeriesPurpose } from './conventions/series';
import type { KpiBucket, KpiUnit } from './definitions/schema';
import type { KpiTarget } from './definitions/resolve';
import type { CallerItem } from './math/callers';
import type { IntegrationItem } from './math/integrations';
import type { SloItem } from './math/slo';
import type { ErrorBudgetPolicyView } from './math/policy';
import type { RangeWindow } from './math/windows';
import type { Goal, MetricRef } from './team/types';
import type { DefinitionProblem } from './types';

/**
 * One section of a view. Each section reports its own status, so one failing source never
 * fails the others (docs/api.md#view-sections).
 *
 * @public
 */
export interface ViewSection<T> {
  status: 'ok' | 'error' | 'not-configured';
  /** Why the section failed or is not configured, for people. */
  error?: string;
  /**
   * Remarks on numbers that are right but not exactly what was asked for, e.g. a source that
   * counts whole days in its own time zone and so could not match the range to the second.
   */
  notes?: string[];
  items: T[];
}

/**
 * Time range of a view: the last `range` up to `end` (ISO 8601).
 *
 * @public
 */
export interface ViewRange {
  window: RangeWindow;
  start: string;
  end: string;
}

/**
 * A link to where a number comes from (e.g. a Prometheus graph URL of the query).
 *
 * @public
 */
export interface SourceLink {
  title: string;
  url: string;
}

/**
 * Numbers taken from the stored daily snapshots because the live source failed (an outage,
 * a timeout, a 5xx): they end at `asOf`, not at the view's end.
 *
 * @public
 */
export interface StaleReading {
  /** The last stored day the numbers include, `YYYY-MM-DD` (UTC). */
  asOf: string;
  /** Why the source could not be read live, for people. */
  reason: string;
}

/**
 * An SLO as the service view shows it.
 *
 * @public
 */
export type SloViewItem = SloItem & {
  /** Definition id, e.g. `slo:availability`. */
  id: string;
  description?: string;
  owner?: string;
  links?: SourceLink[];
  /**
   * Set when the SLO was built from stored snapshots: SLI and budget over the SLO window
   * ending at `asOf`, no burn rates (alert `none`), no series.
   */
  stale?: StaleReading;
  /** With `compare=previous`: see {@link PreviousFigures}. */
  previous?: PreviousSlo | null;
  /** Live numbers only: what Prometheus computed them from. */
  computedFrom?: SloComputedFrom;
  /**
   * The SLO's error-budget policy and the step that applies to `budgetRemaining` now
   * (docs/slo-math.md#error-budget-policy); absent for an SLO without one.
   */
  policy?: ErrorBudgetPolicyView;
};

/**
 * Where a live SLO's numbers come from (docs/slo-rules.md#reading-back): the suite's
 * recording rules on the instance, or the raw series (`note` says why when rules were
 * expected, e.g. they cover only part of the SLO window yet).
 *
 * @public
 */
export interface SloComputedFrom {
  source: 'recording-rules' | 'raw-series';
  note?: string;
}

/**
 * The figures of an item one period earlier, with `compare=previous`
 * (docs/api.md#comparing-with-the-previous-period). On an item, the `previous` field is
 * absent without `compare`, and also when the item was built from stored snapshots. It is
 * `null` when the previous period has nothing to compare with (no such item then, or its
 * source could not be read).
 *
 * @public
 */
export type PreviousFigures =
  | PreviousSlo
  | PreviousCaller
  | PreviousTraffic
  | PreviousIntegration;

/**
 * An SLO over its window ending at the start of the view's range.
 *
 * @public
 */
export interface PreviousSlo {
  sli: number | null;
  budgetRemaining: number | null;
}

/**
 * A caller (or the folded other callers) over the period before the range.
 *
 * @public
 */
export interface PreviousCaller {
  requests: number;
  errorRatio: number;
}

/**
 * The service's requests over the period before the range.
 *
 * @public
 */
export interface PreviousTraffic {
  requests: number;
  errors: number;
  errorRatio: number | null;
}

/**
 * An integration over the period before the range.
 *
 * @public
 */
export interface PreviousIntegration {
  requests: number;
  successRate: number | null;
}

/**
 * A caller as the service view shows it.
 *
 * @public
 */
export type CallerViewItem = CallerItem & {
  /** With `compare=previous`: see {@link PreviousFigures}. */
  previous?: PreviousCaller | null;
};

/**
 * An integration as the service view shows it.
 *
 * @public
 */
export type IntegrationViewItem = IntegrationItem & {
  id: string;
  /** Success-rate target in percent, when declared. */
  target?: number;
  owner?: string;
  links?: SourceLink[];
  /**
   * Set when the integration was built from stored snapshots: success rate and volume over
   * the range's length in whole days ending at `asOf`, no error classes, no series.
   */
  stale?: StaleReading;
  /** With `compare=previous`: see {@link PreviousFigures}. */
  previous?: PreviousIntegration | null;
};

/**
 * A KPI as the service view shows it: its value over the view's range and the period before.
 *
 * @public
 */
export interface KpiViewItem {
  /** Definition id, e.g. `kpi:signups`. */
  id: string;
  name: string;
  description?: string;
  bucket: KpiBucket;
  unit?: KpiUnit;
  /** `prometheus`, `amplitude`, `sql` or `custom`. */
  source: string;
  /** Over the view's range; null without data or when the source failed (see `error`). */
  value: number | null;
  /** Over the period of the same length just before; absent when it could not be read. */
  previous?: number | null;
  target?: KpiTarget;
  /** Whether `value` meets `target`; absent without a target or a value. */
  targetMet?: boolean;
  owner?: string;
  links?: SourceLink[];
  /** Why this KPI has no value: its source failed or is not configured. */
  error?: string;
}

/**
 * Answer of `GET /api/metrics/v1/entities/{kind}/{namespace}/{name}` (docs/api.md#entity-view).
 *
 * @public
 */
export interface EntityMetricsResponse {
  entityRef: string;
  range: ViewRange;
  /**
   * With `compare=previous`: the period of the same length just before `range`, which the
   * items' `previous` figures cover (KPIs always carry theirs).
   */
  previousRange?: ViewRange;
  slos: ViewSection<SloViewItem>;
  callers: ViewSection<CallerViewItem>;
  /** The service's requests as a whole: one item, or none without traffic. */
  traffic: ViewSection<TrafficItem>;
  integrations: ViewSection<IntegrationViewItem>;
  kpis: ViewSection<KpiViewItem>;
  problems: DefinitionProblem[];
  /**
   * Metrics marked `sensitive` left out because the caller may not read them
   * (`metrics.sensitive.read` on the owning team); 0 when none.
   */
  hiddenSensitive: number;
  /**
   * The Prometheus instance this entity's queries go to and why; absent when it reads no
   * Prometheus. `origin` is `none` (and `instance` absent) when the annotation names an
   * unconfigured instance or there is no default; `problems` then says so.
   */
  prometheus?: EntityPrometheusInstance;
}

/**
 * A service's requests over the view's range, read from its telemetry convention's request
 * family.
 *
 * @public
 */
export interface TrafficItem {
  /** The convention read, e.g. `istio` or `opentelemetry+service-graph`. */
  convention: string;
  requests: number;
  /** Failed requests by the convention's rule (5xx, `classification="failure"`, …). */
  errors: number;
  /** `errors / requests`; null without requests. */
  errorRatio: number | null;
  /** 95th percentile latency in seconds; absent without a histogram or without data. */
  p95Seconds?: number;
  /** With `compare=previous`: see {@link PreviousFigures}. */
  previous?: PreviousTraffic | null;
}

/**
 * Which Prometheus instance an entity reads: the one its annotation names, else the default.
 *
 * @public
 */
export interface EntityPrometheusInstance {
  /** Name of the configured instance; absent when origin is `none`. */
  instance?: string;
  origin: 'annotation' | 'default' | 'none';
  /** The telemetry convention of the entity's series, e.g. `istio`. */
  convention: string;
  /** Where the convention comes from: the entity's annotation or the instance. */
  conventionOrigin: 'annotation' | 'instance';
}

/**
 * One owned entity in the squad roll-up.
 *
 * @public
 */
export interface GroupEntitySummary {
  entityRef: string;
  title?: string;
  /** Owner entity ref (the group itself or a sub-team). */
  owner?: string;
  /** Value of the `prometheus-service` annotation, when set. */
  service?: string;
  /** SLOs without chart series; empty when the entity declares none. */
  slos: SloViewItem[];
  /** Worst SLO state, for sorting ("worst first"): `none` without SLOs. */
  worstState: SloViewItem['state'] | 'none';
  /** Definition problems of this entity. */
  problems: DefinitionProblem[];
}

/**
 * A metric the squad owns, with whether someone acts on it.
 *
 * @public
 */
export interface OwnedMetric {
  entityRef: string;
  /** Definition id, e.g. `slo:availability`, `integration:ridely`. */
  id: string;
  kind: 'slo' | 'integration' | 'kpi';
  name: string;
  /** KPI bucket; SLOs and integrations are `health`. */
  bucket: 'usage' | 'health' | 'business';
  source: string;
  owner?: string;
  origin: 'declared' | 'default' | 'discovered';
  hasTarget: boolean;
  hasAlert: boolean;
  /** Why it is an ownership gap; empty when owned and acted on. */
  gaps: Array<'no-owner' | 'no-target-or-alert'>;
  /** KPIs only: the declared unit of `value`. */
  unit?: KpiUnit;
  /** KPIs only: the value over the view's range; null without data or when the source failed. */
  value?: number | null;
  /** KPIs only: why `value` is missing (the source failed or is not configured). */
  valueError?: string;
}

/**
 * One ISO week of a north-star metric, from stored daily snapshots.
 *
 * @public
 */
export interface NorthStarWeek {
  /** Monday of the ISO week (`YYYY-MM-DD`). */
  week: string;
  /** The KPI's total over the week's stored days; null when no day of the week is stored. */
  value: number | null;
}

/**
 * The squad's north-star metric: one KPI the team marked as the one it steers by
 * (docs/api.md#north-star). It heads the squad tab, TV mode and the weekly digest.
 *
 * @public
 */
export interface NorthStarView {
  metric: MetricRef;
  name: string;
  bucket: KpiBucket;
  unit?: KpiUnit;
  /** Over the view's range, as the KPI's own reading; null without data or when it failed. */
  value: number | null;
  /** Why `value` is missing. */
  valueError?: string;
  target?: KpiTarget;
  /** The last 12 whole ISO weeks, oldest first (the current, partial week excluded). */
  trend: NorthStarWeek[];
  /** The newest goal on this metric that is not followed up yet, if any. */
  goal?: Pick<
    Goal,
    'id' | 'baseline' | 'target' | 'direction' | 'dueDate' | 'status'
  >;
  /** Who marked it, and when. */
  setBy: string;
  setAt: string;
}

/**
 * Answer of `GET /api/metrics/v1/groups/{namespace}/{name}` (docs/api.md#group-view).
 *
 * @public
 */
export interface GroupMetricsResponse {
  entityRef: string;
  range: ViewRange;
  /** The group and its sub-teams whose entities are rolled up. */
  groups: string[];
  /** Owned entities, worst SLO state first. */
  entities: ViewSection<GroupEntitySummary>;
  /** Integrations of all owned entities, worst success rate first. */
  integrations: ViewSection<IntegrationViewItem & { entityRef: string }>;
  /** Every metric the squad owns, with target/alert completeness. */
  metrics: OwnedMetric[];
  problems: DefinitionProblem[];
  /**
   * Metrics marked `sensitive` left out because the caller may not read them
   * (`metrics.sensitive.read` on the owning team); 0 when none.
   */
  hiddenSensitive: number;
  /**
   * The squad's north star; null when none is marked, absent when the marked KPI is no longer
   * declared or is sensitive and the caller may not read it.
   */
  northStar?: NorthStarView | null;
}

/**
 * What one check of the configuration check found (docs/api.md#configuration-check):
 *
 * - `found`: series exist for the selector;
 * - `no-matching-series`: the metric exists, but no series has the entity's service label
 *   value (`valuesSeen` lists the values it does have, nearest first);
 * - `no-metric`: the instance has no series of the metric at all;
 * - `unavailable`: the instance could not answer (unreachable, credentials refused, timed
 *   out, or it rejected the request); `reason` says which;
 * - `not-checked`: a definition that reads its own PromQL, which the check does not take apart.
 *
 * @public
 */
export type SeriesCheckStatus =
  | 'found'
  | 'no-matching-series'
  | 'no-metric'
  | 'unavailable'
  | 'not-checked';

/**
 * One series the entity's metrics read, and whether the instance has it.
 *
 * @public
 */
export interface SeriesCheck {
  /** A conventional series, or `definition` for a definition with its own PromQL. */
  purpose: ConventionalSeriesPurpose | 'definition';
  /** For people: what the series is read for, e.g. `Requests (SLOs, traffic)`. */
  title: string;
  /** `definition` only: the definition's id, e.g. `slo:checkout-success`. */
  definitionId?: string;
  /** The metric name; absent for `definition`. */
  metric?: string;
  /** The series read, e.g. `http_server_requests_total{service="checkout"}`; absent for `definition`. */
  selector?: string;
  status: SeriesCheckStatus;
  /** `found`: how many series matched (at most the check's limit, see `seriesLimited`). */
  series?: number;
  /** `found`: the count reached the limit; there may be more. */
  seriesLimited?: boolean;
  /** Why the check is not `found`, in words a newcomer can act on. */
  message?: string;
  /** The label whose value is the service, e.g. `service`; absent for `definition`. */
  label?: string;
  /**
   * `no-matching-series`: values of `label` on the metric, nearest to the service first (a
   * few); empty when the metric has series but none with `label`.
   */
  valuesSeen?: string[];
  /** `no-metric`: shipped conventions whose request metric does exist on the instance. */
  conventionsFound?: string[];
  /** `unavailable`: why the instance could not answer, e.g. `timeout`, `unreachable`, `auth`. */
  reason?: string;
}

/**
 * Answer of `GET /api/metrics/v1/entities/{kind}/{namespace}/{name}/configuration-check`
 * (docs/api.md#configuration-check): for each series the entity's metrics read, whether the
 * Prometheus instance has it now, and why not when it has not.
 *
 * @public
 */
export interface ConfigurationCheckResponse {
  entityRef: string;
  /**
   * `not-configured` when the entity reads no Prometheus, or its instance is not configured;
   * `message` says why and `checks` is empty.
   */
  status: 'checked' | 'not-configured';
  message?: string;
  /** The instance checked; absent when none is configured for the entity. */
  instance?: string;
  /** The telemetry convention of the entity's series, e.g. `istio`. */
  convention: string;
  conventionOrigin: 'annotation' | 'instance';
  /** The `prometheus-service` annotation's value, when set. */
  service?: string;
  /** When the check ran (ISO 8601). */
  checkedAt: string;
  /** A series counts when it had samples within this many seconds before `checkedAt`. */
  lookbackSeconds: number;
  checks: SeriesCheck[];
}

/**
 * The files the rules endpoints answer (`?format=`, docs/api.md#rules): a Prometheus rule
 * file, a prometheus-operator `PrometheusRule` resource, the rule file to backfill the hourly
 * recordings with (`promtool tsdb create-blocks-from rules`), or OpenSLO v1 documents.
 *
 * @public
 */
export const SLO_RULES_FORMATS = [
  'rules',
  'prometheusrule',
  'backfill',
  'openslo',
] as const;

/**
 * One of {@link SLO_RULES_FORMATS}.
 *
 * @public
 */
export type SloRulesFormat = (typeof SLO_RULES_FORMATS)[number];

/**
 * A generated rules file as the client hands it over: YAML text and its file name.
 *
 * @public
 */
export interface SloRulesFile {
  fileName: string;
  text: string;
}
