import { useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type {
  NorthStarView,
  OwnedMetric,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import ListItemText from '@material-ui/core/ListItemText';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { metricsApiRef } from '../../../api';
import { DialogError } from '../team/DialogError';
import { DialogSaveActions, useDialogSave } from '../team/dialogSave';
import { entityLabel } from '../team/metricLabel';
import { metricKey, toMetricRef } from '../team/metricRefs';
import type { Team } from '../team/useTeam';

/** Picks one of the squad's KPIs as its north star; the backend checks it is the team's. */
export function ChooseNorthStarDialog(props: {
  team: Team;
  kpis: OwnedMetric[];
  current?: NorthStarView | null;
  onClose: () => void;
  onSaved: (northStar: NorthStarView) => void;
}) {
  const api = useApi(metricsApiRef);
  const { team, kpis } = props;
  const [key, setKey] = useState(
    props.current ? metricKey(props.current.metric) : '',
  );
  const { saving, saveError, save } = useDialogSave();
  const chosen = kpis.find(m => metricKey(toMetricRef(m)) === key);

  const onSave = () => {
    if (!chosen) return;
    let saved: NorthStarView;
    save(
      async () => {
        saved = await api.setNorthStar(team.compoundRef, {
          metric: toMetricRef(chosen),
        });
      },
      () => props.onSaved(saved),
    );
  };

  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-north-star-title"
    >
      <DialogTitle id="metrics-north-star-title">Choose north star</DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          The one KPI {team.label} steers by. It heads this tab, the TV view and
          the weekly digest, with its trend over 12 weeks.
        </Typography>
        <TextField
          select
          fullWidth
          variant="outlined"
          margin="dense"
          id="metrics-north-star-metric"
          label="KPI"
          value={key}
          onChange={e => setKey(e.target.value as string)}
        >
          {kpis.map(m => {
            const k = metricKey(toMetricRef(m));
            return (
              <MenuItem key={k} value={k}>
                <ListItemText
                  primary={m.name}
                  secondary={entityLabel(m.entityRef)}
                />
              </MenuItem>
            );
          })}
        </TextField>
        <DialogError
          title="Could not mark the north star"
          message={saveError}
        />
      </DialogContent>
      <DialogSaveActions
        onCancel={props.onClose}
        onSave={onSave}
        // Nothing to save until a KPI is chosen.
        saving={saving || !chosen}
        label="Save"
        busyLabel={saving ? 'Saving…' : 'Save'}
      />
    </Dialog>
  );
}
