import { percentile } from './percentile';

describe('percentile', () => {
  const values = Array.from({ length: 30 }, (_, i) => 30 - i); // 30 … 1, unsorted order

  it('takes the nearest rank: a measured value', () => {
    expect(percentile(values, 95)).toBe(29);
    expect(percentile(values, 50)).toBe(15);
    expect(percentile(values, 100)).toBe(30);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses no values and percentiles outside (0, 100]', () => {
    expect(() => percentile([], 95)).toThrow(RangeError);
    expect(() => percentile(values, 0)).toThrow(RangeError);
    expect(() => percentile(values, 101)).toThrow(RangeError);
  });
});
