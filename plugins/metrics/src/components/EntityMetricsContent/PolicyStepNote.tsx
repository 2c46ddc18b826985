import type { ErrorBudgetPolicyView } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Collapse from '@material-ui/core/Collapse';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Gavel from '@material-ui/icons/Gavel';
import { useState } from 'react';
import { policyThreshold, stepsInOrder } from '../shared/policyText';

const useStyles = makeStyles(theme => ({
  current: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(1),
    padding: theme.spacing(1),
    borderLeft: `4px solid ${theme.palette.warning.main}`,
    backgroundColor: theme.palette.action.hover,
  },
  icon: { fontSize: '1.1rem', marginTop: 2 },
  now: { fontWeight: 600 },
}));

/**
 * The SLO's error-budget policy: the step that applies now (its action and threshold), and
 * the whole policy on expand. The backend chose the step; this only shows it.
 */
export function PolicyStepNote(props: { policy: ErrorBudgetPolicyView }) {
  const classes = useStyles();
  const [open, setOpen] = useState(false);
  const { steps, current } = props.policy;
  return (
    <Box data-testid="slo-policy">
      {current ? (
        <div className={classes.current} data-testid="slo-policy-current">
          <Gavel className={classes.icon} aria-hidden />
          <div>
            <Typography variant="body2" className={classes.now}>
              {current.action}
            </Typography>
            <Typography variant="caption" color="textSecondary">
              Error-budget policy step “{current.name}”: applies{' '}
              {current.below === 0
                ? 'once the budget is spent'
                : `below ${current.below} % of the budget left`}
            </Typography>
          </div>
        </div>
      ) : (
        <Typography variant="caption" color="textSecondary">
          Error-budget policy: no step applies now
        </Typography>
      )}
      <Button size="small" onClick={() => setOpen(!open)} aria-expanded={open}>
        {open ? 'Hide policy' : `Show policy (${steps.length} steps)`}
      </Button>
      <Collapse in={open}>
        <Box component="ul" m={0} pl={3} data-testid="slo-policy-steps">
          {stepsInOrder(steps).map(step => (
            <li key={step.name}>
              <Typography
                variant="body2"
                className={
                  step.name === current?.name ? classes.now : undefined
                }
              >
                {policyThreshold(step)}: {step.action}
                {step.name === current?.name ? ' (now)' : ''}
              </Typography>
            </li>
          ))}
        </Box>
      </Collapse>
    </Box>
  );
}
