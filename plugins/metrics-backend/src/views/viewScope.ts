import { ServiceUnavailableError } from '@backstage/errors';
import type { DefinitionProblem } from '@metrics-suite/backstage-plugin-metrics-common';
import { DEFAULT_TIMEOUT_MS } from '../config/metricsConfig';
import {
  PrometheusClient,
  QueryBudget,
  QueryScope,
  currentQueryScope,
} from '../sources/prometheus';

/**
 * Time a section has past the view's deadline to finish what it was doing (a stored-snapshot
 * fallback, a late answer of a source without its own deadline) before it is given up.
 */
export const SECTION_MARGIN_MS = 2000;

/** The query scope of one view, and the problem it reports when its budget ran out. */
export interface ViewScope {
  scope: QueryScope;
  /** The budget's refusals as a problem on the entity; empty when nothing was refused. */
  problems(): DefinitionProblem[];
}

/**
 * A view of one entity reading `client`: one deadline (the instance's `timeoutMs` from now)
 * for all of its queries, and the instance's `limits.queriesPerView`.
 */
export function viewScope(
  client: PrometheusClient | undefined,
  now: number = Date.now(),
): ViewScope {
  const budget =
    client &&
    new QueryBudget(
      client.limits.queriesPerView,
      `limits.queriesPerView of instance "${client.name}"`,
    );
  return {
    scope: {
      deadlineAt: now + (client?.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      ...(budget ? { budget } : {}),
    },
    problems: () =>
      budget && budget.refused > 0 ? [budgetProblem(budget)] : [],
  };
}

export function budgetProblem(budget: QueryBudget): DefinitionProblem {
  return {
    path: 'metadata.metrics',
    message: `${budget.refused} Prometheus ${
      budget.refused === 1 ? 'query' : 'queries'
    } beyond the budget of ${budget.limit} (${budget.what}) ${
      budget.refused === 1 ? 'was' : 'were'
    } not run; the metrics they feed say so. Fewer or cheaper definitions fit in the budget.`,
  };
}

/**
 * Runs `work`, giving up on it `SECTION_MARGIN_MS` after the deadline of the query scope it
 * runs in (Prometheus queries stop at the deadline itself; other sources may not).
 */
export async function beforeDeadline<T>(
  what: string,
  work: () => Promise<T>,
): Promise<T> {
  const { deadlineAt } = currentQueryScope();
  const running = work();
  if (deadlineAt === undefined) return running;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ServiceUnavailableError(
            `${what} did not finish before the view's deadline`,
          ),
        ),
      Math.max(0, deadlineAt + SECTION_MARGIN_MS - Date.now()),
    );
  });
  try {
    return await Promise.race([running, late]);
  } finally {
    clearTimeout(timer);
  }
}
