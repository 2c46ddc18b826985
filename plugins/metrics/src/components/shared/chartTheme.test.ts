import { budgetScale, niceScale, sliScale } from './chartTheme';

describe('chart scales', () => {
  it('picks round ticks', () => {
    expect(niceScale(0, 100)).toEqual({
      domain: [0, 100],
      ticks: [0, 25, 50, 75, 100],
      decimals: 0,
    });
    expect(niceScale(-37.6, 100).ticks).toEqual([-50, 0, 50, 100]);
    expect(niceScale(99.8, 100)).toEqual({
      domain: [99.8, 100],
      ticks: [99.8, 99.85, 99.9, 99.95, 100],
      decimals: 2,
    });
  });

  it('keeps the objective visible on the SLI axis and ends at 100 %', () => {
    const scale = sliScale([99.95, 99.97], 99.9);
    expect(scale.domain[1]).toBe(100);
    expect(scale.domain[0]).toBeLessThan(99.9);
    expect(scale.ticks[scale.ticks.length - 1]).toBe(100);
    expect(sliScale([], 95).domain[0]).toBeLessThan(95);
  });

  it('always shows 0 % and 100 % on the budget axis', () => {
    expect(budgetScale([40, 60]).domain).toEqual([0, 100]);
    const overspent = budgetScale([-190, 20]);
    expect(overspent.domain[0]).toBeLessThanOrEqual(-190);
    expect(overspent.ticks).toContain(0);
    expect(overspent.ticks).toContain(100);
  });
});
