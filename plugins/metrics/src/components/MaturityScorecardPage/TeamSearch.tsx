import { useEffect, useState } from 'react';
import TextField from '@material-ui/core/TextField';
import useDebounce from 'react-use/esm/useDebounce';

// Long enough that typing a name sends one request, short enough to feel immediate.
const DEBOUNCE_MS = 300;

/** Searches teams by name or ref; the text goes to the backend once typing pauses. */
export function TeamSearch(props: {
  value?: string;
  onChange: (search: string | undefined) => void;
}) {
  const { value, onChange } = props;
  const [text, setText] = useState(value ?? '');
  // The URL can change the search too (back button, "Show every team").
  useEffect(() => setText(value ?? ''), [value]);
  useDebounce(
    () => {
      const next = text.trim() || undefined;
      if (next !== value) onChange(next);
    },
    DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      id="metrics-maturity-search"
      label="Search teams"
      type="search"
      variant="outlined"
      size="small"
      value={text}
      onChange={e => setText(e.target.value)}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 200 }}
    />
  );
}
