import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  metricsReviewCreatePermission,
  weekOf,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  GroupMetricsResponse,
  ViewSection,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import CheckCircle from '@material-ui/icons/CheckCircle';
import EventNote from '@material-ui/icons/EventNote';
import { SectionCard } from '../../shared/SectionCard';
import { metricsApiRef } from '../../../api';
import { errorMessage } from './apiError';
import { GuardedButton } from './GuardedButton';
import { HistoryDialog } from './HistoryDialog';
import { RecordActions } from './RecordActions';
import { ReviewDialog } from './ReviewDialog';
import { policyProposals } from './policyProposals';
import { ReviewTable } from './ReviewTable';
import { WithdrawDialog } from './WithdrawDialog';
import { formatWeek, today } from './teamFormat';
import { useTeamRefresh } from './TeamRefresh';
import { useTeam } from './useTeam';
import { useTeamReviews } from './useTeamData';
import { useTeamPermission } from './useTeamPermission';

/** Whether this week's review is recorded, in one line. */
function ThisWeek(props: { week: string; reviewed: boolean }) {
  return (
    <Box
      display="flex"
      alignItems="center"
      mb={1}
      data-testid="review-this-week"
      data-reviewed={props.reviewed}
    >
      <Box
        mr={1}
        display="flex"
        color={props.reviewed ? 'success.main' : 'text.secondary'}
      >
        {props.reviewed ? (
          <CheckCircle fontSize="small" />
        ) : (
          <EventNote fontSize="small" />
        )}
      </Box>
      <Typography variant="body2">
        <strong>
          This week: {props.reviewed ? 'reviewed ✓' : 'not reviewed yet'}
        </strong>{' '}
        <Typography variant="body2" color="textSecondary" component="span">
          ({formatWeek(props.week)})
        </Typography>
      </Typography>
    </Box>
  );
}

/** The review's history, loaded when its dialog opens. */
function ReviewHistory(props: { review: WeeklyReview; onClose: () => void }) {
  const api = useApi(metricsApiRef);
  const team = useTeam();
  const { review } = props;
  const load = useCallback(
    () => api.getReviewHistory(team.compoundRef, review.id),
    [api, team.compoundRef, review.id],
  );
  return (
    <HistoryDialog
      title={`review of ${formatWeek(review.week)}`}
      load={load}
      onClose={props.onClose}
    />
  );
}

/**
 * The squad's weekly review: record that it looked at its metrics this week and what it
 * decided, and the reviews of past weeks.
 */
export function WeeklyReviewSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const team = useTeam();
  const { refresh } = useTeamRefresh();
  const reviews = useTeamReviews(team);
  const canReview = useTeamPermission(metricsReviewCreatePermission, team);
  const api = useApi(metricsApiRef);
  const [recording, setRecording] = useState(false);
  const [open, setOpen] = useState<{
    dialog: 'edit' | 'withdraw' | 'history';
    review: WeeklyReview;
  }>();
  const close = () => setOpen(undefined);
  const saved = () => {
    setOpen(undefined);
    refresh();
  };
  // Weeks are ISO weeks in UTC, named by their Monday, as the backend counts them.
  const week = weekOf(today());
  const reviewed = reviews.value?.some(r => r.week === week) ?? false;

  let section: ViewSection<WeeklyReview> | undefined;
  if (reviews.value) section = { status: 'ok', items: reviews.value };
  else if (reviews.error) {
    section = {
      status: 'error',
      error: errorMessage(reviews.error),
      items: [],
    };
  }

  const notMember = (what: string) =>
    !canReview.loading && !canReview.allowed
      ? `Only members of ${team.label} can ${what}`
      : undefined;
  let disabledReason: string | undefined;
  if (!canReview.loading && !canReview.allowed) {
    disabledReason = notMember('record reviews');
  } else if (!props.view) {
    disabledReason = props.loading
      ? "Loading the squad's metrics…"
      : "The squad's metrics could not be loaded";
  } else if (props.view.metrics.length === 0) {
    disabledReason = "The squad's services declare no metrics to review yet";
  }

  return (
    <>
      <SectionCard<WeeklyReview>
        title="Weekly review"
        subheader="Record that the squad looked at its metrics, and what it decided"
        action={
          <Box mt={1} mr={1}>
            <GuardedButton
              color="primary"
              variant={reviewed ? 'outlined' : 'contained'}
              onClick={() => setRecording(true)}
              pending={canReview.loading}
              disabledReason={disabledReason}
            >
              Record this week's review
            </GuardedButton>
          </Box>
        }
        testId="metrics-team-reviews"
        loading={reviews.loading}
        section={section}
        errorTitle="Could not read the squad's reviews"
        notConfigured=""
        empty="No reviews recorded yet. Looking at the metrics every week, and saying what the squad decided, is how it gets to “regularly looking” and “regularly acting”."
      >
        {items => (
          <>
            <ThisWeek week={week} reviewed={reviewed} />
            <ReviewTable
              reviews={items}
              metrics={props.view?.metrics}
              action={review => (
                <RecordActions
                  label={`review of ${formatWeek(review.week)}`}
                  actions={[
                    {
                      label: 'Edit review',
                      onClick: () => setOpen({ dialog: 'edit', review }),
                      disabledReason:
                        notMember('edit reviews') ??
                        (props.view
                          ? undefined
                          : "The squad's metrics are not loaded"),
                    },
                    {
                      label: 'Withdraw review',
                      onClick: () => setOpen({ dialog: 'withdraw', review }),
                      disabledReason: notMember('withdraw reviews'),
                    },
                    {
                      label: 'History',
                      onClick: () => setOpen({ dialog: 'history', review }),
                    },
                  ]}
                />
              )}
            />
          </>
        )}
      </SectionCard>
      {recording && props.view && (
        <ReviewDialog
          team={team}
          week={week}
          metrics={props.view.metrics}
          proposals={policyProposals(props.view)}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            refresh();
          }}
        />
      )}
      {open?.dialog === 'edit' && props.view && (
        <ReviewDialog
          team={team}
          week={open.review.week}
          metrics={props.view.metrics}
          review={open.review}
          onClose={close}
          onSaved={saved}
        />
      )}
      {open?.dialog === 'withdraw' && (
        <WithdrawDialog
          what={`the review of ${formatWeek(open.review.week)}`}
          withdraw={request =>
            api.withdrawReview(team.compoundRef, open.review.id, {
              ...request,
              revision: open.review.revision,
            })
          }
          onClose={close}
          onWithdrawn={saved}
        />
      )}
      {open?.dialog === 'history' && (
        <ReviewHistory review={open.review} onClose={close} />
      )}
    </>
  );
}
