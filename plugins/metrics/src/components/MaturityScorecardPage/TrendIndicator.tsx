import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import TrendingDown from '@material-ui/icons/TrendingDown';
import TrendingFlat from '@material-ui/icons/TrendingFlat';
import TrendingUp from '@material-ui/icons/TrendingUp';
import type { StageTrend } from '@metrics-suite/backstage-plugin-metrics-common';
import { trendDescription, trendText } from './trend';

const useStyles = makeStyles(theme => ({
  up: { color: theme.palette.success.main },
  down: { color: theme.palette.error.main },
  flat: { color: theme.palette.text.secondary },
  change: {
    fontVariantNumeric: 'tabular-nums',
    marginLeft: theme.spacing(0.5),
  },
}));

const ICONS = { up: TrendingUp, down: TrendingDown, flat: TrendingFlat };

/** An up, down or flat arrow with the stages gained or lost; the earlier stage in a tooltip. */
export function TrendIndicator(props: { trend: StageTrend }) {
  const classes = useStyles();
  const { trend } = props;
  const description = trendDescription(trend);
  if (trend.direction === 'none') {
    return (
      <Tooltip title={description}>
        <Typography
          variant="body2"
          color="textSecondary"
          aria-label={description}
          data-testid="maturity-trend"
          data-direction="none"
        >
          {trendText(trend)}
        </Typography>
      </Tooltip>
    );
  }
  const Icon = ICONS[trend.direction];
  return (
    <Tooltip title={description}>
      <Box
        display="inline-flex"
        alignItems="center"
        role="img"
        className={classes[trend.direction]}
        aria-label={description}
        data-testid="maturity-trend"
        data-direction={trend.direction}
      >
        <Icon fontSize="small" />
        <Typography variant="body2" component="span" className={classes.change}>
          {trendText(trend)}
        </Typography>
      </Box>
    </Tooltip>
  );
}
