export * from './rules';
export * from './policyDecision';
