import {
  BenchmarkResult,
  Ratio,
  exitCodeOf,
  ratioValue,
  summaryTable,
  verdictOf,
} from './report';

const ratio = (
  numerator: number,
  denominator: number,
  bound?: number,
): Ratio => ({
  id: 'r',
  label: 'r',
  numerator: { label: 'a', value: numerator, unit: 'requests' },
  denominator: { label: 'b', value: denominator, unit: 'requests' },
  ...(bound === undefined ? {} : { bound }),
});

const result = (ratios: Ratio[], problems: string[] = []): BenchmarkResult => ({
  id: 'x',
  title: 'X',
  ratios,
  details: [],
  problems,
});

describe('verdictOf', () => {
  it('passes a ratio at its bound and fails one above it', () => {
    expect(verdictOf(ratio(3, 3, 1))).toBe('pass');
    expect(verdictOf(ratio(4, 3, 1))).toBe('FAIL');
  });

  it('fails a ratio that could not be computed', () => {
    expect(ratioValue(ratio(3, 0, 1))).toBe(Infinity);
    expect(verdictOf(ratio(3, 0, 1))).toBe('FAIL');
    expect(verdictOf(ratio(0, 0, 1))).toBe('FAIL');
  });

  it('only reports a ratio without a bound', () => {
    expect(verdictOf(ratio(100, 1))).toBe('info');
  });
});

describe('exitCodeOf', () => {
  it('is 0 when every bar holds, 1 when one is broken', () => {
    expect(exitCodeOf([result([ratio(1, 1, 1), ratio(9, 1)])])).toBe(0);
    expect(
      exitCodeOf([result([ratio(1, 1, 1)]), result([ratio(2, 1, 1)])]),
    ).toBe(1);
  });

  it('is 2 when a measurement is invalid, whatever the bars say', () => {
    expect(exitCodeOf([result([ratio(1, 1, 1)], ['a section failed'])])).toBe(
      2,
    );
  });
});

describe('summaryTable', () => {
  it('shows each ratio with its inputs, bound and verdict', () => {
    const text = summaryTable([result([ratio(6, 3, 1)])]);
    const [, , row] = text.split('\n');
    expect(row).toMatch(
      /\| X\s+\| r\s+\| 2\s+\| a 6 requests \/ b 3 requests \| <= 1 \| FAIL\s+\|/,
    );
  });

  it('marks every ratio of an invalid benchmark', () => {
    const text = summaryTable([result([ratio(1, 1, 1)], ['oops'])]);
    expect(text).toContain('INVALID');
  });
});
