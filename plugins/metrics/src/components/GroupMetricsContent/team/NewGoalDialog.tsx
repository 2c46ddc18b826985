import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  Goal,
  MetricValue,
  OwnedMetric,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import Grid from '@material-ui/core/Grid';
import InputAdornment from '@material-ui/core/InputAdornment';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { metricsApiRef } from '../../../api';
import { errorMessage } from './apiError';
import { DialogSaveActions, useDialogSave } from './dialogSave';
import { DialogError } from './DialogError';
import {
  defaultDueDate,
  GoalFormErrors,
  GoalFormValues,
  goalFormValues,
  toCreateGoalRequest,
  toInputValue,
  toUpdateGoalRequest,
} from './goalForm';
import { entityLabel, metricKindLabel, metricLabel } from './metricLabel';
import { metricKey, toMetricRef } from './metricRefs';
import {
  formatCalendarDay,
  formatMetricValue,
  today,
  unitOfMetric,
} from './teamFormat';
import type { Team } from './useTeam';
import { useMetricValue } from './useMetricValue';

function baselineHelp(
  state: { value?: MetricValue; loading: boolean; error?: Error },
  picked: boolean,
): string {
  if (!picked) return 'Pick a metric to measure where the squad stands';
  if (state.loading) return 'Measuring the last 7 days…';
  if (state.error) {
    return `Could not measure it (${errorMessage(
      state.error,
    )}): enter the baseline`;
  }
  if (!state.value) return '';
  const { value, unit, fromDay, toDay } = state.value;
  const period = `${formatCalendarDay(fromDay)} – ${formatCalendarDay(toDay)}`;
  return value === null
    ? `No data for ${period}: enter the baseline`
    : `Measured ${formatMetricValue(value, unit)} over ${period}`;
}

/**
 * Sets a goal on one of the squad's metrics: where it stands (the baseline, measured and
 * editable) and where it expects to end up (the target) by a due date. Given a `goal`, corrects
 * it instead (docs/api.md#editing-records): the metric stays, the fields start as recorded.
 */
export function NewGoalDialog(props: {
  team: Team;
  metrics: OwnedMetric[];
  /** The goal to edit; a new goal without it. */
  goal?: Goal;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { team, metrics, goal: editing } = props;
  const api = useApi(metricsApiRef);
  const now = today();
  const [key, setKey] = useState('');
  const initial = editing && goalFormValues(editing);
  // undefined until the user types a baseline: the measured one shows meanwhile.
  const [typedBaseline, setTypedBaseline] = useState<string | undefined>(
    initial?.baseline,
  );
  const [values, setValues] = useState<Omit<GoalFormValues, 'baseline'>>({
    target: initial?.target ?? '',
    dueDate: initial?.dueDate ?? defaultDueDate(now),
    notes: initial?.notes ?? '',
  });
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<GoalFormErrors>({});
  const { saving: submitting, saveError: submitError, save } = useDialogSave();

  const metric = metrics.find(m => metricKey(toMetricRef(m)) === key);
  // An edited goal keeps its baseline as recorded: nothing to measure.
  const measured = useMetricValue(team, metric && toMetricRef(metric));
  // While another metric's value loads, the previous one is stale.
  const current = measured.loading ? undefined : measured.value;
  const unit =
    editing?.unit ?? current?.unit ?? (metric ? unitOfMetric(metric) : 'count');
  const prefilled =
    current && current.value !== null
      ? { value: current.value, text: toInputValue(current.value, unit) }
      : undefined;
  const baseline = typedBaseline ?? prefilled?.text ?? '';
  const percent = unit === 'ratio';

  const set = (field: keyof typeof values) => (text: string) =>
    setValues(v => ({ ...v, [field]: text }));

  const submit = async () => {
    if (editing) {
      const edit = toUpdateGoalRequest({
        goal: editing,
        values: { ...values, baseline },
        reason,
        today: now,
      });
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
        () => api.updateGoal(team.compoundRef, editing.id, edit.request),
        props.onSaved,
      );
      return;
    }
    const result = toCreateGoalRequest({
      metric: metric && toMetricRef(metric),
      unit,
      values: { ...values, baseline },
      prefilled,
      today: now,
    });
    if (!result.ok) {
      setErrors(result.errors);
      return;
    }
    setErrors({});
    await save(
      () => api.createGoal(team.compoundRef, result.request),
      props.onSaved,
    );
  };

  const adornment = percent
    ? { endAdornment: <InputAdornment position="end">%</InputAdornment> }
    : undefined;

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-new-goal-title"
    >
      <DialogTitle id="metrics-new-goal-title">
        {editing ? `Edit goal: ${editing.metricName}` : 'New goal'}
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          {editing
            ? `Correct the goal on ${entityLabel(
                editing.metric.entityRef,
              )}; its metric stays. The change and who made it are kept in its history.`
            : `Say where ${team.label} stands on a metric and where it expects to end up. After the due date, follow the goal up with the measured outcome.`}
        </Typography>
        <Grid container spacing={2}>
          {!editing && (
            <Grid item xs={12}>
              <TextField
                select
                fullWidth
                variant="outlined"
                margin="dense"
                id="metrics-goal-metric"
                label="Metric"
                value={key}
                onChange={e => {
                  setKey(e.target.value as string);
                  setTypedBaseline(undefined);
                }}
                error={!!errors.metric}
                helperText={errors.metric}
                SelectProps={{
                  renderValue: selected => {
                    const m = metrics.find(
                      o => metricKey(toMetricRef(o)) === selected,
                    );
                    return m ? metricLabel(m) : '';
                  },
                }}
              >
                {metrics.map(m => {
                  const k = metricKey(toMetricRef(m));
                  return (
                    <MenuItem key={k} value={k}>
                      <ListItemText
                        primary={`${m.name} (${metricKindLabel(m)})`}
                        secondary={entityLabel(m.entityRef)}
                      />
                    </MenuItem>
                  );
                })}
              </TextField>
            </Grid>
          )}
          <Grid item xs={12} sm={6}>
            <TextField
              fullWidth
              variant="outlined"
              margin="dense"
              id="metrics-goal-baseline"
              label={percent ? 'Baseline (%)' : 'Baseline'}
              inputMode="decimal"
              value={baseline}
              onChange={e => setTypedBaseline(e.target.value)}
              disabled={!metric && !editing}
              error={!!errors.baseline}
              helperText={
                errors.baseline ??
                (editing
                  ? 'Where the squad stood when it set the goal'
                  : baselineHelp(measured, metric !== undefined))
              }
              InputProps={adornment}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              fullWidth
              variant="outlined"
              margin="dense"
              id="metrics-goal-target"
              label={percent ? 'Target (%)' : 'Target'}
              inputMode="decimal"
              value={values.target}
              onChange={e => set('target')(e.target.value)}
              disabled={!metric && !editing}
              error={!!errors.target}
              helperText={
                errors.target ??
                (percent
                  ? 'In percent, e.g. 99.5'
                  : 'A count, like the baseline')
              }
              InputProps={adornment}
            />
          </Grid>
          <Grid item xs={12} sm={6}>
            <TextField
              fullWidth
              variant="outlined"
              margin="dense"
              id="metrics-goal-due"
              type="date"
              label="Due date"
              value={values.dueDate}
              onChange={e => set('dueDate')(e.target.value)}
              InputLabelProps={{ shrink: true }}
              inputProps={{
                min: editing && editing.dueDate < now ? editing.dueDate : now,
              }}
              error={!!errors.dueDate}
              helperText={
                errors.dueDate ??
                'The outcome is measured over the 7 days before'
              }
            />
          </Grid>
          <Grid item xs={12}>
            <TextField
              fullWidth
              multiline
              minRows={2}
              variant="outlined"
              margin="dense"
              id="metrics-goal-notes"
              label="Notes"
              value={values.notes}
              onChange={e => set('notes')(e.target.value)}
              helperText="Optional: why this goal, what the squad will do"
            />
          </Grid>
          {editing && (
            <Grid item xs={12}>
              <TextField
                fullWidth
                variant="outlined"
                margin="dense"
                id="metrics-goal-reason"
                label="Reason for the change"
                value={reason}
                onChange={e => setReason(e.target.value)}
                helperText="Optional: shown in the history"
              />
            </Grid>
          )}
        </Grid>
        <DialogError
          title={
            editing ? 'Could not save the goal' : 'Could not create the goal'
          }
          message={submitError}
        />
      </DialogContent>
      <DialogSaveActions
        onCancel={props.onClose}
        onSave={submit}
        saving={submitting}
        label={editing ? 'Save changes' : 'Create goal'}
        busyLabel={editing ? 'Saving…' : 'Creating…'}
      />
    </Dialog>
  );
}
