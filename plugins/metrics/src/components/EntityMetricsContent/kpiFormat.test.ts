import { formatKpiTarget, formatKpiValue } from './kpiFormat';

describe('formatKpiValue', () => {
  it('shows large counts whole and small ones (averages) with up to 2 decimals', () => {
    expect(formatKpiValue(16_248_164.89, 'count')).toBe('16,248,165');
    expect(formatKpiValue(1234.5)).toBe('1,235');
    expect(formatKpiValue(42.125, 'count')).toBe('42.13');
    expect(formatKpiValue(3, 'count')).toBe('3');
  });

  it('shows percents, durations and amounts in their unit', () => {
    expect(formatKpiValue(42.5, 'percent')).toBe('42.5 %');
    expect(formatKpiValue(0.85, 'seconds')).toBe('850 ms');
    expect(formatKpiValue(1.5, 'seconds')).toBe('1.5 s');
    expect(formatKpiValue(1234.5, 'currency')).toBe('1,234.50');
  });

  it('says no data without a finite value', () => {
    expect(formatKpiValue(null)).toBe('no data');
    expect(formatKpiValue(Number.NaN)).toBe('no data');
  });

  it('writes a target with its direction', () => {
    expect(formatKpiTarget({ value: 1500, direction: 'above' }, 'count')).toBe(
      '≥ 1,500',
    );
    expect(formatKpiTarget({ value: 0.5, direction: 'below' }, 'seconds')).toBe(
      '≤ 500 ms',
    );
  });
});
