import type { ErrorBudgetPolicyStep } from '@metrics-suite/backstage-plugin-metrics-common';

/** When a step applies, in words: `budget spent` or `below 25 % budget left`. */
export function policyThreshold(step: Pick<ErrorBudgetPolicyStep, 'below'>) {
  return step.below === 0
    ? 'budget spent'
    : `below ${step.below} % budget left`;
}

/** A step on one line: `budget spent: Freeze risky releases`. */
export function policyStepLine(step: ErrorBudgetPolicyStep): string {
  return `${policyThreshold(step)}: ${step.action}`;
}

/** Steps from the most budget left to spent, the order a team goes through them. */
export function stepsInOrder(
  steps: ReadonlyArray<ErrorBudgetPolicyStep>,
): ErrorBudgetPolicyStep[] {
  return [...steps].sort((a, b) => b.below - a.below);
}
