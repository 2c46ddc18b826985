import type {
  RangeWindow,
  SloSeriesPoint,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Typography from '@material-ui/core/Typography';
import {
  Area,
  AreaChart,
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartMessage } from '../shared/ChartMessage';
import {
  budgetScale,
  sliScale,
  timeAxisProps,
  timeLabel,
  useChartTheme,
} from '../shared/chartTheme';
import { formatBudget, formatObjective, formatSli } from '../shared/format';

const HEIGHT = 180;

function percent(value: number | null): number | null {
  return value === null ? null : value * 100;
}

function ChartTitle(props: { children: string }) {
  return (
    <Typography variant="caption" color="textSecondary" component="div">
      {props.children}
    </Typography>
  );
}

/** The SLI over the SLO window at each point of the range, against the objective. */
export function SliChart(props: {
  series?: SloSeriesPoint[];
  objective: number;
  window: string;
  range: RangeWindow;
}) {
  const chart = useChartTheme();
  const data = (props.series ?? []).map(p => ({ t: p.t, sli: percent(p.sli) }));
  const values = data.flatMap(p => (p.sli === null ? [] : [p.sli]));
  const title = `SLI over ${props.window} vs objective`;
  if (values.length === 0) {
    return (
      <>
        <ChartTitle>{title}</ChartTitle>
        <ChartMessage height={HEIGHT}>No SLI data in this range</ChartMessage>
      </>
    );
  }
  const scale = sliScale(values, props.objective);
  return (
    <>
      <ChartTitle>{title}</ChartTitle>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={chart.grid} strokeDasharray="3 3" />
          <XAxis
            {...timeAxisProps(props.range)}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <YAxis
            domain={scale.domain}
            ticks={scale.ticks}
            allowDataOverflow
            tickFormatter={(v: number) => `${v.toFixed(scale.decimals)} %`}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
            width={72}
          />
          <Tooltip
            {...chart.tooltip}
            labelFormatter={timeLabel}
            formatter={(value: number) => [formatSli(value / 100), 'SLI']}
          />
          <ReferenceLine
            y={props.objective}
            stroke={chart.warning}
            strokeDasharray="6 3"
            label={{
              value: `objective ${formatObjective(props.objective)}`,
              position: 'insideBottomRight',
              fill: chart.text,
              fontSize: 11,
            }}
          />
          <Line
            type="monotone"
            dataKey="sli"
            name="SLI"
            stroke={chart.primary}
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </>
  );
}

/** Error budget remaining over the SLO window at each point of the range (burn-down). */
export function BudgetChart(props: {
  series?: SloSeriesPoint[];
  window: string;
  range: RangeWindow;
}) {
  const chart = useChartTheme();
  const data = (props.series ?? []).map(p => ({
    t: p.t,
    budget: percent(p.budgetRemaining),
  }));
  const values = data.flatMap(p => (p.budget === null ? [] : [p.budget]));
  const title = `Error budget left over ${props.window}`;
  if (values.length === 0) {
    return (
      <>
        <ChartTitle>{title}</ChartTitle>
        <ChartMessage height={HEIGHT}>
          No budget data in this range
        </ChartMessage>
      </>
    );
  }
  const overspent = values[values.length - 1] < 0;
  const scale = budgetScale(values);
  const color = overspent ? chart.bad : chart.primary;
  return (
    <>
      <ChartTitle>{title}</ChartTitle>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <AreaChart
          data={data}
          margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke={chart.grid} strokeDasharray="3 3" />
          <XAxis
            {...timeAxisProps(props.range)}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <YAxis
            domain={scale.domain}
            ticks={scale.ticks}
            tickFormatter={(v: number) => `${v.toFixed(scale.decimals)} %`}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
            width={56}
          />
          <Tooltip
            {...chart.tooltip}
            labelFormatter={timeLabel}
            formatter={(value: number) => [
              formatBudget(value / 100),
              'Budget left',
            ]}
          />
          <ReferenceLine
            y={0}
            stroke={chart.bad}
            strokeDasharray="6 3"
            label={{
              value: 'budget spent',
              position: 'insideBottomLeft',
              fill: chart.text,
              fontSize: 11,
            }}
          />
          <Area
            type="monotone"
            dataKey="budget"
            name="Budget left"
            stroke={color}
            fill={color}
            fillOpacity={0.2}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </>
  );
}
