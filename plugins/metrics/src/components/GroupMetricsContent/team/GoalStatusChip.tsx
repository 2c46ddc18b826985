import type { GoalStatus } from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';

function filled(theme: Theme, color: string) {
  return {
    backgroundColor: color,
    color: theme.palette.getContrastText(color),
  };
}

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  open: {
    backgroundColor: theme.palette.action.selected,
    color: theme.palette.text.primary,
  },
  due: filled(theme, theme.palette.warning.main),
  met: filled(theme, theme.palette.success.main),
  missed: filled(theme, theme.palette.error.main),
}));

const HELP: Record<GoalStatus, string> = {
  open: 'Before its due date',
  due: 'Past its due date: waiting for the follow-up',
  met: 'Followed up: the target was met',
  missed: 'Followed up: the target was missed',
};

/** Where a goal stands: open, due (waiting for its follow-up), met or missed. */
export function GoalStatusChip(props: { status: GoalStatus }) {
  const classes = useStyles();
  return (
    <Tooltip title={HELP[props.status]}>
      <Chip
        size="small"
        label={props.status}
        className={`${classes.chip} ${classes[props.status]}`}
        data-testid="goal-status"
      />
    </Tooltip>
  );
}
