import type { NorthStarWeek } from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';
import { Line, LineChart, ReferenceLine, XAxis, YAxis } from 'recharts';
import { formatShortDay } from '../../GroupMetricsContent/team/teamFormat';
import { TV_COLORS, TV_TYPE } from '../tvTheme';

const WIDTH = 960;
const HEIGHT = 240;

/** The north star's weekly totals as one thick line; the dashed line is the target. */
export function TrendLine(props: {
  weeks: NorthStarWeek[];
  target?: number;
  format: (value: number) => string;
}) {
  const known = props.weeks.flatMap(w => (w.value === null ? [] : [w.value]));
  if (known.length < 2) {
    return (
      <Typography style={{ fontSize: TV_TYPE.note, color: TV_COLORS.muted }}>
        Not enough stored weeks for a trend yet
      </Typography>
    );
  }
  const first = props.weeks.find(w => w.value !== null)!;
  const last = [...props.weeks].reverse().find(w => w.value !== null)!;
  return (
    <div
      role="img"
      aria-label={`Weekly trend over ${
        props.weeks.length
      } weeks: from ${props.format(first.value!)} (week of ${formatShortDay(
        first.week,
      )}) to ${props.format(last.value!)} (week of ${formatShortDay(
        last.week,
      )})`}
    >
      <LineChart
        width={WIDTH}
        height={HEIGHT}
        data={props.weeks}
        margin={{ top: 16, right: 24, bottom: 8, left: 24 }}
      >
        <XAxis
          dataKey="week"
          tick={{ fill: TV_COLORS.muted, fontSize: TV_TYPE.note }}
          tickFormatter={formatShortDay}
          stroke={TV_COLORS.border}
          interval="preserveStartEnd"
        />
        <YAxis hide domain={['auto', 'auto']} />
        {props.target !== undefined && (
          <ReferenceLine
            y={props.target}
            stroke={TV_COLORS.muted}
            strokeDasharray="8 8"
            strokeWidth={2}
          />
        )}
        <Line
          type="monotone"
          dataKey="value"
          stroke={TV_COLORS.accent}
          strokeWidth={6}
          dot={false}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </div>
  );
}
