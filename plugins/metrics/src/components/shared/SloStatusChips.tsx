import type {
  AlertSeverity,
  SloState,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Chip from '@material-ui/core/Chip';
import Tooltip from '@material-ui/core/Tooltip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import { ALERT_HELP, STATE_HELP, stateLabel } from './sloStatus';

type Tone = 'success' | 'warning' | 'error' | 'info' | 'muted';

function filled(theme: Theme, color: string) {
  return {
    backgroundColor: color,
    color: theme.palette.getContrastText(color),
  };
}

const useStyles = makeStyles(theme => ({
  chip: { fontWeight: 600 },
  success: filled(theme, theme.palette.success.main),
  warning: filled(theme, theme.palette.warning.main),
  error: filled(theme, theme.palette.error.main),
  info: filled(theme, theme.palette.info.main),
  muted: {
    backgroundColor: theme.palette.action.selected,
    color: theme.palette.text.primary,
  },
}));

const STATE_TONE: Record<SloState | 'none', Tone> = {
  healthy: 'success',
  'at-risk': 'warning',
  breaching: 'error',
  'no-data': 'muted',
  'low-traffic': 'info',
  none: 'muted',
};

const ALERT_TONE: Record<Exclude<AlertSeverity, 'none'>, Tone> = {
  page: 'error',
  ticket: 'warning',
};

/** The state of an SLO as a coloured chip: healthy, at risk, breaching, no data, low traffic. */
export function SloStateChip(props: {
  state: SloState | 'none';
  label?: string;
}) {
  const classes = useStyles();
  const tone = STATE_TONE[props.state];
  return (
    <Tooltip title={STATE_HELP[props.state]}>
      <Chip
        size="small"
        label={props.label ?? stateLabel(props.state)}
        className={`${classes.chip} ${classes[tone]}`}
        data-testid="slo-state"
        data-state={props.state}
      />
    </Tooltip>
  );
}

/** A firing burn-rate alert: `page` (red) or `ticket` (orange); nothing when none fires. */
export function SloAlertChip(props: { alert: AlertSeverity }) {
  const classes = useStyles();
  if (props.alert === 'none') return null;
  return (
    <Tooltip title={ALERT_HELP[props.alert]}>
      <Chip
        size="small"
        variant="default"
        label={props.alert}
        className={`${classes.chip} ${classes[ALERT_TONE[props.alert]]}`}
        data-testid="slo-alert"
        data-alert={props.alert}
      />
    </Tooltip>
  );
}

/** State and alert side by side. */
export function SloStatusChips(props: {
  state: SloState;
  alert: AlertSeverity;
}) {
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      <SloStateChip state={props.state} />
      <SloAlertChip alert={props.alert} />
    </span>
  );
}
