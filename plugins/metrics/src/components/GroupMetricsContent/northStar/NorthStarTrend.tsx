import type {
  KpiUnit,
  NorthStarWeek,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { formatKpiValue } from '../../EntityMetricsContent/kpiFormat';
import { ValueSparkline } from '../../shared/ValueSparkline';

/** The north star's weekly totals, oldest first, with each week's value on hover. */
export function NorthStarTrend(props: {
  trend: NorthStarWeek[];
  unit?: KpiUnit;
  target?: number;
}) {
  const { trend, unit } = props;
  return (
    <div data-testid="north-star-trend">
      <ValueSparkline
        points={trend.map(w => ({
          label: `Week of ${w.week}`,
          value: w.value,
        }))}
        format={value => formatKpiValue(value, unit)}
        name="Week"
        ariaLabel={(first, last) =>
          `Weekly totals over the last ${
            trend.length
          } weeks: from ${formatKpiValue(first, unit)} to ${formatKpiValue(
            last,
            unit,
          )}`
        }
        target={props.target}
        domain={[0, 'auto']}
        width={240}
        height={56}
      />
    </div>
  );
}
