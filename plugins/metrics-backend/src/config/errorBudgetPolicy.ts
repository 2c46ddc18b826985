import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  ErrorBudgetPolicyStep,
  errorBudgetPolicySchema,
  parseDefinition,
} from '@metrics-suite/backstage-plugin-metrics-common';

const KEY = 'metrics.errorBudgetPolicy.steps';

/**
 * The default error-budget policy (docs/slo-math.md#error-budget-policy), checked by the same
 * schema as an SLO's own `policy`; undefined when unset.
 */
export function readErrorBudgetPolicy(
  root: Config,
): ErrorBudgetPolicyStep[] | undefined {
  const raw = root.getOptional(KEY);
  if (raw === undefined) return undefined;
  const parsed = parseDefinition(errorBudgetPolicySchema, raw, KEY);
  if (!parsed.success) {
    throw new InputError(
      parsed.problems.map(p => `${p.path} ${p.message}`).join('; '),
    );
  }
  return parsed.data;
}
