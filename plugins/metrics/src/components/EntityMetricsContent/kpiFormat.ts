import type {
  KpiTarget,
  KpiUnit,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { NO_DATA } from '../shared/format';

const upTo2 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const exactly2 = new Intl.NumberFormat('en-US', {
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});

/**
 * A KPI value in its declared unit: `count` `1,234` (up to 2 decimals under 100, for averages;
 * PromQL's `increase` extrapolates, so large counts carry fractions nobody needs),
 * `percent` `42.5 %` (the value is in percent, like its target), `seconds` `850 ms` / `1.5 s`,
 * `currency` `1,234.50` (the unit names no currency). `null` → `no data`.
 */
export function formatKpiValue(
  value: number | null | undefined,
  unit?: KpiUnit,
): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return NO_DATA;
  switch (unit) {
    case 'percent':
      return `${upTo2.format(value)} %`;
    case 'seconds':
      return Math.abs(value) < 1
        ? `${upTo2.format(value * 1000)} ms`
        : `${upTo2.format(value)} s`;
    case 'currency':
      return exactly2.format(value);
    default:
      return Math.abs(value) >= 100 ? whole.format(value) : upTo2.format(value);
  }
}

/** `≥ 1,100` or `≤ 100`: what the KPI should stay at. */
export function formatKpiTarget(target: KpiTarget, unit?: KpiUnit): string {
  return `${target.direction === 'below' ? '≤' : '≥'} ${formatKpiValue(
    target.value,
    unit,
  )}`;
}
