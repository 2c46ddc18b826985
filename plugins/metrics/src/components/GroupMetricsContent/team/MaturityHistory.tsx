import {
  dayOf,
  MATURITY_STAGE_NAMES,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { MaturityHistoryPoint } from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';
import {
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useChartTheme } from '../../shared/chartTheme';
import { formatCalendarDay, formatShortDay, today } from './teamFormat';

const HEIGHT = 140;
const STAGES = [0, 1, 2, 3, 4, 5, 6];

function dayOfSeconds(t: number): string {
  return dayOf(t * 1000);
}

function Title() {
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      Stage history
    </Typography>
  );
}

/** How the team's stage moved over time, one assessment a day, as a step chart. */
export function MaturityHistory(props: { history: MaturityHistoryPoint[] }) {
  const chart = useChartTheme();
  const { history } = props;
  if (history.length <= 1) {
    const [only] = history;
    let text = 'No assessment stored yet.';
    if (only) {
      text =
        only.day === today()
          ? `First assessment today: stage ${only.stage}.`
          : `First assessment on ${formatCalendarDay(only.day)}: stage ${
              only.stage
            }.`;
    }
    return (
      <div data-testid="maturity-history">
        <Title />
        <Typography variant="body2" color="textSecondary">
          {text}
        </Typography>
      </div>
    );
  }
  const first = history[0];
  const last = history[history.length - 1];
  const data = history.map(p => ({
    t: Date.parse(`${p.day}T00:00:00Z`) / 1000,
    stage: p.stage,
  }));
  const summary = `Stage ${first.stage} on ${formatCalendarDay(
    first.day,
  )}, stage ${last.stage} on ${formatCalendarDay(last.day)}`;
  return (
    <div data-testid="maturity-history">
      <Title />
      <div role="img" aria-label={`Stage history: ${summary}`}>
        <ResponsiveContainer width="100%" height={HEIGHT}>
          <LineChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid stroke={chart.grid} strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(t: number) => formatShortDay(dayOfSeconds(t))}
              minTickGap={24}
              tick={chart.tick}
              axisLine={chart.axisLine}
              tickLine={chart.axisLine}
            />
            <YAxis
              domain={[0, 6]}
              ticks={STAGES}
              allowDecimals={false}
              width={24}
              tick={chart.tick}
              axisLine={chart.axisLine}
              tickLine={chart.axisLine}
            />
            <Tooltip
              {...chart.tooltip}
              labelFormatter={(t: unknown) =>
                typeof t === 'number' ? formatCalendarDay(dayOfSeconds(t)) : ''
              }
              formatter={(stage: number) => [
                `${stage} · ${MATURITY_STAGE_NAMES[stage] ?? ''}`,
                'Stage',
              ]}
            />
            <Line
              type="stepAfter"
              dataKey="stage"
              stroke={chart.primary}
              strokeWidth={2}
              dot={data.length <= 14}
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
