import { useState } from 'react';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import { errorMessage } from './apiError';

/**
 * Saving from a dialog: `save` runs the request, then `onSaved`; on failure the dialog stays
 * open with the message and the input as typed.
 */
export function useDialogSave() {
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const save = async (request: () => Promise<unknown>, onSaved: () => void) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await request();
    } catch (e) {
      setSaveError(errorMessage(e as Error));
      setSaving(false);
      return;
    }
    onSaved();
  };
  return { saving, saveError, save };
}

/** Cancel, and the primary action that reads `busyLabel` while saving. */
export function DialogSaveActions(props: {
  onCancel: () => void;
  onSave: () => void;
  saving: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <DialogActions>
      <Button onClick={props.onCancel}>Cancel</Button>
      <Button
        color="primary"
        variant="contained"
        onClick={props.onSave}
        disabled={props.saving}
      >
        {props.saving ? props.busyLabel : props.label}
      </Button>
    </DialogActions>
  );
}
