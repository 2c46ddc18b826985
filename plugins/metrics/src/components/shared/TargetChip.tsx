import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
import { meetsSuccessTarget } from '@metrics-suite/backstage-plugin-metrics-common';
import { formatObjective } from './format';

const useStyles = makeStyles(theme => ({
  met: {
    borderColor: theme.palette.success.main,
    color: theme.palette.success.main,
  },
  missed: {
    borderColor: theme.palette.error.main,
    color: theme.palette.error.main,
  },
}));

/**
 * A target, and whether it is met when that is known: green when met, red when missed,
 * plain without a value to compare.
 */
export function MetChip(props: {
  label: string;
  met?: boolean;
  testId: string;
}) {
  const classes = useStyles();
  const { label, met, testId } = props;
  if (met === undefined) {
    return <Chip size="small" variant="outlined" label={`target ${label}`} />;
  }
  return (
    <Chip
      size="small"
      variant="outlined"
      className={met ? classes.met : classes.missed}
      label={`target ${label} · ${met ? 'met' : 'missed'}`}
      data-testid={testId}
      data-met={met}
    />
  );
}

/** A success-rate target (percent) and whether the rate (0–1) meets it. */
export function TargetChip(props: {
  target?: number;
  successRate: number | null;
}) {
  const { target, successRate } = props;
  if (target === undefined) return null;
  return (
    <MetChip
      label={formatObjective(target)}
      met={meetsSuccessTarget(successRate, target)}
      testId="integration-target"
    />
  );
}
