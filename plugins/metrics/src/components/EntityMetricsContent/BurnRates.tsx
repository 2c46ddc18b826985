import {
  BURN_RATE_WINDOWS,
  BurnRates as BurnRatesValue,
  BurnRateWindow,
  SRE_WORKBOOK_ALERT_RULES,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatBurnRate } from '../shared/format';

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: `repeat(${BURN_RATE_WINDOWS.length}, minmax(40px, 1fr))`,
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
  },
  cell: {
    padding: theme.spacing(0.5),
    textAlign: 'center',
    '&:not(:last-child)': { borderRight: `1px solid ${theme.palette.divider}` },
  },
  value: { fontVariantNumeric: 'tabular-nums', fontWeight: 600 },
  page: { color: theme.palette.error.main },
  ticket: { color: theme.palette.warning.main },
  none: { color: theme.palette.text.primary },
  missing: { color: theme.palette.text.disabled },
}));

/**
 * The alert this window's burn rate exceeds on its own (the alert itself needs its paired
 * window too): the threshold of every SRE-workbook rule the window takes part in.
 */
export function burnSeverity(
  window: BurnRateWindow,
  rate: number | undefined,
): 'page' | 'ticket' | 'none' {
  if (rate === undefined) return 'none';
  let severity: 'page' | 'ticket' | 'none' = 'none';
  for (const rule of SRE_WORKBOOK_ALERT_RULES) {
    const inRule = rule.longWindow === window || rule.shortWindow === window;
    if (inRule && rate > rule.burnRate) {
      if (rule.severity === 'page') return 'page';
      severity = 'ticket';
    }
  }
  return severity;
}

/** Burn rate by window (5m … 3d), coloured when a window burns faster than an alert threshold. */
export function BurnRates(props: { burnRates: BurnRatesValue }) {
  const classes = useStyles();
  return (
    <Box>
      <Typography variant="caption" color="textSecondary" component="div">
        Burn rate (1× spends the budget exactly over the SLO window)
      </Typography>
      <div className={classes.grid} data-testid="burn-rates">
        {BURN_RATE_WINDOWS.map(window => {
          const rate = props.burnRates[window];
          const severity = burnSeverity(window, rate);
          const className =
            rate === undefined ? classes.missing : classes[severity];
          return (
            <Tooltip
              key={window}
              title={
                rate === undefined
                  ? `No traffic in the last ${window}`
                  : `Last ${window}: the budget burns ${formatBurnRate(
                      rate,
                    )} as fast as sustainable${
                      severity === 'none'
                        ? ''
                        : ` (above a ${severity} threshold)`
                    }`
              }
            >
              <div className={classes.cell}>
                <Typography
                  variant="caption"
                  color="textSecondary"
                  component="div"
                >
                  {window}
                </Typography>
                <Typography
                  variant="body2"
                  component="div"
                  className={`${classes.value} ${className}`}
                >
                  {formatBurnRate(rate)}
                </Typography>
              </div>
            </Tooltip>
          );
        })}
      </div>
    </Box>
  );
}
