import type { KpiTarget } from '../definitions/resolve';

/**
 * Whether a value meets a KPI target; undefined without a target or a value. The service
 * view's KPIs and the north star judge their targets with it.
 *
 * @public
 */
export function meetsTarget(
  value: number | null | undefined,
  target: KpiTarget | undefined,
): boolean | undefined {
  if (!target || value === null || value === undefined) return undefined;
  return target.direction === 'below'
    ? value <= target.value
    : value >= target.value;
}
