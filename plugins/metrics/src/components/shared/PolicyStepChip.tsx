import type { ErrorBudgetPolicyView } from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import Gavel from '@material-ui/icons/Gavel';
import { policyStepLine, stepsInOrder } from './policyText';

/**
 * The error-budget policy step that applies now, as a chip with the action and the whole
 * policy on hover; nothing when no step applies.
 */
export function PolicyStepChip(props: { policy?: ErrorBudgetPolicyView }) {
  const current = props.policy?.current;
  if (!props.policy || !current) return null;
  return (
    <Tooltip
      title={
        <>
          <div>Now: {policyStepLine(current)}</div>
          <div>Policy:</div>
          {stepsInOrder(props.policy.steps).map(step => (
            <div key={step.name}>· {policyStepLine(step)}</div>
          ))}
        </>
      }
    >
      <Chip
        size="small"
        variant="outlined"
        icon={<Gavel />}
        label={`policy: ${current.name}`}
        data-testid="slo-policy-chip"
      />
    </Tooltip>
  );
}
