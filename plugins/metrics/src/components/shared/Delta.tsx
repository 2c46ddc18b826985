import Typography from '@material-ui/core/Typography';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles } from '@material-ui/core/styles';
import type { Delta as DeltaValue } from './format';

const useStyles = makeStyles(theme => ({
  root: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  good: { color: theme.palette.success.main },
  bad: { color: theme.palette.error.main },
  neutral: { color: theme.palette.text.secondary },
}));

/**
 * A change against the previous period: ▲/▼ coloured by whether it is good or bad,
 * `—` when either period has no data. Renders nothing while the previous period loads.
 */
export function Delta(props: {
  delta?: DeltaValue;
  /** e.g. `vs previous 7 days: 99.938 %` */
  title?: string;
}) {
  const classes = useStyles();
  const { delta, title } = props;
  if (!delta) return null;
  const label = (
    <Typography
      variant="caption"
      component="span"
      data-testid="metrics-delta"
      data-meaning={delta.meaning}
      className={`${classes.root} ${classes[delta.meaning]}`}
    >
      {delta.text}
    </Typography>
  );
  return title ? (
    <Tooltip title={title}>
      <span>{label}</span>
    </Tooltip>
  ) : (
    label
  );
}
