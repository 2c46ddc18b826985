import { InputError } from '@backstage/errors';
import {
  parseAnnotations,
  parseLabelValues,
  parseQueryData,
  parseSampleValue,
} from './parseValues';

describe('parseSampleValue', () => {
  it('needs explicit handling: Number("+Inf") is NaN in JavaScript', () => {
    // The reason this parser exists.
    expect(Number('+Inf')).toBeNaN();
    expect(Number('-Inf')).toBeNaN();
  });

  it.each([
    ['NaN', NaN],
    ['+Inf', Infinity],
    ['-Inf', -Infinity],
    ['Inf', Infinity],
    ['0', 0],
    ['-0', -0],
    ['1', 1],
    ['0.9993', 0.9993],
    ['12.533333333333333', 12.533333333333333],
    ['1e-07', 1e-7],
    ['1.5e+21', 1.5e21],
    ['-42.5', -42.5],
  ])('parses %s', (raw, expected) => {
    expect(parseSampleValue(raw)).toBe(expected);
  });

  it.each([
    [''],
    [' '],
    ['abc'],
    ['Infinity'],
    ['nan'],
    ['0x10'],
    ['1,5'],
    ['constructor'],
    [1.5],
    [null],
    [undefined],
  ])('rejects %j', raw => {
    expect(() => parseSampleValue(raw)).toThrow(InputError);
  });
});

describe('parseQueryData', () => {
  it('reads a vector (reference example)', () => {
    const data = {
      resultType: 'vector',
      result: [
        {
          metric: { caller: 'catalog-backend' },
          value: [1735689600, '12.533333333333333'],
        },
        { metric: { caller: 'scaffolder' }, value: [1735689600, '0.4'] },
      ],
    };
    expect(parseQueryData(data)).toEqual({
      data: {
        resultType: 'vector',
        series: [
          {
            labels: { caller: 'catalog-backend' },
            value: 12.533333333333333,
            t: 1735689600,
          },
          { labels: { caller: 'scaffolder' }, value: 0.4, t: 1735689600 },
        ],
      },
      warnings: [],
    });
  });

  it('reads a matrix and keeps NaN points', () => {
    const { data } = parseQueryData({
      resultType: 'matrix',
      result: [
        {
          metric: { service: 'orders' },
          values: [
            [1735603200, '0.9991'],
            [1735603500, 'NaN'],
            [1735603800, '0.9987'],
          ],
        },
      ],
    });
    expect(data).toEqual({
      resultType: 'matrix',
      series: [
        {
          labels: { service: 'orders' },
          points: [
            [1735603200, 0.9991],
            [1735603500, NaN],
            [1735603800, 0.9987],
          ],
        },
      ],
    });
  });

  it('reads scalars and strings', () => {
    expect(
      parseQueryData({ resultType: 'scalar', result: [1735689600, '0.999'] })
        .data,
    ).toEqual({
      resultType: 'scalar',
      t: 1735689600,
      value: 0.999,
    });
    expect(
      parseQueryData({ resultType: 'string', result: [1735689600.5, 'hello'] })
        .data,
    ).toEqual({
      resultType: 'string',
      t: 1735689600.5,
      value: 'hello',
    });
  });

  it('reads an empty vector and series without labels', () => {
    expect(parseQueryData({ resultType: 'vector', result: [] }).data).toEqual({
      resultType: 'vector',
      series: [],
    });
    expect(
      parseQueryData({
        resultType: 'vector',
        result: [{ metric: {}, value: [1, '+Inf'] }],
      }).data,
    ).toEqual({
      resultType: 'vector',
      series: [{ labels: {}, value: Infinity, t: 1 }],
    });
  });

  it('leaves out native histogram series with a warning', () => {
    const result = parseQueryData({
      resultType: 'vector',
      result: [
        { metric: { a: '1' }, value: [1, '2'] },
        {
          metric: { a: '2' },
          histogram: [1, { count: '3', sum: '4', buckets: [] }],
        },
      ],
    });
    expect(result.data).toEqual({
      resultType: 'vector',
      series: [{ labels: { a: '1' }, value: 2, t: 1 }],
    });
    expect(result.warnings).toEqual([
      expect.stringContaining('1 native histogram'),
    ]);

    const matrix = parseQueryData({
      resultType: 'matrix',
      result: [{ metric: {}, histograms: [[1, { count: '1', sum: '1' }]] }],
    });
    expect(matrix.data).toEqual({ resultType: 'matrix', series: [] });
    expect(matrix.warnings).toHaveLength(1);
  });

  it.each([
    [null],
    [{ resultType: 'table', result: [] }],
    [{ resultType: 'vector', result: {} }],
    [{ resultType: 'vector', result: [{ metric: {}, value: [1] }] }],
    [{ resultType: 'vector', result: [{ metric: {}, value: ['1', '2'] }] }],
    [{ resultType: 'vector', result: [{ metric: { a: 1 }, value: [1, '2'] }] }],
    [{ resultType: 'matrix', result: [{ metric: {}, values: [[1, 'x']] }] }],
    [{ resultType: 'scalar', result: [1, 2] }],
    [{ resultType: 'string', result: [1, 2] }],
  ])('rejects malformed data %j', data => {
    expect(() => parseQueryData(data)).toThrow(InputError);
  });
});

describe('parseLabelValues and parseAnnotations', () => {
  it('reads label values', () => {
    expect(parseLabelValues(['catalog-backend', 'scaffolder'])).toEqual([
      'catalog-backend',
      'scaffolder',
    ]);
    expect(parseLabelValues(null)).toEqual([]);
    expect(() => parseLabelValues([1])).toThrow(InputError);
    expect(() => parseLabelValues({})).toThrow(InputError);
  });

  it('keeps only string annotations', () => {
    expect(parseAnnotations(['a', 1, 'b'])).toEqual(['a', 'b']);
    expect(parseAnnotations(undefined)).toEqual([]);
  });
});
