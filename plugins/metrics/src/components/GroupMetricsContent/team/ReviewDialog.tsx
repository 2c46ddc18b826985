import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  MetricRef,
  OwnedMetric,
  ReviewDecision,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormGroup from '@material-ui/core/FormGroup';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { metricsApiRef } from '../../../api';
import { DialogSaveActions, useDialogSave } from './dialogSave';
import { DialogError } from './DialogError';
import { entityLabel, metricKindLabel, metricLabel } from './metricLabel';
import { findMetric, metricKey, toMetricRef } from './metricRefs';
import {
  ReviewFormErrors,
  ReviewFormValues,
  toCreateReviewRequest,
  toUpdateReviewRequest,
} from './reviewForm';
import type { PolicyProposal } from './policyProposals';
import { PolicyStepProposals } from './PolicyStepProposals';
import { formatWeek } from './teamFormat';
import type { Team } from './useTeam';

const useStyles = makeStyles(theme => ({
  checklist: {
    maxHeight: 240,
    overflowY: 'auto',
    flexWrap: 'nowrap',
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(0.5, 1.5),
    marginTop: theme.spacing(1),
  },
  section: { marginTop: theme.spacing(2), width: '100%' },
}));

/**
 * Records the squad's weekly review: which metrics it looked at, and whether it decided to
 * act (what, and on which metric) or that no action was needed. The error-budget policy steps
 * that apply now are proposed as decisions: one click fills the decision in. Given a
 * `review`, corrects it instead (docs/api.md#editing-records), starting from what was
 * recorded; the policy step a review answered stays as recorded.
 */
export function ReviewDialog(props: {
  team: Team;
  /** Monday of the week being reviewed. */
  week: string;
  metrics: OwnedMetric[];
  /** Policy steps that apply now to the squad's SLOs (see `policyProposals`). */
  proposals?: PolicyProposal[];
  /** The review to edit; a new review without it. */
  review?: WeeklyReview;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { team, metrics, review: editing } = props;
  const classes = useStyles();
  const api = useApi(metricsApiRef);
  // Everything the squad owns is ticked on a new review: untick what the review skipped.
  const [lookedAt, setLookedAt] = useState<Set<string>>(
    () =>
      new Set(
        editing
          ? editing.metricsLookedAt.map(metricKey)
          : metrics.map(m => metricKey(toMetricRef(m))),
      ),
  );
  const [decision, setDecision] = useState<ReviewDecision | undefined>(
    editing?.decision,
  );
  const [actionText, setActionText] = useState(editing?.actionText ?? '');
  const [linkedKey, setLinkedKey] = useState(
    editing?.linkedMetric ? metricKey(editing.linkedMetric) : '',
  );
  const [reason, setReason] = useState('');
  const [answered, setAnswered] = useState<PolicyProposal>();
  const [errors, setErrors] = useState<ReviewFormErrors>({});
  const { saving: submitting, saveError: submitError, save } = useDialogSave();

  const refOf = (key: string): MetricRef | undefined => {
    const metric = metrics.find(m => metricKey(toMetricRef(m)) === key);
    return metric && toMetricRef(metric);
  };

  const toggle = (key: string) =>
    setLookedAt(previous => {
      const next = new Set(previous);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  const submit = async () => {
    const values: ReviewFormValues = {
      metricsLookedAt: [
        ...metrics.map(toMetricRef).filter(ref => lookedAt.has(metricKey(ref))),
        // Metrics the squad no longer owns cannot be unticked here: they stay as recorded.
        ...(editing?.metricsLookedAt.filter(ref => !findMetric(metrics, ref)) ??
          []),
      ],
      decision,
      actionText,
      linkedMetric: linkedKey
        ? refOf(linkedKey) ??
          (editing?.linkedMetric &&
          metricKey(editing.linkedMetric) === linkedKey
            ? editing.linkedMetric
            : undefined)
        : undefined,
      policyStep: answered && {
        metric: answered.metric,
        step: answered.step.name,
      },
    };
    if (editing) {
      const edit = toUpdateReviewRequest(editing, values, reason);
      if (!edit.ok) {
        setErrors(edit.errors);
        return;
      }
      setErrors({});
      if (!edit.changed) {
        props.onClose();
        return;
      }
      await save(
        () => api.updateReview(team.compoundRef, editing.id, edit.request),
        props.onSaved,
      );
      return;
    }
    const result = toCreateReviewRequest(values);
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    await save(
      () => api.createReview(team.compoundRef, result.request),
      props.onSaved,
    );
  };

  const allTicked = metrics.every(m => lookedAt.has(metricKey(toMetricRef(m))));
  const ticked = metrics.filter(m =>
    lookedAt.has(metricKey(toMetricRef(m))),
  ).length;

  const propose = (proposal: PolicyProposal) => {
    const key = metricKey(proposal.metric);
    setAnswered(proposal);
    setDecision('act');
    setActionText(proposal.step.action);
    setLinkedKey(key);
    setLookedAt(previous => new Set(previous).add(key));
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-review-title"
    >
      <DialogTitle id="metrics-review-title">
        {editing ? 'Edit the review' : "Record this week's review"}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary">
          {team.label}, {formatWeek(editing?.week ?? props.week)}.
        </Typography>

        <FormControl
          component="fieldset"
          className={classes.section}
          error={!!errors.metricsLookedAt}
        >
          <Box
            display="flex"
            alignItems="center"
            justifyContent="space-between"
          >
            <FormLabel component="legend">Metrics looked at</FormLabel>
            <Button
              size="small"
              onClick={() =>
                setLookedAt(
                  allTicked
                    ? new Set()
                    : new Set(metrics.map(m => metricKey(toMetricRef(m)))),
                )
              }
            >
              {allTicked ? 'Untick all' : 'Tick all'}
            </Button>
          </Box>
          <FormGroup className={classes.checklist}>
            {metrics.map(m => {
              const key = metricKey(toMetricRef(m));
              return (
                <FormControlLabel
                  key={key}
                  control={
                    <Checkbox
                      size="small"
                      color="primary"
                      checked={lookedAt.has(key)}
                      onChange={() => toggle(key)}
                    />
                  }
                  label={
                    <Typography variant="body2">
                      {m.name}{' '}
                      <Typography
                        variant="caption"
                        color="textSecondary"
                        component="span"
                      >
                        {metricKindLabel(m)} · {entityLabel(m.entityRef)}
                      </Typography>
                    </Typography>
                  }
                />
              );
            })}
          </FormGroup>
          <FormHelperText>
            {errors.metricsLookedAt ?? `${ticked} of ${metrics.length} ticked`}
          </FormHelperText>
        </FormControl>

        {!editing && props.proposals && props.proposals.length > 0 && (
          <PolicyStepProposals
            className={classes.section}
            proposals={props.proposals}
            answered={answered}
            onPropose={propose}
            onClear={() => setAnswered(undefined)}
          />
        )}

        <FormControl
          component="fieldset"
          className={classes.section}
          error={!!errors.decision}
        >
          <FormLabel component="legend">Decision</FormLabel>
          <RadioGroup
            row
            name="decision"
            value={decision ?? ''}
            onChange={e => setDecision(e.target.value as ReviewDecision)}
          >
            <FormControlLabel
              value="act"
              control={<Radio color="primary" />}
              label="Act on it"
            />
            <FormControlLabel
              value="no-action"
              control={<Radio color="primary" />}
              label="No action needed"
            />
          </RadioGroup>
          {errors.decision && (
            <FormHelperText>{errors.decision}</FormHelperText>
          )}
        </FormControl>

        {decision === 'act' && (
          <>
            <TextField
              fullWidth
              multiline
              minRows={2}
              required
              variant="outlined"
              margin="normal"
              id="metrics-review-action"
              label="Action"
              value={actionText}
              onChange={e => setActionText(e.target.value)}
              error={!!errors.actionText}
              helperText={
                errors.actionText ?? 'What the squad will do, and who'
              }
            />
            <TextField
              select
              fullWidth
              variant="outlined"
              margin="dense"
              id="metrics-review-linked-metric"
              label="Linked metric"
              value={linkedKey}
              onChange={e => setLinkedKey(e.target.value as string)}
              helperText="The metric the action should move. Actions tied to a metric are what “regularly acting” counts."
              SelectProps={{
                displayEmpty: true,
                renderValue: selected => {
                  const m = metrics.find(
                    o => metricKey(toMetricRef(o)) === selected,
                  );
                  return m ? metricLabel(m) : 'None';
                },
              }}
              InputLabelProps={{ shrink: true }}
            >
              <MenuItem value="">
                <em>None</em>
              </MenuItem>
              {metrics.map(m => {
                const key = metricKey(toMetricRef(m));
                return (
                  <MenuItem key={key} value={key}>
                    <ListItemText
                      primary={`${m.name} (${metricKindLabel(m)})`}
                      secondary={entityLabel(m.entityRef)}
                    />
                  </MenuItem>
                );
              })}
            </TextField>
          </>
        )}
        {editing && (
          <TextField
            fullWidth
            variant="outlined"
            margin="dense"
            id="metrics-review-reason"
            label="Reason for the change"
            value={reason}
            onChange={e => setReason(e.target.value)}
            helperText="Optional: shown in the history"
          />
        )}
        <DialogError
          title={
            editing
              ? 'Could not save the review'
              : 'Could not record the review'
          }
          message={submitError}
        />
      </DialogContent>
      <DialogSaveActions
        onCancel={props.onClose}
        onSave={submit}
        saving={submitting}
        label={editing ? 'Save changes' : 'Record review'}
        busyLabel="Saving…"
      />
    </Dialog>
  );
}
