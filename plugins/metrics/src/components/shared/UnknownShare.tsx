import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import WarningRounded from '@material-ui/icons/WarningRounded';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from './format';

const useStyles = makeStyles(theme => ({
  warning: { color: theme.palette.warning.main, fontWeight: 600 },
}));

/**
 * The share of failures without an error class, in the warning colour with an icon: the
 * failures nobody can act on. Renders nothing when every failure is classified.
 */
export function UnknownShare(props: { share: number; compact?: boolean }) {
  const classes = useStyles();
  if (!(props.share > 0)) return null;
  return (
    <Tooltip title="Failures with error_class “unknown” or none: nobody can tell why they failed. Classify them in the instrumentation.">
      <Box
        display="inline-flex"
        alignItems="center"
        style={{ gap: 4 }}
        className={classes.warning}
        data-testid="unknown-share"
      >
        <WarningRounded fontSize="small" />
        <Typography variant="caption" className={classes.warning} noWrap>
          {formatPercent(props.share, 0)} unclassified
        </Typography>
      </Box>
    </Tooltip>
  );
}
