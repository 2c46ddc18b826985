import type {
  RangeWindow,
  SuccessRatePoint,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';
import { Line, LineChart, ReferenceLine, Tooltip, YAxis } from 'recharts';
import { timeLabel, useChartTheme } from './chartTheme';
import { formatRate, formatRange } from './format';

const WIDTH = 140;
const HEIGHT = 36;

/** A small success-rate trend with a tooltip; the dashed line is the target, when set. */
export function Sparkline(props: {
  series?: SuccessRatePoint[];
  range: RangeWindow;
  /** Target in percent. */
  target?: number;
}) {
  const chart = useChartTheme();
  const data = (props.series ?? []).map(p => ({
    t: p.t,
    rate: p.successRate === null ? null : p.successRate * 100,
  }));
  const values = data.flatMap(p => (p.rate === null ? [] : [p.rate]));
  if (values.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary">
        no trend
      </Typography>
    );
  }
  const low = Math.min(...values, props.target ?? 100);
  return (
    <div
      role="img"
      aria-label={`Success rate over the ${formatRange(
        props.range,
      )}: from ${formatRate(values[0] / 100)} to ${formatRate(
        values[values.length - 1] / 100,
      )}`}
    >
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={data}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <YAxis
          hide
          domain={[Math.max(0, low - (100 - low) * 0.2 - 0.01), 100]}
        />
        {props.target !== undefined && (
          <ReferenceLine
            y={props.target}
            stroke={chart.muted}
            strokeDasharray="3 3"
          />
        )}
        <Tooltip
          {...chart.tooltip}
          labelFormatter={(_label, payload) =>
            timeLabel(payload?.[0]?.payload?.t)
          }
          formatter={(value: number) => [
            formatRate(value / 100),
            'Success rate',
          ]}
          wrapperStyle={{ zIndex: 10 }}
          allowEscapeViewBox={{ x: true, y: true }}
        />
        <Line
          type="monotone"
          dataKey="rate"
          stroke={chart.primary}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
