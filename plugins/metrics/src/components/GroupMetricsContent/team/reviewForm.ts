import type {
  CreateReviewRequest,
  MetricRef,
  ReviewDecision,
} from '@metrics-suite/backstage-plugin-metrics-common';

/** The weekly-review form as filled in. */
export interface ReviewFormValues {
  metricsLookedAt: MetricRef[];
  decision?: ReviewDecision;
  actionText: string;
  linkedMetric?: MetricRef;
  /** The policy step the decision answers, when one was proposed and kept. */
  policyStep?: { metric: MetricRef; step: string };
}

/** Problems of the form, by field. */
export interface ReviewFormErrors {
  metricsLookedAt?: string;
  decision?: string;
  actionText?: string;
}

/**
 * Checks the review form and turns it into the request body for the current week (the
 * backend's default). An action, its linked metric and the policy step it answers only go
 * with a decision to act.
 */
export function toCreateReviewRequest(
  values: ReviewFormValues,
):
  | { ok: true; request: CreateReviewRequest }
  | { ok: false; errors: ReviewFormErrors } {
  const errors: ReviewFormErrors = {};
  if (values.metricsLookedAt.length === 0) {
    errors.metricsLookedAt = 'Tick the metrics the squad looked at';
  }
  if (!values.decision) errors.decision = 'Say what the squad decided';
  const actionText = values.actionText.trim();
  if (values.decision === 'act' && !actionText) {
    errors.actionText = 'Describe the action the squad decided on';
  }
  if (!values.decision || Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }
  if (values.decision === 'no-action') {
    return {
      ok: true,
      request: {
        metricsLookedAt: values.metricsLookedAt,
        decision: 'no-action',
      },
    };
  }
  return {
    ok: true,
    request: {
      metricsLookedAt: values.metricsLookedAt,
      decision: 'act',
      actionText,
      ...(values.linkedMetric ? { linkedMetric: values.linkedMetric } : {}),
      ...(values.policyStep ? { policyStep: values.policyStep } : {}),
    },
  };
}
