import type {
  RangeWindow,
  ViewRange,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';
import { RangeControl } from './RangeControl';
import { formatDateTime, formatPreviousRange, formatRange } from './format';

/**
 * Top of a Metrics tab: what period is shown, what deltas compare against, and the range
 * control. A thin progress bar shows while a new range loads over the old numbers.
 */
export function ViewHeader(props: {
  range: RangeWindow;
  onRangeChange: (range: RangeWindow) => void;
  viewRange?: ViewRange;
  refreshing: boolean;
  /** Set when the URL fixes the end of the period (a link to the past). */
  end?: Date;
  /** Set when the answer carries the previous period's figures (the deltas). */
  compared?: boolean;
  /** Shown before the range control, e.g. a link to another presentation of the view. */
  actions?: ReactNode;
}) {
  const { range, viewRange, compared } = props;
  const label = props.end
    ? `${formatRange(range)} up to ${formatDateTime(props.end.toISOString())}`
    : formatRange(range);
  const comparisonText = compared
    ? `▲/▼ compare with the ${formatPreviousRange(range)}`
    : undefined;
  return (
    <Box>
      <Box
        display="flex"
        alignItems="center"
        justifyContent="space-between"
        flexWrap="wrap"
        style={{ gap: 8 }}
      >
        <Box>
          <Typography variant="h6" component="h2">
            {label.charAt(0).toUpperCase() + label.slice(1)}
          </Typography>
          <Typography
            variant="body2"
            color="textSecondary"
            data-testid="metrics-period"
          >
            {[
              viewRange &&
                `${formatDateTime(viewRange.start)} – ${formatDateTime(
                  viewRange.end,
                )}`,
              comparisonText,
            ]
              .filter(Boolean)
              .join(' · ') || '\u00a0'}
          </Typography>
        </Box>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          {props.actions}
          <RangeControl value={range} onChange={props.onRangeChange} />
        </Box>
      </Box>
      <Box height={4} mt={1}>
        {props.refreshing && (
          <LinearProgress aria-label="Loading the new range" />
        )}
      </Box>
    </Box>
  );
}
