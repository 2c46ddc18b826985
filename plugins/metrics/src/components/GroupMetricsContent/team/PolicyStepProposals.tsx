import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import FormLabel from '@material-ui/core/FormLabel';
import Typography from '@material-ui/core/Typography';
import { formatBudget } from '../../shared/format';
import { policyThreshold } from '../../shared/policyText';
import { entityLabel } from './metricLabel';
import { metricKey } from './metricRefs';
import type { PolicyProposal } from './policyProposals';

const sameProposal = (a: PolicyProposal, b?: PolicyProposal) =>
  b !== undefined &&
  metricKey(a.metric) === metricKey(b.metric) &&
  a.step.name === b.step.name;

/**
 * The error-budget policy steps that apply now, each with a button that proposes it as the
 * review's decision; the one chosen says so and can be let go.
 */
export function PolicyStepProposals(props: {
  className?: string;
  proposals: PolicyProposal[];
  answered?: PolicyProposal;
  onPropose: (proposal: PolicyProposal) => void;
  onClear: () => void;
}) {
  return (
    <Box
      component="fieldset"
      border={0}
      p={0}
      m={0}
      className={props.className}
      data-testid="review-policy-proposals"
    >
      <FormLabel component="legend">
        Error-budget policy steps that apply now
      </FormLabel>
      {props.proposals.map(proposal => {
        const chosen = sameProposal(proposal, props.answered);
        const { step } = proposal;
        return (
          <Box
            key={`${metricKey(proposal.metric)}:${step.name}`}
            display="flex"
            alignItems="center"
            justifyContent="space-between"
            style={{ gap: 8 }}
            mt={1}
            data-testid="review-policy-proposal"
          >
            <Box>
              <Typography variant="body2">{step.action}</Typography>
              <Typography variant="caption" color="textSecondary">
                {proposal.sloName} · {entityLabel(proposal.metric.entityRef)}:{' '}
                {policyThreshold(step)}; budget left:{' '}
                {formatBudget(proposal.budgetRemaining)}
              </Typography>
            </Box>
            {chosen ? (
              <Button size="small" onClick={props.onClear}>
                Don't answer this step
              </Button>
            ) : (
              <Button
                size="small"
                color="primary"
                variant="outlined"
                onClick={() => props.onPropose(proposal)}
                aria-label={`Propose “${step.action}” for ${proposal.sloName}`}
              >
                Propose as decision
              </Button>
            )}
          </Box>
        );
      })}
      {props.answered && (
        <Typography
          variant="caption"
          color="textSecondary"
          component="div"
          data-testid="review-policy-answered"
        >
          The review records that it answers the step “
          {props.answered.step.name}” of {props.answered.sloName}.
        </Typography>
      )}
    </Box>
  );
}
