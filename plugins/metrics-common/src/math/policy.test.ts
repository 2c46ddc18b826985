import {
  ErrorBudgetPolicyStep,
  errorBudgetPolicyView,
  policyStepApplies,
  policyStepNow,
} from './policy';

const reliability: ErrorBudgetPolicyStep = {
  name: 'reliability-first',
  below: 25,
  action: 'Reliability work before features',
};
const freeze: ErrorBudgetPolicyStep = {
  name: 'freeze',
  below: 0,
  action: 'Freeze risky releases',
};
const watch: ErrorBudgetPolicyStep = {
  name: 'watch',
  below: 50,
  action: 'Look at the burn in stand-up',
};
// Written out of order: the choice must not depend on it.
const policy = [freeze, watch, reliability];

describe('policyStepNow', () => {
  it('applies no step to a full budget or one above every threshold', () => {
    expect(policyStepNow(policy, 1)).toBeUndefined();
    expect(policyStepNow(policy, 0.5)).toBeUndefined();
  });

  it('applies a step strictly below its threshold, not at it', () => {
    expect(policyStepNow(policy, 0.4999)).toBe(watch);
    expect(policyStepNow(policy, 0.25)).toBe(watch);
    expect(policyStepNow(policy, 0.2499)).toBe(reliability);
  });

  it('reads fractions without binary noise (0.29 is 29 %, not 28.999…)', () => {
    expect(
      policyStepNow([{ ...reliability, below: 29 }], 0.29),
    ).toBeUndefined();
  });

  it('picks the smallest threshold: a spent budget beats "below 25 %"', () => {
    expect(policyStepNow(policy, 0.0001)).toBe(reliability);
    expect(policyStepNow(policy, 0)).toBe(freeze);
    expect(policyStepNow(policy, -0.8)).toBe(freeze);
  });

  it('applies "below 0" only once the budget is spent', () => {
    expect(policyStepApplies(freeze, 0.01)).toBe(false);
    expect(policyStepApplies(freeze, 0)).toBe(true);
    expect(policyStepApplies(freeze, -2)).toBe(true);
    expect(policyStepNow([freeze], 0.1)).toBeUndefined();
  });

  it('applies nothing without data', () => {
    expect(policyStepNow(policy, null)).toBeUndefined();
    expect(policyStepNow(policy, undefined)).toBeUndefined();
  });

  it('applies "below 100" as soon as any budget is used', () => {
    const any = { name: 'any', below: 100, action: 'Say so' };
    expect(policyStepNow([any], 1)).toBeUndefined();
    expect(policyStepNow([any], 0.999)).toBe(any);
  });
});

describe('errorBudgetPolicyView', () => {
  it('gives the steps and the current one', () => {
    expect(errorBudgetPolicyView(policy, -0.1)).toEqual({
      steps: policy,
      current: freeze,
    });
  });

  it('leaves current out when no step applies or there is no data', () => {
    expect(errorBudgetPolicyView(policy, 0.9)).toEqual({ steps: policy });
    expect(errorBudgetPolicyView(policy, null)).toEqual({ steps: policy });
  });

  it('is undefined without a policy or with an empty one', () => {
    expect(errorBudgetPolicyView(undefined, 0)).toBeUndefined();
    expect(errorBudgetPolicyView([], 0)).toBeUndefined();
  });
});
