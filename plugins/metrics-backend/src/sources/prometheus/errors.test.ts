import {
  CustomErrorBase,
  ServiceUnavailableError,
  serializeError,
} from '@backstage/errors';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
  queryExcerpt,
} from './index';
import { withoutLabelSets } from './errors';

describe('Prometheus errors', () => {
  it('keeps the ServiceUnavailableError name so the error middleware answers 503', () => {
    const error = new PrometheusUnavailableError({
      message: "Prometheus 'main' did not answer within 100 ms",
      instance: 'main',
      reason: 'timeout',
    });
    expect(error).toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error).not.toHaveProperty('status');
    expect(serializeError(error)).toMatchObject({
      name: 'ServiceUnavailableError',
      message: "Prometheus 'main' did not answer within 100 ms",
      instance: 'main',
      reason: 'timeout',
    });
  });

  it('gives query errors their own name and no HTTP status of their own', () => {
    const error = new PrometheusQueryError({
      message: "Prometheus 'main' rejected the query: parse error. Query: sum(",
      instance: 'main',
      errorType: 'bad_data',
      upstreamStatus: 400,
      detail: 'parse error',
      query: 'sum(',
    });
    expect(error).toBeInstanceOf(CustomErrorBase);
    expect(error).not.toBeInstanceOf(ServiceUnavailableError);
    expect(error.name).toBe('PrometheusQueryError');
    expect(error).not.toHaveProperty('status');
    expect(error).not.toHaveProperty('statusCode');
  });

  it('quotes queries on one line, cut at 200 characters', () => {
    expect(queryExcerpt('  sum(\n  rate(x[5m])\n)  ')).toBe(
      'sum( rate(x[5m]) )',
    );
    expect(queryExcerpt('y'.repeat(200))).toBe('y'.repeat(200));
    expect(queryExcerpt('y'.repeat(201))).toBe(`${'y'.repeat(200)}…`);
  });

  it('replaces label sets by {…}, braces inside label values included', () => {
    expect(
      withoutLabelSets(
        'duplicate series for the match group {service="a", x="}{"} on the right: [{b=\'c\'}]',
      ),
    ).toBe('duplicate series for the match group {…} on the right: [{…}]');
    expect(withoutLabelSets('cut off {service="a')).toBe('cut off {…}');
    expect(withoutLabelSets('1:5: parse error: unexpected end of input')).toBe(
      '1:5: parse error: unexpected end of input',
    );
  });
});
