import { useState } from 'react';
import IconButton from '@material-ui/core/IconButton';
import ListItemText from '@material-ui/core/ListItemText';
import Menu from '@material-ui/core/Menu';
import MenuItem from '@material-ui/core/MenuItem';
import MoreVert from '@material-ui/icons/MoreVert';

/** One entry of a record's menu; disabled with the reason shown under it. */
export interface RecordAction {
  label: string;
  onClick: () => void;
  disabledReason?: string;
}

/** The row menu of a goal or review: edit, withdraw, history. */
export function RecordActions(props: {
  /** Names the record for screen readers, e.g. "goal on availability". */
  label: string;
  actions: RecordAction[];
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <IconButton
        size="small"
        aria-label={`Actions on the ${props.label}`}
        aria-haspopup="menu"
        onClick={e => setAnchor(e.currentTarget)}
      >
        <MoreVert fontSize="small" />
      </IconButton>
      <Menu
        anchorEl={anchor}
        open={anchor !== null}
        onClose={() => setAnchor(null)}
      >
        {props.actions.map(action => (
          <MenuItem
            key={action.label}
            disabled={action.disabledReason !== undefined}
            onClick={() => {
              setAnchor(null);
              action.onClick();
            }}
          >
            <ListItemText
              primary={action.label}
              secondary={action.disabledReason}
            />
          </MenuItem>
        ))}
      </Menu>
    </>
  );
}
