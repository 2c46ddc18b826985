import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useChartTheme } from '../shared/chartTheme';
import { plural } from '../shared/format';

const HEIGHT = 240;

interface StageCount {
  stage: number;
  name: string;
  teams: number;
}

/** An x-axis tick in two lines: the stage number, then its name. */
function StageTick(props: {
  x?: number;
  y?: number;
  payload?: { value: number };
  names: string[];
  fill: string;
}) {
  const stage = props.payload?.value ?? 0;
  return (
    <text
      x={props.x}
      y={props.y}
      textAnchor="middle"
      fill={props.fill}
      fontSize={12}
    >
      <tspan x={props.x} dy="0.9em" fontWeight={500}>
        {stage}
      </tspan>
      <tspan x={props.x} dy="1.3em">
        {props.names[stage]}
      </tspan>
    </text>
  );
}

/** Number of teams per maturity stage, 0 to 6, as vertical bars. */
export function StageDistributionChart(props: { stages: StageCount[] }) {
  const chart = useChartTheme();
  const { stages } = props;
  const names = stages.map(s => s.name);
  const max = Math.max(...stages.map(s => s.teams), 1);
  return (
    <div
      role="img"
      aria-label={`Teams per stage: ${stages
        .map(s => `stage ${s.stage} (${s.name}) ${s.teams}`)
        .join(', ')}`}
      data-testid="maturity-distribution"
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart
          data={stages}
          margin={{ top: 20, right: 16, bottom: 8, left: 0 }}
        >
          <CartesianGrid
            stroke={chart.grid}
            strokeDasharray="3 3"
            vertical={false}
          />
          <XAxis
            dataKey="stage"
            interval={0}
            height={44}
            tick={<StageTick names={names} fill={chart.text} />}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <YAxis
            allowDecimals={false}
            domain={[0, max]}
            width={32}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <Tooltip
            {...chart.tooltip}
            cursor={{ fill: chart.grid, fillOpacity: 0.3 }}
            labelFormatter={(stage: number) =>
              `Stage ${stage}: ${names[stage] ?? ''}`
            }
            formatter={(teams: number) => [plural(teams, 'team'), 'Teams']}
          />
          <Bar
            dataKey="teams"
            name="Teams"
            fill={chart.primary}
            isAnimationActive={false}
          >
            <LabelList dataKey="teams" position="top" fill={chart.text} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
