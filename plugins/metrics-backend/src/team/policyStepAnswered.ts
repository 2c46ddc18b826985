import { InputError, ServiceUnavailableError } from '@backstage/errors';
import {
  EntityMetricsResponse,
  MetricRef,
  ReviewPolicyStep,
  clipInput,
} from '@metrics-suite/backstage-plugin-metrics-common';

const percent = (fraction: number) =>
  `${Number((fraction * 100).toFixed(1))} %`;

const threshold = (below: number) =>
  below === 0 ? 'once the budget is spent' : `below ${below} %`;

/**
 * The policy step a review answers, checked against the SLO as its entity's view shows it now
 * (docs/slo-math.md#error-budget-policy): the step must be one of the SLO's policy and the
 * one that applies now. Its action and the budget left are recorded from the view, not the
 * request.
 *
 * @throws InputError when the SLO, its policy or the step is not there, or the step does not apply now.
 * @throws ServiceUnavailableError when the SLOs could not be read.
 */
export function policyStepAnswered(
  requested: { metric: MetricRef; step: string },
  view: Pick<EntityMetricsResponse, 'entityRef' | 'slos'>,
): ReviewPolicyStep {
  const { metric, step } = requested;
  const what = `${clipInput(metric.metricId)} of ${view.entityRef}`;
  if (view.slos.status === 'error') {
    throw new ServiceUnavailableError(
      `The SLOs of ${view.entityRef} could not be read to check the policy step: ${view.slos.error}`,
    );
  }
  const slo = view.slos.items.find(item => item.id === metric.metricId);
  if (!slo) {
    throw new InputError(`'policyStep.metric' ${what} is not an SLO`);
  }
  if (!slo.policy) {
    throw new InputError(`${what} has no error-budget policy`);
  }
  const named = slo.policy.steps.find(s => s.name === step);
  if (!named) {
    throw new InputError(
      `${what} has no policy step '${clipInput(
        step,
      )}'; its steps: ${slo.policy.steps.map(s => s.name).join(', ')}`,
    );
  }
  const { current } = slo.policy;
  if (current?.name !== step) {
    const left =
      slo.budgetRemaining === null
        ? 'the SLO has no data'
        : `${percent(slo.budgetRemaining)} of the error budget is left`;
    const now = current
      ? `the step that applies now is '${current.name}'`
      : 'no step applies now';
    throw new InputError(
      `Policy step '${step}' of ${what} does not apply now: ${left} and it applies ${threshold(
        named.below,
      )}; ${now}`,
    );
  }
  return {
    metric: { entityRef: view.entityRef, metricId: slo.id },
    step: current.name,
    action: current.action,
    budgetRemaining: slo.budgetRemaining,
  };
}
