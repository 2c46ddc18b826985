import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Typography from '@material-ui/core/Typography';
import { formatDateTime } from '../../shared/format';

/** "edited by …, when" under a record that was corrected since it was recorded. */
export function EditedNote(props: { updatedAt?: string; updatedBy?: string }) {
  if (!props.updatedAt || !props.updatedBy) return null;
  return (
    <Typography
      variant="caption"
      color="textSecondary"
      component="div"
      data-testid="edited-note"
    >
      edited by <EntityRefLink entityRef={props.updatedBy} defaultKind="user" />
      , {formatDateTime(props.updatedAt)}
    </Typography>
  );
}
