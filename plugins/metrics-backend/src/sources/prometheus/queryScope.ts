import { AsyncLocalStorage } from 'node:async_hooks';
import { QueryBudgetError } from './errors';

/**
 * How many Prometheus queries one piece of work (a service view, one squad member's own
 * definitions, one entity in a collector run) may send. Queries past it are refused, not
 * queued: the work reports them instead of making Prometheus pay for them.
 */
export class QueryBudget {
  #used = 0;
  #refused = 0;

  /** `what` names the limit in the refusal, e.g. `limits.queriesPerView of instance "main"`. */
  constructor(
    readonly limit: number,
    readonly what: string,
  ) {}

  get used(): number {
    return this.#used;
  }

  /** Queries asked for after the budget was spent. */
  get refused(): number {
    return this.#refused;
  }

  /** @throws QueryBudgetError when the budget is spent. */
  take(): void {
    if (this.#used >= this.limit) {
      this.#refused += 1;
      throw new QueryBudgetError(
        `not run: the budget of ${this.limit} Prometheus queries (${this.what}) is spent`,
      );
    }
    this.#used += 1;
  }
}

/** What the Prometheus client reads from the work it runs in. */
export interface QueryScope {
  /** Epoch milliseconds by which every query must have answered (or given up). */
  deadlineAt?: number;
  budget?: QueryBudget;
}

// The scope travels with the async work (through the readers and sections) instead of being
// handed down every call: the readers are shared by views, the collector and tests.
const storage = new AsyncLocalStorage<QueryScope>();

/** Runs `work` with `scope` on top of the scope it is called in. */
export function withQueryScope<T>(
  scope: QueryScope,
  work: () => Promise<T>,
): Promise<T> {
  const outer = storage.getStore();
  const deadlines = [outer?.deadlineAt, scope.deadlineAt].filter(
    (d): d is number => d !== undefined,
  );
  return storage.run(
    {
      ...(deadlines.length > 0 ? { deadlineAt: Math.min(...deadlines) } : {}),
      ...((scope.budget ?? outer?.budget)
        ? { budget: scope.budget ?? outer?.budget }
        : {}),
    },
    work,
  );
}

export function currentQueryScope(): QueryScope {
  return storage.getStore() ?? {};
}
