import type {
  RangeWindow,
  SuccessRatePoint,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { timeLabel } from './chartTheme';
import { formatRate, formatRange } from './format';
import { ValueSparkline } from './ValueSparkline';

/** A small success-rate trend with a tooltip; the dashed line is the target, when set. */
export function Sparkline(props: {
  series?: SuccessRatePoint[];
  range: RangeWindow;
  /** Target in percent. */
  target?: number;
}) {
  const points = (props.series ?? []).map(p => ({
    label: timeLabel(p.t),
    value: p.successRate === null ? null : p.successRate * 100,
  }));
  const values = points.flatMap(p => (p.value === null ? [] : [p.value]));
  const low = Math.min(...values, props.target ?? 100);
  return (
    <ValueSparkline
      points={points}
      format={value => formatRate(value / 100)}
      name="Success rate"
      ariaLabel={(first, last) =>
        `Success rate over the ${formatRange(props.range)}: from ${formatRate(
          first / 100,
        )} to ${formatRate(last / 100)}`
      }
      target={props.target}
      domain={[Math.max(0, low - (100 - low) * 0.2 - 0.01), 100]}
    />
  );
}
