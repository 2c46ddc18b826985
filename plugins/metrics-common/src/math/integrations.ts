import { compareStrings } from './compare';
import { ratio, Sample } from './counters';

/**
 * Error class (and integration name) used when the label is missing or empty, matching the
 * instrumentation convention `error_class="unknown"`.
 *
 * @public
 */
export const UNKNOWN_ERROR_CLASS = 'unknown';

/**
 * One row of `sum by (integration, outcome, error_class) (...)` over the range.
 *
 * @public
 */
export interface IntegrationRow {
  /** Missing or empty means `unknown`. */
  integration?: string | null;
  /** `success`, or `failure`; any other value is counted as a failure, never hidden. */
  outcome: string;
  /** Missing or empty means {@link UNKNOWN_ERROR_CLASS}; ignored on successes. */
  errorClass?: string | null;
  count: number;
}

/**
 * An integration as the API returns it (docs/api.md#entity-view).
 *
 * @public
 */
export interface IntegrationItem {
  name: string;
  /** Where the counts come from, e.g. `prometheus`, `amplitude`, `sql`. */
  source: string;
  requests: number;
  failures: number;
  /** 0–1 over the range; `null` without requests. */
  successRate: number | null;
  /** Error class → share (0–1) of failures, largest first; empty without failures. */
  errorClasses: Record<string, number>;
  /** Share of failures whose class is unknown or missing; 0 without failures. */
  unknownShare: number;
  series?: SuccessRatePoint[];
}

/**
 * Options of {@link summarizeIntegrations}.
 *
 * @public
 */
export interface SummarizeIntegrationsOptions {
  /** Source of every row. Default `prometheus`. */
  source?: string;
  /** Integrations to list even without rows (declared ones), with `successRate: null`. */
  include?: ReadonlyArray<string>;
}

function count(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

function labelOrUnknown(value: string | null | undefined): string {
  return typeof value === 'string' && value.trim() !== ''
    ? value
    : UNKNOWN_ERROR_CLASS;
}

interface Totals {
  success: number;
  failures: number;
  classes: Map<string, number>;
}

/**
 * Turns per-integration outcome counts into the API's integration items, sorted worst
 * success rate first (integrations without requests last, then by requests and name).
 *
 * @public
 */
export function summarizeIntegrations(
  rows: ReadonlyArray<IntegrationRow>,
  options?: SummarizeIntegrationsOptions,
): IntegrationItem[] {
  const source = options?.source ?? 'prometheus';
  const totals = new Map<string, Totals>();
  const totalsOf = (name: string) => {
    let entry = totals.get(name);
    if (!entry) {
      entry = { success: 0, failures: 0, classes: new Map() };
      totals.set(name, entry);
    }
    return entry;
  };

  for (const name of options?.include ?? []) totalsOf(labelOrUnknown(name));
  for (const row of rows) {
    const entry = totalsOf(labelOrUnknown(row.integration));
    const n = count(row.count);
    if (row.outcome === 'success') {
      entry.success += n;
    } else if (n > 0) {
      const errorClass = labelOrUnknown(row.errorClass);
      entry.failures += n;
      entry.classes.set(errorClass, (entry.classes.get(errorClass) ?? 0) + n);
    }
  }

  const items = [...totals.entries()].map(([name, t]): IntegrationItem => {
    const requests = t.success + t.failures;
    const classes = [...t.classes.entries()].sort(
      (a, b) => b[1] - a[1] || compareStrings(a[0], b[0]),
    );
    return {
      name,
      source,
      requests,
      failures: t.failures,
      successRate: ratio(t.success, requests) ?? null,
      // fromEntries defines own properties, so a class named "__proto__" stays data.
      errorClasses: Object.fromEntries(
        classes.map(([cls, n]) => [cls, n / t.failures]),
      ),
      unknownShare:
        ratio(t.classes.get(UNKNOWN_ERROR_CLASS) ?? 0, t.failures) ?? 0,
    };
  });

  // Rates are at most 1, so 2 puts integrations without traffic after every real rate.
  const rank = (item: IntegrationItem) => item.successRate ?? 2;
  return items.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      b.requests - a.requests ||
      compareStrings(a.name, b.name),
  );
}

/**
 * One point of a success-rate series; `null` where the step had no requests.
 *
 * @public
 */
export interface SuccessRatePoint {
  t: number;
  successRate: number | null;
}

/**
 * Success rate per step from two aligned per-step series (e.g. `increase(...[step])` of
 * successes and of all requests). The total series sets the points; a step with requests but
 * no success sample had no successes (the success series did not exist yet), so it is 0.
 *
 * @public
 */
export function successRateSeries(
  success: ReadonlyArray<Sample>,
  total: ReadonlyArray<Sample>,
): SuccessRatePoint[] {
  const successAt = new Map<number, number>();
  for (const [t, v] of success) successAt.set(t, v);
  return total
    .filter(([t]) => Number.isFinite(t))
    .sort((a, b) => a[0] - b[0])
    .map(([t, requests]) => {
      const good = successAt.get(t) ?? 0;
      const rate = ratio(good, requests);
      return {
        t,
        successRate: rate === undefined ? null : Math.min(Math.max(rate, 0), 1),
      };
    });
}

/**
 * Whether an integration's success rate (0–1) meets its target (percent): the card's target
 * chip and the integration alerts judge it alike. Undefined without a target or a rate.
 *
 * @public
 */
export function meetsSuccessTarget(
  successRate: number | null,
  target: number | undefined,
): boolean | undefined {
  if (target === undefined || successRate === null) return undefined;
  return successRate * 100 >= target;
}
