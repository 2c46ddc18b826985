import { UNKNOWN_ERROR_CLASS } from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { formatPercent } from './format';
import { UnknownShare } from './UnknownShare';

// Mid-tone categorical colours that read on light and dark paper; none is the "unknown" grey.
const CLASS_COLORS = [
  '#5c6bc0',
  '#26a69a',
  '#ab47bc',
  '#ffa726',
  '#8d6e63',
  '#29b6f6',
  '#ec407a',
  '#9ccc65',
];

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 12,
    width: '100%',
    minWidth: 120,
    borderRadius: 6,
    overflow: 'hidden',
    backgroundColor: theme.palette.action.hover,
  },
  unknown: {
    // Hatched, so it stands apart from every class colour, in both themes.
    backgroundImage: `repeating-linear-gradient(135deg, ${theme.palette.text.secondary} 0 3px, transparent 3px 6px)`,
    boxShadow: `inset 0 0 0 1px ${theme.palette.warning.main}`,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: theme.spacing(1.5),
    marginTop: theme.spacing(0.5),
  },
  swatch: {
    display: 'inline-block',
    width: 8,
    height: 8,
    borderRadius: 2,
    marginRight: 4,
  },
}));

/**
 * Failures by error class as one stacked bar. The `unknown` class (failures nobody can act
 * on) is hatched, last, and called out with its share.
 */
export function ErrorClassBar(props: {
  errorClasses: Record<string, number>;
  unknownShare: number;
  failures: number;
}) {
  const classes = useStyles();
  if (props.failures <= 0) {
    return (
      <Typography variant="caption" color="textSecondary">
        no failures
      </Typography>
    );
  }
  const known = Object.entries(props.errorClasses)
    .filter(([name]) => name !== UNKNOWN_ERROR_CLASS)
    .sort((a, b) => b[1] - a[1]);
  const color = (i: number) => CLASS_COLORS[i % CLASS_COLORS.length];
  return (
    <Box minWidth={160} data-testid="error-classes">
      <div
        className={classes.bar}
        role="img"
        aria-label={`Failures by class: ${[
          ...known.map(([name, share]) => `${name} ${formatPercent(share, 0)}`),
          ...(props.unknownShare > 0
            ? [`unknown ${formatPercent(props.unknownShare, 0)}`]
            : []),
        ].join(', ')}`}
      >
        {known.map(([name, share], i) => (
          <Tooltip
            key={name}
            title={`${name}: ${formatPercent(share)} of failures`}
          >
            <div
              style={{ width: `${share * 100}%`, backgroundColor: color(i) }}
            />
          </Tooltip>
        ))}
        {props.unknownShare > 0 && (
          <Tooltip
            title={`unknown: ${formatPercent(
              props.unknownShare,
            )} of failures have no error class`}
          >
            <div
              className={classes.unknown}
              data-testid="error-class-unknown"
              style={{ width: `${props.unknownShare * 100}%` }}
            />
          </Tooltip>
        )}
      </div>
      <div className={classes.legend}>
        {known.map(([name, share], i) => (
          <Typography key={name} variant="caption" color="textSecondary" noWrap>
            <span
              className={classes.swatch}
              style={{ backgroundColor: color(i) }}
            />
            {name} {formatPercent(share, 0)}
          </Typography>
        ))}
      </div>
      <UnknownShare share={props.unknownShare} />
    </Box>
  );
}
