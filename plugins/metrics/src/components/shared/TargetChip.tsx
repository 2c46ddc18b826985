import Chip from '@material-ui/core/Chip';
import { makeStyles } from '@material-ui/core/styles';
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

/** A success-rate target (percent) and whether the rate (0–1) meets it. */
export function TargetChip(props: {
  target?: number;
  successRate: number | null;
}) {
  const classes = useStyles();
  const { target, successRate } = props;
  if (target === undefined) return null;
  if (successRate === null) {
    return (
      <Chip
        size="small"
        variant="outlined"
        label={`target ${formatObjective(target)}`}
      />
    );
  }
  const met = successRate * 100 >= target;
  return (
    <Chip
      size="small"
      variant="outlined"
      className={met ? classes.met : classes.missed}
      label={`target ${formatObjective(target)} · ${met ? 'met' : 'missed'}`}
      data-testid="integration-target"
      data-met={met}
    />
  );
}
