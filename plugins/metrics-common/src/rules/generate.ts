import { errorBudget } from '../math/slo';
import type { SloDefinition } from '../definitions/resolve';
import { sloAlertRules } from './alerts';
import {
  constantExpr,
  countExpr,
  errorRatioExpr,
  objectiveRatio,
  summedExpr,
} from './expressions';
import {
  SLO_BASE_WINDOW,
  SLO_ERROR_BUDGET_RECORD,
  SLO_OBJECTIVE_RECORD,
  SLO_RULE_LABELS,
  isSummedSloWindow,
  recordedSloCountQuery,
  recordedSloCoverageQuery,
  sloCountRecord,
  sloCoverageRecord,
  sloErrorRatioRecord,
  sloRecordedWindows,
  sloRuleIdentity,
} from './names';
import type {
  PrometheusRule,
  PrometheusRuleFile,
  PrometheusRuleGroup,
  SloRuleOptions,
} from './types';

// The suite's SLO rules, generated from the catalog's SLO definitions
// (docs/slo-rules.md#what-is-generated).

/**
 * The SLOs of one entity in a rule file, with what their alerts link to.
 *
 * @public
 */
export interface SloRuleFileEntry {
  /** The entity's SLOs, e.g. the `slo` definitions of `resolveEntityMetrics`. */
  slos: ReadonlyArray<SloDefinition>;
  /** The entity's Metrics tab (see {@link SloRuleOptions}). */
  dashboardUrl?: string;
}

/** Identity labels and, when the SLO has one, its owner: on every rule of the SLO. */
function sloRuleLabels(slo: SloDefinition): Record<string, string> {
  return {
    ...sloRuleIdentity(slo),
    ...(slo.owner ? { [SLO_RULE_LABELS.owner]: slo.owner } : {}),
  };
}

function sloRuleGroupName(slo: Pick<SloDefinition, 'entityRef' | 'name'>) {
  return `metrics-suite:${slo.entityRef}:${slo.name}`;
}

/**
 * The rule group of one SLO: the counts and error ratio of each recorded window, the SLO
 * window's ratio summed from the hourly counts when it is summed, the objective and error
 * budget, then the burn-rate alerts its `alert` asks for. In this order, since a group
 * evaluates in order and its alerts should see the recordings of the same evaluation.
 *
 * @throws InputError for an invalid objective or window.
 * @public
 */
export function sloRuleGroup(
  slo: SloDefinition,
  options: SloRuleOptions = {},
): PrometheusRuleGroup {
  const rules: PrometheusRule[] = [];
  const record = (name: string, expr: string) =>
    rules.push({ record: name, expr, labels: sloRuleLabels(slo) });

  for (const window of sloRecordedWindows(slo)) {
    record(sloCountRecord('good', window), countExpr(slo.queries.good, window));
    record(
      sloCountRecord('valid', window),
      countExpr(slo.queries.total, window),
    );
    record(sloErrorRatioRecord(window), errorRatioExpr(slo, window));
  }
  if (isSummedSloWindow(slo.window)) {
    // After this group's hourly counts of the same evaluation.
    for (const kind of ['good', 'valid'] as const) {
      record(
        sloCountRecord(kind, slo.window),
        summedExpr(recordedSloCountQuery(slo, kind, slo.window)),
      );
    }
    record(
      sloCoverageRecord(slo.window),
      summedExpr(recordedSloCoverageQuery(slo, slo.window)!),
    );
    record(sloErrorRatioRecord(slo.window), errorRatioExpr(slo, slo.window));
  }
  record(SLO_OBJECTIVE_RECORD, constantExpr(objectiveRatio(slo.objective)));
  record(SLO_ERROR_BUDGET_RECORD, constantExpr(errorBudget(slo.objective)));
  rules.push(...sloAlertRules(slo, sloRuleLabels(slo), options));
  return { name: sloRuleGroupName(slo), rules };
}

/**
 * The rule file of one entity (one entry) or of a squad (one entry per owned entity): a
 * group per SLO, sorted by entity ref then SLO name. Of two SLOs with the same entity ref
 * and name, the first is kept.
 *
 * @throws InputError for an invalid objective or window.
 * @public
 */
export function sloRuleFile(
  entries: ReadonlyArray<SloRuleFileEntry>,
): PrometheusRuleFile {
  const kept = new Map<string, { slo: SloDefinition; dashboardUrl?: string }>();
  for (const entry of entries) {
    for (const slo of entry.slos) {
      const name = sloRuleGroupName(slo);
      if (!kept.has(name)) {
        kept.set(name, { slo, dashboardUrl: entry.dashboardUrl });
      }
    }
  }
  const ordered = [...kept.values()].sort(
    (a, b) =>
      compareText(a.slo.entityRef, b.slo.entityRef) ||
      compareText(a.slo.name, b.slo.name),
  );
  return {
    groups: ordered.map(({ slo, dashboardUrl }) =>
      sloRuleGroup(slo, dashboardUrl ? { dashboardUrl } : {}),
    ),
  };
}

/** Code-unit order: the same in every locale. */
function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

const BACKFILL_INTERVAL = '1m';

/**
 * The recordings to backfill with `promtool tsdb create-blocks-from rules` so that a summed
 * SLO window has history from the first day (docs/slo-rules.md#backfill): each group's hourly
 * good and valid counts, evaluated every minute (the group's `interval`).
 *
 * @public
 */
export function backfillRuleFile(file: PrometheusRuleFile): PrometheusRuleFile {
  const backfilled = new Set(
    (['good', 'valid'] as const).map(kind =>
      sloCountRecord(kind, SLO_BASE_WINDOW),
    ),
  );
  return {
    groups: file.groups
      .map(group => ({
        name: group.name,
        // Not once an hour: promtool shifts a group's evaluations by an offset hashed from its
        // name, as Prometheus does, so hourly samples would mostly fall outside the 5-minute
        // lookback of the summing subquery's whole-hour steps.
        interval: BACKFILL_INTERVAL,
        rules: group.rules.filter(
          rule => rule.record !== undefined && backfilled.has(rule.record),
        ),
      }))
      .filter(group => group.rules.length > 0),
  };
}
