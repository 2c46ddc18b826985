import { useState } from 'react';
import Dialog from '@material-ui/core/Dialog';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { DialogSaveActions, useDialogSave } from './dialogSave';
import { DialogError } from './DialogError';
import { withReason } from './goalForm';

/**
 * Confirms withdrawing a goal, a follow-up or a review, with an optional reason. Withdrawn
 * records are kept with their history but no longer listed nor counted.
 */
export function WithdrawDialog(props: {
  /** What is withdrawn, e.g. "the goal on availability". */
  what: string;
  /** What withdrawing does besides, e.g. "The goal is due again." */
  consequence?: string;
  withdraw: (request: { reason?: string }) => Promise<unknown>;
  onClose: () => void;
  onWithdrawn: () => void;
}) {
  const [reason, setReason] = useState('');
  const { saving, saveError, save } = useDialogSave();
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-withdraw-title"
    >
      <DialogTitle id="metrics-withdraw-title">
        Withdraw {props.what}?
      </DialogTitle>
      <DialogContent>
        <Typography variant="body2" color="textSecondary" paragraph>
          It is no longer listed nor counted towards the squad's maturity; its
          history is kept. {props.consequence}
        </Typography>
        <TextField
          fullWidth
          multiline
          minRows={2}
          variant="outlined"
          margin="dense"
          id="metrics-withdraw-reason"
          label="Reason"
          value={reason}
          onChange={e => setReason(e.target.value)}
          helperText="Optional: shown in the history"
        />
        <DialogError title="Could not withdraw it" message={saveError} />
      </DialogContent>
      <DialogSaveActions
        onCancel={props.onClose}
        onSave={() =>
          save(() => props.withdraw(withReason(reason)), props.onWithdrawn)
        }
        saving={saving}
        label="Withdraw"
        busyLabel="Withdrawing…"
      />
    </Dialog>
  );
}
