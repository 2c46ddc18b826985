import TextField from '@material-ui/core/TextField';
import {
  MATURITY_STAGE_NAMES,
  MaturityStage,
} from '@metrics-suite/backstage-plugin-metrics-common';

const ALL = '';

/** Picks the one stage whose teams are shown, or every stage. */
export function StageFilter(props: {
  value?: MaturityStage;
  onChange: (stage: MaturityStage | undefined) => void;
}) {
  return (
    <TextField
      select
      id="metrics-maturity-stage"
      label="Stage"
      variant="outlined"
      size="small"
      value={props.value === undefined ? ALL : String(props.value)}
      onChange={e =>
        props.onChange(
          e.target.value === ALL
            ? undefined
            : (Number(e.target.value) as MaturityStage),
        )
      }
      SelectProps={{ native: true }}
      InputLabelProps={{ shrink: true }}
      style={{ minWidth: 180 }}
    >
      <option value={ALL}>All stages</option>
      {MATURITY_STAGE_NAMES.map((name, stage) => (
        <option key={stage} value={String(stage)}>
          {`${stage} ${name}`}
        </option>
      ))}
    </TextField>
  );
}
