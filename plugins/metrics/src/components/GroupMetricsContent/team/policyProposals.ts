import type {
  ErrorBudgetPolicyStep,
  GroupMetricsResponse,
  MetricRef,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { findMetric } from './metricRefs';

/** A policy step that applies now to one of the squad's SLOs: a decision to propose. */
export interface PolicyProposal {
  metric: MetricRef;
  sloName: string;
  step: ErrorBudgetPolicyStep;
  budgetRemaining: number | null;
}

/**
 * The policy steps that apply now to the squad's SLOs, as the group view says (the backend
 * chose each `current`); only SLOs the squad owns, since a review may name only those.
 * Smallest threshold first: a spent budget before one running low.
 */
export function policyProposals(
  view: Pick<GroupMetricsResponse, 'entities' | 'metrics'>,
): PolicyProposal[] {
  const proposals: PolicyProposal[] = [];
  for (const entity of view.entities.items) {
    for (const slo of entity.slos) {
      const step = slo.policy?.current;
      const metric = { entityRef: entity.entityRef, metricId: slo.id };
      if (step && findMetric(view.metrics, metric)) {
        proposals.push({
          metric,
          sloName: slo.name,
          step,
          budgetRemaining: slo.budgetRemaining,
        });
      }
    }
  }
  return proposals.sort((a, b) => a.step.below - b.step.below);
}
