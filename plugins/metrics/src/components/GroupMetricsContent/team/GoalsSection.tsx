import { useState } from 'react';
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
import { errorMessage } from './apiError';
import { FollowUpDialog } from './FollowUpDialog';
import { GoalTable } from './GoalTable';
import { GuardedButton } from './GuardedButton';
import { NewGoalDialog } from './NewGoalDialog';
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

/**
 * The squad's goals (baseline → target by a due date) and their follow-ups, with how many
 * were met and missed; members set new goals and follow due ones up.
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
  const [creating, setCreating] = useState(false);
  const [followingUp, setFollowingUp] = useState<Goal>();

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
              action={goal =>
                goal.status === 'due' ? (
                  <GuardedButton
                    color="primary"
                    variant="contained"
                    onClick={() => setFollowingUp(goal)}
                    pending={canFollowUp.loading}
                    disabledReason={
                      !canFollowUp.loading && !canFollowUp.allowed
                        ? `Only members of ${team.label} can follow up goals`
                        : undefined
                    }
                  >
                    Follow up
                  </GuardedButton>
                ) : null
              }
            />
          </>
        )}
      </SectionCard>
      {creating && props.view && (
        <NewGoalDialog
          team={team}
          metrics={props.view.metrics}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            refresh();
          }}
        />
      )}
      {followingUp && (
        <FollowUpDialog
          team={team}
          goal={followingUp}
          onClose={() => setFollowingUp(undefined)}
          onSaved={() => {
            setFollowingUp(undefined);
            refresh();
          }}
        />
      )}
    </>
  );
}
