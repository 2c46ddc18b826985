import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CreateFollowUpRequest,
  Goal,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { metricsApiRef } from '../../../api';
import { Stat } from '../../shared/Stat';
import { DialogSaveActions, useDialogSave } from './dialogSave';
import { DialogError } from './DialogError';
import { isGoalMet, toUpdateFollowUpRequest } from './goalForm';
import { entityLabel } from './metricLabel';
import {
  formatCalendarDay,
  formatMetricValue,
  outcomeWindow,
} from './teamFormat';
import type { Team } from './useTeam';

/**
 * Follows a due goal up: shows the outcome the suite measured and whether it meets the
 * target, and lets the squad overrule that verdict and say what it learnt. With `edit`, corrects
 * the goal's follow-up instead; the measured outcome stays.
 */
export function FollowUpDialog(props: {
  team: Team;
  goal: Goal;
  /** Correct the goal's recorded follow-up. */
  edit?: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { team, goal } = props;
  const api = useApi(metricsApiRef);
  const recorded = props.edit ? goal.followUp : undefined;
  const outcome = recorded ? recorded.measuredOutcome : goal.measuredOutcome;
  const computed = isGoalMet(goal, outcome);
  const [met, setMet] = useState<boolean | undefined>(
    recorded ? recorded.met : computed,
  );
  const [notes, setNotes] = useState(recorded?.notes ?? '');
  const [reason, setReason] = useState('');
  const [missingVerdict, setMissingVerdict] = useState(false);
  const { saving: submitting, saveError: submitError, save } = useDialogSave();
  const measuredOver = outcomeWindow(goal.dueDate);

  const submit = async () => {
    if (met === undefined) {
      setMissingVerdict(true);
      return;
    }
    if (recorded) {
      const edit = toUpdateFollowUpRequest(recorded, { met, notes, reason });
      if (!edit.changed) {
        props.onClose();
        return;
      }
      await save(
        () => api.updateFollowUp(team.compoundRef, goal.id, edit.request),
        props.onSaved,
      );
      return;
    }
    const trimmed = notes.trim();
    // The backend judges the outcome itself; only a verdict the squad overruled is sent.
    const request: CreateFollowUpRequest = {
      ...(met !== computed ? { met } : {}),
      ...(trimmed ? { notes: trimmed } : {}),
    };
    await save(
      () => api.createFollowUp(team.compoundRef, goal.id, request),
      props.onSaved,
    );
  };

  let verdictHelp: string;
  if (computed === undefined) {
    verdictHelp = 'Without data the suite cannot tell: say whether it was met';
  } else {
    verdictHelp = `Measured: ${computed ? 'met' : 'missed'}${
      met !== computed ? ' (overruled)' : ''
    }`;
  }

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-follow-up-title"
    >
      <DialogTitle id="metrics-follow-up-title">
        {recorded ? 'Edit follow-up' : 'Follow up'}: {goal.metricName}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          {entityLabel(goal.metric.entityRef)} · due{' '}
          {formatCalendarDay(goal.dueDate)}
        </Typography>
        <Grid container spacing={2}>
          <Grid item xs={4}>
            <Stat
              label="Baseline"
              value={formatMetricValue(goal.baseline, goal.unit)}
            />
          </Grid>
          <Grid item xs={4}>
            <Stat
              label={`Target (${goal.direction})`}
              value={formatMetricValue(goal.target, goal.unit)}
            />
          </Grid>
          <Grid item xs={4}>
            <Stat
              label="Measured outcome"
              value={formatMetricValue(outcome, goal.unit)}
              note={`${formatCalendarDay(
                measuredOver.fromDay,
              )} – ${formatCalendarDay(measuredOver.toDay)}`}
              testId="follow-up-outcome"
            />
          </Grid>
        </Grid>
        <Box mt={1}>
          <FormControl component="fieldset" error={missingVerdict}>
            <FormLabel component="legend">Was the target met?</FormLabel>
            <RadioGroup
              row
              name="met"
              value={met === undefined ? '' : String(met)}
              onChange={e => {
                setMet(e.target.value === 'true');
                setMissingVerdict(false);
              }}
            >
              <FormControlLabel value="true" control={<Radio />} label="Met" />
              <FormControlLabel
                value="false"
                control={<Radio />}
                label="Missed"
              />
            </RadioGroup>
            <FormHelperText data-testid="follow-up-verdict">
              {missingVerdict ? 'Say whether the target was met' : verdictHelp}
            </FormHelperText>
          </FormControl>
        </Box>
        <TextField
          fullWidth
          multiline
          minRows={3}
          variant="outlined"
          margin="normal"
          id="metrics-follow-up-notes"
          label="Notes"
          value={notes}
          onChange={e => setNotes(e.target.value)}
          helperText="What worked, what did not, what the squad does next"
        />
        {recorded && (
          <TextField
            fullWidth
            variant="outlined"
            margin="dense"
            id="metrics-follow-up-reason"
            label="Reason for the change"
            value={reason}
            onChange={e => setReason(e.target.value)}
            helperText="Optional: shown in the history"
          />
        )}
        <DialogError
          title="Could not record the follow-up"
          message={submitError}
        />
      </DialogContent>
      <DialogSaveActions
        onCancel={props.onClose}
        onSave={submit}
        saving={submitting}
        label={recorded ? 'Save changes' : 'Record follow-up'}
        busyLabel="Saving…"
      />
    </Dialog>
  );
}
