import type {
  CreateReviewRequest,
  MetricRef,
  ReviewDecision,
  UpdateReviewRequest,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { withReason } from './goalForm';
import { metricKey } from './metricRefs';

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

const sameRefs = (a: MetricRef[], b: MetricRef[]) =>
  a.map(metricKey).sort().join('\n') === b.map(metricKey).sort().join('\n');

/**
 * Checks a review's edit form as a new review's (`toCreateReviewRequest`) and sends only the
 * fields that changed, on the revision the form was opened on. What a decision to act carried
 * is cleared when the decision becomes "no action".
 */
export function toUpdateReviewRequest(
  review: WeeklyReview,
  values: ReviewFormValues,
  reason: string,
):
  | { ok: true; request: UpdateReviewRequest; changed: boolean }
  | { ok: false; errors: ReviewFormErrors } {
  const result = toCreateReviewRequest(values);
  if (!result.ok) return result;
  const next = result.request;
  const changes: Omit<UpdateReviewRequest, 'revision' | 'reason'> = {
    ...(sameRefs(next.metricsLookedAt, review.metricsLookedAt)
      ? {}
      : { metricsLookedAt: next.metricsLookedAt }),
    ...(next.decision !== review.decision ? { decision: next.decision } : {}),
    ...((next.actionText ?? '') !== (review.actionText ?? '')
      ? { actionText: next.actionText ?? null }
      : {}),
    ...((next.linkedMetric ? metricKey(next.linkedMetric) : '') !==
    (review.linkedMetric ? metricKey(review.linkedMetric) : '')
      ? { linkedMetric: next.linkedMetric ?? null }
      : {}),
  };
  return {
    ok: true,
    changed: Object.keys(changes).length > 0,
    request: { ...changes, revision: review.revision, ...withReason(reason) },
  };
}
