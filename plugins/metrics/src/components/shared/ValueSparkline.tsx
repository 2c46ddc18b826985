import Typography from '@material-ui/core/Typography';
import { Line, LineChart, ReferenceLine, Tooltip, YAxis } from 'recharts';
import { useChartTheme } from './chartTheme';

const WIDTH = 140;
const HEIGHT = 36;

/** One point of a sparkline; `label` names it in the tooltip (a time, a week). */
export interface SparkPoint {
  label: string;
  value: number | null;
}

/**
 * A small trend line with each point's value on hover; the dashed line is the target, when
 * set. "no trend" below two points with a value.
 */
export function ValueSparkline(props: {
  points: SparkPoint[];
  /** The value as the tooltip shows it. */
  format: (value: number) => string;
  /** What the values are, in the tooltip. */
  name: string;
  /** Read by screen readers instead of the chart. */
  ariaLabel: (first: number, last: number) => string;
  target?: number;
  domain?: [number | 'auto' | 'dataMin', number | 'auto' | 'dataMax'];
  width?: number;
  height?: number;
}) {
  const chart = useChartTheme();
  const values = props.points.flatMap(p => (p.value === null ? [] : [p.value]));
  if (values.length < 2) {
    return (
      <Typography variant="caption" color="textSecondary">
        no trend
      </Typography>
    );
  }
  return (
    <div
      role="img"
      aria-label={props.ariaLabel(values[0], values[values.length - 1])}
    >
      <LineChart
        width={props.width ?? WIDTH}
        height={props.height ?? HEIGHT}
        data={props.points}
        margin={{ top: 2, right: 2, bottom: 2, left: 2 }}
      >
        <YAxis hide domain={props.domain ?? ['auto', 'auto']} />
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
            String(payload?.[0]?.payload?.label ?? '')
          }
          formatter={(value: number) => [props.format(value), props.name]}
          wrapperStyle={{ zIndex: 10 }}
          allowEscapeViewBox={{ x: true, y: true }}
        />
        <Line
          type="monotone"
          dataKey="value"
          stroke={chart.primary}
          strokeWidth={1.5}
          dot={false}
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
