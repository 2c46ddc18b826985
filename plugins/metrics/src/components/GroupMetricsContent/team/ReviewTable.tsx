import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  OwnedMetric,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';
import { formatBudget, plural } from '../../shared/format';
import { EditedNote } from './EditedNote';
import { entityLabel } from './metricLabel';
import { findMetric } from './metricRefs';
import { formatCalendarDay } from './teamFormat';

const useStyles = makeStyles(theme => ({
  cell: { verticalAlign: 'top' },
  nowrap: { whiteSpace: 'nowrap' },
  text: { whiteSpace: 'pre-wrap' },
  act: {
    backgroundColor: theme.palette.primary.main,
    color: theme.palette.primary.contrastText,
    fontWeight: 600,
  },
  none: {
    backgroundColor: theme.palette.action.selected,
    color: theme.palette.text.primary,
  },
}));

function LinkedMetric(props: {
  review: WeeklyReview;
  metrics?: OwnedMetric[];
}) {
  const { linkedMetric } = props.review;
  if (!linkedMetric) {
    return (
      <Typography variant="body2" color="textSecondary">
        —
      </Typography>
    );
  }
  const owned = findMetric(props.metrics, linkedMetric);
  return (
    <>
      <Typography variant="body2">
        {owned?.name ?? linkedMetric.metricId}
      </Typography>
      <Typography variant="caption" color="textSecondary">
        {entityLabel(linkedMetric.entityRef)}
      </Typography>
    </>
  );
}

/** The squad's recent weekly reviews, newest week first. */
export function ReviewTable(props: {
  reviews: WeeklyReview[];
  /** The squad's metrics, to name the ones reviews point at. */
  metrics?: OwnedMetric[];
  /** The review's menu. */
  action?: (review: WeeklyReview) => ReactNode;
}) {
  const classes = useStyles();
  return (
    <Table size="small" aria-label="Weekly reviews">
      <TableHead>
        <TableRow>
          <TableCell>Week of</TableCell>
          <TableCell>Decision</TableCell>
          <TableCell>Action</TableCell>
          <TableCell>Linked metric</TableCell>
          <TableCell>Looked at</TableCell>
          <TableCell>By</TableCell>
          {props.action && <TableCell aria-label="Actions" />}
        </TableRow>
      </TableHead>
      <TableBody>
        {props.reviews.map(review => {
          const lookedAt = review.metricsLookedAt
            .map(ref => findMetric(props.metrics, ref)?.name ?? ref.metricId)
            .join(', ');
          return (
            <TableRow
              key={review.id}
              data-testid="review-row"
              data-review-id={review.id}
            >
              <TableCell className={`${classes.cell} ${classes.nowrap}`}>
                {formatCalendarDay(review.week)}
              </TableCell>
              <TableCell className={classes.cell}>
                <Chip
                  size="small"
                  label={review.decision === 'act' ? 'act' : 'no action'}
                  className={
                    review.decision === 'act' ? classes.act : classes.none
                  }
                />
              </TableCell>
              <TableCell className={classes.cell}>
                <Typography variant="body2" className={classes.text}>
                  {review.actionText ?? '—'}
                </Typography>
                {review.policyStep && (
                  <Typography
                    variant="caption"
                    color="textSecondary"
                    data-testid="review-policy-step"
                  >
                    Answers policy step “{review.policyStep.step}” (budget left{' '}
                    {formatBudget(review.policyStep.budgetRemaining)})
                  </Typography>
                )}
              </TableCell>
              <TableCell className={classes.cell}>
                <LinkedMetric review={review} metrics={props.metrics} />
              </TableCell>
              <TableCell className={`${classes.cell} ${classes.nowrap}`}>
                <Tooltip title={lookedAt || 'none'}>
                  <Typography variant="body2" component="span">
                    {plural(review.metricsLookedAt.length, 'metric')}
                  </Typography>
                </Tooltip>
              </TableCell>
              <TableCell className={classes.cell}>
                <EntityRefLink entityRef={review.author} defaultKind="user" />
                <EditedNote
                  updatedAt={review.updatedAt}
                  updatedBy={review.updatedBy}
                />
              </TableCell>
              {props.action && (
                <TableCell className={classes.cell} align="right">
                  {props.action(review)}
                </TableCell>
              )}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
