import TextField from '@material-ui/core/TextField';
import { humanizeGroupRef, normalizeGroupRef, ParentOption } from './rows';

const ALL = '';

/**
 * Picks the parent group (tribe) whose teams are shown. A parent named by the URL but
 * holding none of the teams stays selectable, so the page says why the list is empty.
 */
export function ParentFilter(props: {
  options: ParentOption[];
  value?: string;
  onChange: (parent: string | undefined) => void;
}) {
  const { options, value } = props;
  const selected = value ? normalizeGroupRef(value) : ALL;
  const known = selected === ALL || options.some(o => o.value === selected);
  return (
    <TextField
      select
      id="metrics-maturity-parent"
      label="Tribe"
      variant="outlined"
      size="small"
      value={selected}
      onChange={e => props.onChange(e.target.value || undefined)}
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 220 }}
    >
      <option value={ALL}>All tribes</option>
      {options.map(o => (
        <option key={o.value} value={o.value}>
          {`${o.label} (${o.teams})`}
        </option>
      ))}
      {!known && (
        <option value={selected}>{`${humanizeGroupRef(selected)} (0)`}</option>
      )}
    </TextField>
  );
}
