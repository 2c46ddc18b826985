import { increaseFromSamples, ratio } from './counters';

describe('ratio', () => {
  it('divides', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(0, 4)).toBe(0);
  });

  it.each([
    [1, 0],
    [0, 0],
    [1, -2],
    [NaN, 1],
    [1, NaN],
    [Infinity, 1],
    [1, Infinity],
  ])('is undefined for %d / %d', (n, d) => {
    expect(ratio(n, d)).toBeUndefined();
  });
});

describe('increaseFromSamples', () => {
  it('is the difference between first and last sample without resets', () => {
    expect(
      increaseFromSamples([
        [0, 100],
        [15, 130],
        [30, 160],
      ]),
    ).toBe(60);
  });

  it('treats a drop as a restart from zero', () => {
    // 10 → 20 (+10), reset to 5 (+5), 5 → 15 (+10)
    expect(
      increaseFromSamples([
        [0, 10],
        [15, 20],
        [30, 5],
        [45, 15],
      ]),
    ).toBe(25);
  });

  it('handles several resets, including a reset to exactly 0', () => {
    expect(
      increaseFromSamples([
        [0, 50],
        [1, 0],
        [2, 7],
        [3, 3],
        [4, 4],
      ]),
    ).toBe(0 + 7 + 3 + 1);
  });

  it('orders samples by time before computing', () => {
    expect(
      increaseFromSamples([
        [30, 5],
        [0, 10],
        [45, 15],
        [15, 20],
      ]),
    ).toBe(25);
  });

  it('skips stale markers and NaN samples', () => {
    expect(
      increaseFromSamples([
        [0, 10],
        [15, NaN],
        [30, 25],
        [NaN, 1000],
      ]),
    ).toBe(15);
  });

  it('is 0 for a flat counter', () => {
    expect(
      increaseFromSamples([
        [0, 3],
        [60, 3],
      ]),
    ).toBe(0);
  });

  it('is undefined with fewer than two usable samples', () => {
    expect(increaseFromSamples([])).toBeUndefined();
    expect(increaseFromSamples([[0, 5]])).toBeUndefined();
    expect(
      increaseFromSamples([
        [0, 5],
        [1, NaN],
      ]),
    ).toBeUndefined();
  });

  it('does not modify its input', () => {
    const samples: Array<[number, number]> = [
      [2, 1],
      [1, 0],
    ];
    increaseFromSamples(samples);
    expect(samples).toEqual([
      [2, 1],
      [1, 0],
    ]);
  });
});
