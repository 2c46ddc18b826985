import { useState } from 'react';
import Button from '@material-ui/core/Button';
import DialogActions from '@material-ui/core/DialogActions';
import { errorMessage, isConflict } from './apiError';
import { useTeamRefresh } from './TeamRefresh';

/**
 * Saving from a dialog: `save` runs the request, then `onSaved`; on failure the dialog stays
 * open with the message and the input as typed. When someone else changed the record (409),
 * the squad's data is reloaded behind the dialog and the message says so.
 */
export function useDialogSave() {
  const { refresh } = useTeamRefresh();
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const save = async (request: () => Promise<unknown>, onSaved: () => void) => {
    setSaving(true);
    setSaveError(undefined);
    try {
      await request();
    } catch (e) {
      const error = e as Error;
      if (isConflict(error)) {
        setSaveError(
          `${errorMessage(
            error,
          )} The page now shows the current version: close this dialog and open it again.`,
        );
        refresh();
        setSaving(false);
        return;
      }
      setSaveError(errorMessage(error));
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
