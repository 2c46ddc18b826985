import type { StaleReading } from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import History from '@material-ui/icons/History';
import { formatStoredDay } from './format';

/** Says that numbers come from stored snapshots, up to when, and why. */
export function staleMessage(stale: StaleReading): string {
  return `Stored history up to ${formatStoredDay(
    stale.asOf,
  )} — live data unavailable: ${stale.reason}`;
}

const useStaleStyles = makeStyles(theme => ({
  note: {
    display: 'flex',
    alignItems: 'flex-start',
    gap: theme.spacing(0.5),
    color: theme.palette.warning.dark,
  },
  icon: { fontSize: '1rem', marginTop: 2 },
}));

/** A warning line for an item built from stored snapshots. */
export function StaleNote(props: { stale: StaleReading; testId?: string }) {
  const classes = useStaleStyles();
  return (
    <Typography
      variant="caption"
      component="div"
      role="note"
      className={classes.note}
      data-testid={props.testId ?? 'stale-note'}
    >
      <History className={classes.icon} aria-hidden />
      <span>{staleMessage(props.stale)}</span>
    </Typography>
  );
}
