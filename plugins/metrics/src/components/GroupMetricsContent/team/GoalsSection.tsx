import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import {
  metricsFollowUpCreatePermission,
  metricsGoalCreatePermission,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type {
  Goal,
  GoalStatus,
  GroupMetricsResponse,
  ViewSection,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Add from '@material-ui/icons/Add';
import { SectionCard } from '../../shared/SectionCard';
import { Stat } from '../../shared/Stat';
import { plural } from '../../shared/format';
import { metricsApiRef } from '../../../api';
import { errorMessage } from './apiError';
import { FollowUpDialog } from './FollowUpDialog';
import { GoalTable } from './GoalTable';
import { GuardedButton } from './GuardedButton';
import { HistoryDialog } from './HistoryDialog';
import { NewGoalDialog } from './NewGoalDialog';
import { RecordActions } from './RecordActions';
import { WithdrawDialog } from './WithdrawDialog';
import { useTeamRefresh } from './TeamRefresh';
import { useTeam } from './useTeam';
import { useTeamGoals } from './useTeamData';
import { useTeamPermission } from './useTeamPermission';

const STATUSES: ReadonlyArray<{ status: GoalStatus; label: string }> = [
  { status: 'met', label: 'Met' },
  { status: 'missed', label: 'Missed' },
  { status: 'due', label: 'Due for follow-up' },
  { status: 'open', label: 'Open' },
];

function countByStatus(goals: Goal[]): Record<GoalStatus, number> {
  const counts = { open: 0, due: 0, met: 0, missed: 0 };
  for (const goal of goals) counts[goal.status]++;
  return counts;
}

/** Why the squad's metrics cannot be picked from, if they cannot. */
function metricsUnavailable(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}): string | undefined {
  if (props.view) {
    return props.view.metrics.length === 0
      ? "The squad's services declare no metrics yet"
      : undefined;
  }
  return props.loading
    ? "Loading the squad's metrics…"
    : "The squad's metrics could not be loaded";
}

/** The dialog open on one goal, from its row. */
type GoalDialog =
  | 'follow-up'
  | 'edit'
  | 'withdraw'
  | 'edit-follow-up'
  | 'withdraw-follow-up'
  | 'history';

/** The goal's history, loaded when its dialog opens. */
function GoalHistory(props: { goal: Goal; onClose: () => void }) {
  const api = useApi(metricsApiRef);
  const team = useTeam();
  const { goal } = props;
  const load = useCallback(
    () => api.getGoalHistory(team.compoundRef, goal.id),
    [api, team.compoundRef, goal.id],
  );
  return (
    <HistoryDialog
      title={`goal on ${goal.metricName}`}
      load={load}
      unit={goal.unit}
      onClose={props.onClose}
    />
  );
}

/**
 * The squad's goals (baseline → target by a due date) and their follow-ups, with how many
 * were met and missed; members set new goals, follow due ones up, and correct or withdraw
 * them (docs/api.md#editing-records).
 */
export function GoalsSection(props: {
  view?: GroupMetricsResponse;
  loading: boolean;
}) {
  const team = useTeam();
  const { refresh } = useTeamRefresh();
  const goals = useTeamGoals(team);
  const canCreate = useTeamPermission(metricsGoalCreatePermission, team);
  const canFollowUp = useTeamPermission(metricsFollowUpCreatePermission, team);
  const api = useApi(metricsApiRef);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<{ dialog: GoalDialog; goal: Goal }>();
  const close = () => setOpen(undefined);
  const saved = () => {
    setOpen(undefined);
    refresh();
  };
  const notMember = (what: string, allowed: typeof canCreate) =>
    !allowed.loading && !allowed.allowed
      ? `Only members of ${team.label} can ${what}`
      : undefined;

  let section: ViewSection<Goal> | undefined;
  if (goals.value) section = { status: 'ok', items: goals.value };
  else if (goals.error) {
    section = { status: 'error', error: errorMessage(goals.error), items: [] };
  }
  const counts = goals.value && countByStatus(goals.value);
  const unavailable = metricsUnavailable(props);

  const newGoal = (
    <GuardedButton
      color="primary"
      variant="outlined"
      startIcon={<Add />}
      onClick={() => setCreating(true)}
      pending={canCreate.loading}
      disabledReason={
        !canCreate.loading && !canCreate.allowed
          ? `Only members of ${team.label} can create goals`
          : unavailable
      }
    >
      New goal
    </GuardedButton>
  );

  return (
    <>
      <SectionCard<Goal>
        title="Goals and follow-ups"
        subheader={
          goals.value && goals.value.length > 0
            ? `${plural(
                goals.value.length,
                'goal',
              )}: where the squad stood, where it expected to end up, and what happened`
            : 'Where the squad stands on a metric, where it expects to end up by a date, and what happened'
        }
        action={
          <Box mt={1} mr={1}>
            {newGoal}
          </Box>
        }
        testId="metrics-team-goals"
        loading={goals.loading}
        section={section}
        errorTitle="Could not read the squad's goals"
        notConfigured=""
        empty="No goals yet. Set one on a metric the squad wants to move: where it stands (the baseline) and where it expects to end up (the target)."
      >
        {items => (
          <>
            {counts && (
              <Box
                display="flex"
                flexWrap="wrap"
                style={{ gap: 32 }}
                mb={1}
                data-testid="goal-counts"
              >
                {STATUSES.map(({ status, label }) => (
                  <Stat
                    key={status}
                    label={label}
                    value={counts[status]}
                    testId={`goal-count-${status}`}
                  />
                ))}
              </Box>
            )}
            <GoalTable
              goals={items}
              action={goal => (
                <>
                  {goal.status === 'due' && (
                    <GuardedButton
                      color="primary"
                      variant="contained"
                      onClick={() => setOpen({ dialog: 'follow-up', goal })}
                      pending={canFollowUp.loading}
                      disabledReason={notMember('follow up goals', canFollowUp)}
                    >
                      Follow up
                    </GuardedButton>
                  )}
                  <RecordActions
                    label={`goal on ${goal.metricName}`}
                    actions={[
                      {
                        label: 'Edit goal',
                        onClick: () => setOpen({ dialog: 'edit', goal }),
                        disabledReason: notMember('edit goals', canCreate),
                      },
                      {
                        label: 'Withdraw goal',
                        onClick: () => setOpen({ dialog: 'withdraw', goal }),
                        disabledReason: notMember('withdraw goals', canCreate),
                      },
                      ...(goal.followUp
                        ? [
                            {
                              label: 'Edit follow-up',
                              onClick: () =>
                                setOpen({ dialog: 'edit-follow-up', goal }),
                              disabledReason: notMember(
                                'edit follow-ups',
                                canFollowUp,
                              ),
                            },
                            {
                              label: 'Withdraw follow-up',
                              onClick: () =>
                                setOpen({ dialog: 'withdraw-follow-up', goal }),
                              disabledReason: notMember(
                                'withdraw follow-ups',
                                canFollowUp,
                              ),
                            },
                          ]
                        : []),
                      {
                        label: 'History',
                        onClick: () => setOpen({ dialog: 'history', goal }),
                      },
                    ]}
                  />
                </>
              )}
            />
          </>
        )}
      </SectionCard>
      {creating && props.view && (
        <NewGoalDialog
          team={team}
          metrics={props.view.metrics}
          onClose={() => setCreating(false)}
          onSaved={() => {
            setCreating(false);
            refresh();
          }}
        />
      )}
      {open?.dialog === 'edit' && (
        <NewGoalDialog
          team={team}
          metrics={props.view?.metrics ?? []}
          goal={open.goal}
          onClose={close}
          onSaved={saved}
        />
      )}
      {(open?.dialog === 'follow-up' || open?.dialog === 'edit-follow-up') && (
        <FollowUpDialog
          team={team}
          goal={open.goal}
          edit={open.dialog === 'edit-follow-up'}
          onClose={close}
          onSaved={saved}
        />
      )}
      {open?.dialog === 'withdraw' && (
        <WithdrawDialog
          what={`the goal on ${open.goal.metricName}`}
          withdraw={request =>
            api.withdrawGoal(team.compoundRef, open.goal.id, {
              ...request,
              revision: open.goal.revision,
            })
          }
          onClose={close}
          onWithdrawn={saved}
        />
      )}
      {open?.dialog === 'withdraw-follow-up' && open.goal.followUp && (
        <WithdrawDialog
          what={`the follow-up of the goal on ${open.goal.metricName}`}
          consequence="The goal waits for a follow-up again."
          withdraw={request =>
            api.withdrawFollowUp(team.compoundRef, open.goal.id, {
              ...request,
              revision: open.goal.followUp!.revision,
            })
          }
          onClose={close}
          onWithdrawn={saved}
        />
      )}
      {open?.dialog === 'history' && (
        <GoalHistory goal={open.goal} onClose={close} />
      )}
    </>
  );
}
