import useAsync from 'react-use/esm/useAsync';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  MetricValueUnit,
  RecordRevision,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import Typography from '@material-ui/core/Typography';
import { formatDateTime } from '../../shared/format';
import { formatFieldChange, revisionTitle } from './revisionFormat';

/** The changes of a goal (with its follow-up) or a review, newest first: who, when, what, why. */
export function HistoryDialog(props: {
  title: string;
  load: () => Promise<RecordRevision[]>;
  /** The goal's unit, to read its numbers. */
  unit?: MetricValueUnit;
  onClose: () => void;
}) {
  const { load } = props;
  const history = useAsync(load, [load]);
  return (
    <Dialog
      open
      onClose={props.onClose}
      fullWidth
      maxWidth="sm"
      aria-labelledby="metrics-history-title"
    >
      <DialogTitle id="metrics-history-title">
        History: {props.title}
      </DialogTitle>
      <DialogContent>
        {history.loading && <Progress />}
        {history.error && <ResponseErrorPanel error={history.error} />}
        {history.value && (
          <List dense aria-label="Revisions">
            {history.value.map(revision => (
              <ListItem
                key={`${revision.kind}-${revision.revision}`}
                data-testid="revision"
                disableGutters
                style={{ display: 'block' }}
              >
                <Typography variant="subtitle2">
                  {revisionTitle(revision)}
                </Typography>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  <EntityRefLink
                    entityRef={revision.author}
                    defaultKind="user"
                  />
                  , {formatDateTime(revision.at)} · revision {revision.revision}
                </Typography>
                {Object.entries(revision.changes).map(([field, change]) => (
                  <Typography key={field} variant="body2">
                    {formatFieldChange(field, change, props.unit)}
                  </Typography>
                ))}
                {revision.reason && (
                  <Typography variant="body2" color="textSecondary">
                    Reason: {revision.reason}
                  </Typography>
                )}
              </ListItem>
            ))}
          </List>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
