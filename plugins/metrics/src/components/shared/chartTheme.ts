import { useTheme } from '@material-ui/core/styles';
import type { RangeWindow } from '@metrics-suite/backstage-plugin-metrics-common';
import { formatDateTime, formatTimeTick } from './format';

/**
 * Colours and axis/tooltip styles for recharts taken from the MUI theme, so charts read
 * in light and dark themes alike.
 */
export function useChartTheme() {
  const theme = useTheme();
  const { palette } = theme;
  const tick = { fill: palette.text.secondary, fontSize: 12 };
  return {
    primary: palette.primary.main,
    secondary: palette.secondary.main,
    good: palette.success.main,
    warning: palette.warning.main,
    bad: palette.error.main,
    muted: palette.text.disabled,
    text: palette.text.secondary,
    grid: palette.divider,
    tick,
    axisLine: { stroke: palette.divider },
    tooltip: {
      contentStyle: {
        backgroundColor: palette.background.paper,
        border: `1px solid ${palette.divider}`,
        borderRadius: 4,
        color: palette.text.primary,
        fontSize: 12,
      },
      labelStyle: { color: palette.text.secondary, marginBottom: 4 },
      itemStyle: { color: palette.text.primary, padding: 0 },
      cursor: { stroke: palette.divider },
    },
  };
}

/** Props of a time `XAxis` over chart points whose `t` is in Unix seconds. */
export function timeAxisProps(range: RangeWindow) {
  return {
    dataKey: 't',
    type: 'number' as const,
    scale: 'time' as const,
    domain: ['dataMin', 'dataMax'] as [string, string],
    tickFormatter: (t: number) => formatTimeTick(t, range),
    minTickGap: 24,
  };
}

/** Tooltip label of a time-series point. */
export function timeLabel(t: unknown): string {
  return typeof t === 'number' ? formatDateTime(t) : String(t);
}

/** Ticks of a value axis at a round step, and the domain they span. */
export interface AxisScale {
  domain: [number, number];
  ticks: number[];
  /** Decimals that show every tick exactly. */
  decimals: number;
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** Round ticks (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering `[low, high]` in about `count` steps. */
export function niceScale(low: number, high: number, count = 4): AxisScale {
  const span = high - low > 0 ? high - low : Math.max(Math.abs(high), 1);
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step =
    magnitude * NICE_STEPS.find(n => n * magnitude >= raw * (1 - 1e-6))!;
  const start = Math.floor(low / step + 1e-9) * step;
  const end = Math.ceil(high / step - 1e-9) * step;
  let decimals = 0;
  while (
    decimals < 6 &&
    Math.abs(Math.round(step * 10 ** decimals) - step * 10 ** decimals) > 1e-6
  ) {
    decimals++;
  }
  const ticks: number[] = [];
  for (let i = 0; start + i * step <= end + step / 1e6; i++) {
    ticks.push(Number((start + i * step).toFixed(decimals)));
  }
  return {
    domain: [Number(start.toFixed(decimals)), Number(end.toFixed(decimals))],
    ticks,
    decimals,
  };
}

/**
 * Y axis (percent) of an SLI chart: from a little below the lowest of the values and the
 * objective up to 100, so the objective line is always visible and a 99.9 % SLO is not a
 * flat line at the top of a 0–100 axis.
 */
export function sliScale(values: number[], objective: number): AxisScale {
  const low = Math.min(objective, ...values.filter(Number.isFinite));
  const pad = Math.max((100 - low) * 0.25, 0.01);
  return niceScale(Math.max(0, low - pad), 100);
}

/** Y axis (percent) of a budget chart: always shows 0 (spent) and 100 (untouched). */
export function budgetScale(values: number[]): AxisScale {
  const finite = values.filter(Number.isFinite);
  return niceScale(Math.min(0, ...finite), Math.max(100, ...finite));
}
