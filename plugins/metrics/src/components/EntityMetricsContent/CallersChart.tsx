import type {
  CallerItem,
  RangeWindow,
} from '@metrics-suite/backstage-plugin-metrics-common';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { niceScale, useChartTheme } from '../shared/chartTheme';
import {
  formatLatency,
  formatPercent,
  formatRate,
  formatRequestRate,
} from '../shared/format';
import { callerKind, callerName } from './callerLabel';

const ROW = 28;

function truncate(text: string, max = 22): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Share of this service's requests per caller, as horizontal bars. */
export function CallersChart(props: {
  callers: CallerItem[];
  range: RangeWindow;
}) {
  const chart = useChartTheme();
  const data = props.callers.map(caller => ({
    name: callerName(caller),
    share: caller.share * 100,
    caller,
  }));
  const maxShare = Math.max(...data.map(d => d.share), 1);
  const scale = niceScale(0, Math.min(100, maxShare), 4);
  const colorOf = (caller: CallerItem) => {
    const kind = callerKind(caller);
    if (kind === 'entity') return chart.primary;
    if (kind === 'other') return chart.muted;
    return chart.secondary;
  };
  return (
    <>
      <Box display="flex" flexWrap="wrap" style={{ columnGap: 12 }} mb={0.5}>
        <Typography variant="caption" color="textSecondary">
          Share of requests:
        </Typography>
        {[
          { label: 'catalog entity', color: chart.primary },
          { label: 'external or unlabelled', color: chart.secondary },
          { label: 'other callers', color: chart.muted },
        ].map(item => (
          <Typography key={item.label} variant="caption" color="textSecondary">
            <span
              style={{
                display: 'inline-block',
                width: 8,
                height: 8,
                borderRadius: 2,
                marginRight: 4,
                backgroundColor: item.color,
              }}
            />
            {item.label}
          </Typography>
        ))}
      </Box>
      <ResponsiveContainer width="100%" height={data.length * ROW + 40}>
        <BarChart
          data={data}
          layout="vertical"
          margin={{ top: 4, right: 24, bottom: 4, left: 8 }}
        >
          <CartesianGrid
            stroke={chart.grid}
            strokeDasharray="3 3"
            horizontal={false}
          />
          <XAxis
            type="number"
            domain={scale.domain}
            ticks={scale.ticks}
            tickFormatter={(v: number) => `${v.toFixed(scale.decimals)} %`}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <YAxis
            type="category"
            dataKey="name"
            width={160}
            interval={0}
            tickFormatter={(v: string) => truncate(v)}
            tick={chart.tick}
            axisLine={chart.axisLine}
            tickLine={chart.axisLine}
          />
          <Tooltip
            {...chart.tooltip}
            cursor={{ fill: chart.grid, fillOpacity: 0.3 }}
            formatter={(_value: number, _name: string, entry: any) => {
              const caller: CallerItem = entry.payload.caller;
              return [
                `${formatPercent(caller.share)} · ${formatRequestRate(
                  caller.requests,
                  props.range,
                )} · ${formatRate(
                  caller.errorRatio,
                )} errors · p95 ${formatLatency(caller.p95Seconds)}`,
                'Share',
              ];
            }}
          />
          <Bar dataKey="share" name="Share" isAnimationActive={false}>
            {data.map(d => (
              <Cell key={d.caller.caller} fill={colorOf(d.caller)} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </>
  );
}
