/**
 * One step of an SLO's error-budget policy (docs/slo-math.md#error-budget-policy): what the
 * team agreed to do once the remaining budget falls below `below` percent.
 *
 * @public
 */
export interface ErrorBudgetPolicyStep {
  /** Id of the step, unique in its policy, e.g. `reliability-first`. */
  name: string;
  /** Remaining error budget in percent (0–100) under which the step applies; 0: the budget is spent. */
  below: number;
  /** What the team does while the step applies. */
  action: string;
}

/**
 * An SLO's policy as a view shows it: every step, and the one that applies now (absent when
 * none does, or without data).
 *
 * @public
 */
export interface ErrorBudgetPolicyView {
  steps: ErrorBudgetPolicyStep[];
  current?: ErrorBudgetPolicyStep;
}

/** Budget fractions as percentages without binary noise, so 0.25 is exactly 25. */
function percentOf(fraction: number): number {
  return Number((fraction * 100).toPrecision(12));
}

/**
 * Whether a step applies to a remaining budget (a fraction, negative when overspent):
 * strictly below its threshold, and for `below: 0`, spent (at most 0).
 *
 * @public
 */
export function policyStepApplies(
  step: Pick<ErrorBudgetPolicyStep, 'below'>,
  budgetRemaining: number,
): boolean {
  return step.below === 0
    ? budgetRemaining <= 0
    : percentOf(budgetRemaining) < step.below;
}

/**
 * The step of a policy that applies now: of those whose threshold the remaining budget (a
 * fraction, as on SLO items) is under, the one with the smallest `below`, so "spent" beats
 * "below 25 %". Undefined without data (`null`) or when no step applies.
 *
 * @public
 */
export function policyStepNow(
  steps: ReadonlyArray<ErrorBudgetPolicyStep>,
  budgetRemaining: number | null | undefined,
): ErrorBudgetPolicyStep | undefined {
  if (budgetRemaining === null || budgetRemaining === undefined) {
    return undefined;
  }
  let current: ErrorBudgetPolicyStep | undefined;
  for (const step of steps) {
    if (
      policyStepApplies(step, budgetRemaining) &&
      (current === undefined || step.below < current.below)
    ) {
      current = step;
    }
  }
  return current;
}

/**
 * The policy of an SLO item: its steps and {@link policyStepNow}; undefined for an SLO without
 * a policy (or with an empty one).
 *
 * @public
 */
export function errorBudgetPolicyView(
  steps: ReadonlyArray<ErrorBudgetPolicyStep> | undefined,
  budgetRemaining: number | null | undefined,
): ErrorBudgetPolicyView | undefined {
  if (!steps || steps.length === 0) return undefined;
  const current = policyStepNow(steps, budgetRemaining);
  return { steps: [...steps], ...(current ? { current } : {}) };
}
