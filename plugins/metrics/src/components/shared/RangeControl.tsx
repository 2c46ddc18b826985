import type { RangeWindow } from '@metrics-suite/backstage-plugin-metrics-common';
import Button from '@material-ui/core/Button';
import ButtonGroup from '@material-ui/core/ButtonGroup';
import { RANGE_OPTIONS } from './format';

/** Buttons choosing the time range: 1h, 24h, 7d, 28d. */
export function RangeControl(props: {
  value: RangeWindow;
  onChange: (range: RangeWindow) => void;
}) {
  const { value, onChange } = props;
  return (
    <ButtonGroup size="small" color="primary" aria-label="Time range">
      {RANGE_OPTIONS.map(option => (
        <Button
          key={option.value}
          variant={option.value === value ? 'contained' : 'outlined'}
          aria-pressed={option.value === value}
          title={`Show the ${option.long}`}
          onClick={() => onChange(option.value)}
          style={{ textTransform: 'none' }}
        >
          {option.label}
        </Button>
      ))}
    </ButtonGroup>
  );
}
