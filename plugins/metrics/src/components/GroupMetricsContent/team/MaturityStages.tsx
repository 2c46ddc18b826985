import type {
  MaturityCheck,
  MaturityStage,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Step from '@material-ui/core/Step';
import StepLabel from '@material-ui/core/StepLabel';
import Stepper from '@material-ui/core/Stepper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import CheckCircle from '@material-ui/icons/CheckCircle';
import RadioButtonUnchecked from '@material-ui/icons/RadioButtonUnchecked';

const useStyles = makeStyles(theme => ({
  stepper: { padding: 0, backgroundColor: 'transparent' },
  met: { color: theme.palette.success.main },
  unmet: { color: theme.palette.text.disabled },
  label: { display: 'flex', alignItems: 'center', gap: theme.spacing(1) },
  next: {
    height: 20,
    fontSize: theme.typography.caption.fontSize,
  },
}));

/**
 * The six stages with the evidence of each, met or not. Stages are cumulative: evidence met
 * above a missing stage does not count yet, and the stage after the reached one is marked next.
 */
export function MaturityStages(props: {
  stage: MaturityStage;
  checks: MaturityCheck[];
}) {
  const classes = useStyles();
  const checks = [...props.checks].sort((a, b) => a.stage - b.stage);
  const next = checks.findIndex(c => c.stage === props.stage + 1);
  return (
    <Stepper
      orientation="vertical"
      activeStep={next === -1 ? checks.length : next}
      className={classes.stepper}
      aria-label="Maturity stages"
    >
      {checks.map((check, index) => {
        const reached = check.stage <= props.stage;
        const Icon = check.met ? CheckCircle : RadioButtonUnchecked;
        return (
          <Step
            key={check.stage}
            completed={reached}
            data-testid={`maturity-check-${check.stage}`}
            data-met={check.met}
          >
            <StepLabel
              icon={
                <Icon
                  className={check.met ? classes.met : classes.unmet}
                  titleAccess={check.met ? 'evidence met' : 'evidence not met'}
                />
              }
              optional={
                <Typography variant="caption" color="textSecondary">
                  {check.detail}
                </Typography>
              }
            >
              <span className={classes.label}>
                <span>
                  {check.stage}. {check.name}
                </span>
                {index === next && (
                  <Chip
                    size="small"
                    color="primary"
                    label="next"
                    className={classes.next}
                  />
                )}
              </span>
            </StepLabel>
          </Step>
        );
      })}
    </Stepper>
  );
}
