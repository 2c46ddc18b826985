import {
  INTEGRATION_OUTCOMES,
  IntegrationDefinition,
  IntegrationRow,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** What a reader counted for an integration over a period. */
export interface IntegrationReading {
  /** Calls by outcome and error class; rows without an outcome are never included. */
  rows: IntegrationRow[];
  /** How the counted period differs from the one asked for (Amplitude's whole hours or days). */
  note?: string;
  /** The rendered success and total PromQL of a Prometheus integration, for links. */
  promql?: { success: string; total: string };
}

/** A KPI's value over a period. */
export interface KpiReading {
  /** null when the source has no data for the period. */
  value: number | null;
  /** How the counted period differs from the one asked for (Amplitude's whole hours/days). */
  note?: string;
  /** The rendered PromQL of a Prometheus KPI, for links. */
  promql?: string;
}

/**
 * What a metric counted over a period: good/valid events (SLOs), successes/calls
 * (integrations), or a count (KPIs, `denominator` null). Sums of counts give longer periods.
 */
export interface Counts {
  numerator: number;
  denominator: number | null;
}

/**
 * Good and valid counts as a ratio's numerator and denominator. `increase()` extrapolates the
 * two selectors separately, so good may exceed valid by a hair: it is capped.
 */
export function ratioCounts(good: number, valid: number): Counts {
  const denominator = Math.max(0, valid);
  return {
    numerator: Math.min(Math.max(0, good), denominator),
    denominator,
  };
}

/**
 * Rows of an integration counted as successes out of a total (its own PromQL, Amplitude, a
 * module source): what is not a success is a failure of no class.
 */
export function successAndTotalRows(
  definition: IntegrationDefinition,
  successes: number,
  total: number,
): IntegrationReading {
  return {
    rows: [
      {
        integration: definition.name,
        outcome: INTEGRATION_OUTCOMES.success,
        count: successes,
      },
      {
        integration: definition.name,
        outcome: INTEGRATION_OUTCOMES.failure,
        count: Math.max(0, total - successes),
      },
    ],
  };
}

/** An integration's successes out of its calls, from its rows. */
export function integrationCounts(rows: IntegrationRow[]): Counts {
  let success = 0;
  let total = 0;
  for (const row of rows) {
    total += row.count;
    if (row.outcome === INTEGRATION_OUTCOMES.success) success += row.count;
  }
  return ratioCounts(success, total);
}
