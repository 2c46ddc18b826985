import type { ReactNode } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { Goal } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDown from '@material-ui/icons/TrendingDown';
import TrendingUp from '@material-ui/icons/TrendingUp';
import { formatDateTime } from '../../shared/format';
import { EditedNote } from './EditedNote';
import { GoalStatusChip } from './GoalStatusChip';
import {
  formatCalendarDay,
  formatDueIn,
  formatMetricValue,
} from './teamFormat';

const useStyles = makeStyles(theme => ({
  cell: { verticalAlign: 'top' },
  numbers: { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' },
  direction: {
    verticalAlign: 'middle',
    marginRight: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
  notes: { whiteSpace: 'pre-wrap' },
}));

function Outcome(props: { goal: Goal }) {
  const classes = useStyles();
  const { goal } = props;
  const { followUp } = goal;
  if (followUp) {
    return (
      <>
        <Typography variant="body2" className={classes.numbers}>
          {formatMetricValue(followUp.measuredOutcome, goal.unit)} ·{' '}
          {followUp.met ? 'met' : 'missed'}
        </Typography>
        {followUp.notes && (
          <Typography variant="body2" className={classes.notes}>
            {followUp.notes}
          </Typography>
        )}
        <Typography variant="caption" color="textSecondary" component="div">
          <EntityRefLink entityRef={followUp.author} defaultKind="user" />,{' '}
          {formatDateTime(followUp.createdAt)}
        </Typography>
        <EditedNote
          updatedAt={followUp.updatedAt}
          updatedBy={followUp.updatedBy}
        />
      </>
    );
  }
  if (goal.status === 'due') {
    return (
      <Typography variant="body2" color="textSecondary">
        measured {formatMetricValue(goal.measuredOutcome, goal.unit)}, waiting
        for the follow-up
      </Typography>
    );
  }
  return (
    <Typography variant="body2" color="textSecondary">
      —
    </Typography>
  );
}

/** The squad's goals: metric, baseline → target, due date, status and the follow-up. */
export function GoalTable(props: {
  goals: Goal[];
  /** The follow-up button of a due goal and the goal's menu. */
  action: (goal: Goal) => ReactNode;
}) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Goals">
      <TableHead>
        <TableRow>
          <TableCell>Metric</TableCell>
          <TableCell>Baseline → target</TableCell>
          <TableCell>Due</TableCell>
          <TableCell>Status</TableCell>
          <TableCell>Outcome</TableCell>
          <TableCell aria-label="Actions" />
        </TableRow>
      </TableHead>
      <TableBody>
        {props.goals.map(goal => {
          const Direction =
            goal.direction === 'increase' ? TrendingUp : TrendingDown;
          return (
            <TableRow
              key={goal.id}
              data-testid="goal-row"
              data-goal-id={goal.id}
            >
              <TableCell className={classes.cell}>
                <Typography variant="subtitle2">{goal.metricName}</Typography>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  <EntityRefLink
                    entityRef={goal.metric.entityRef}
                    defaultKind="component"
                  />
                </Typography>
                {goal.notes && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    component="div"
                    className={classes.notes}
                  >
                    {goal.notes}
                  </Typography>
                )}
                <EditedNote
                  updatedAt={goal.updatedAt}
                  updatedBy={goal.updatedBy}
                />
              </TableCell>
              <TableCell className={classes.cell}>
                <Typography variant="body2" className={classes.numbers}>
                  <Direction
                    fontSize="small"
                    className={classes.direction}
                    titleAccess={goal.direction}
                  />
                  {formatMetricValue(goal.baseline, goal.unit)} →{' '}
                  {formatMetricValue(goal.target, goal.unit)}
                </Typography>
              </TableCell>
              <TableCell className={classes.cell}>
                <Typography variant="body2" className={classes.numbers}>
                  {formatCalendarDay(goal.dueDate)}
                </Typography>
                {(goal.status === 'open' || goal.status === 'due') && (
                  <Typography variant="caption" color="textSecondary">
                    {formatDueIn(goal.dueDate)}
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.cell}>
                <GoalStatusChip status={goal.status} />
              </TableCell>
              <TableCell className={classes.cell}>
                <Outcome goal={goal} />
              </TableCell>
              <TableCell className={classes.cell} align="right">
                <Box whiteSpace="nowrap">{props.action(goal)}</Box>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
