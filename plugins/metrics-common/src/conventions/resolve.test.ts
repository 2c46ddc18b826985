import { parseConventionList, resolveConvention } from './resolve';

describe('parseConventionList', () => {
  it('reads names separated by commas or plus signs', () => {
    expect(parseConventionList('opentelemetry, service-graph')).toEqual({
      names: ['opentelemetry', 'service-graph'],
    });
    expect(parseConventionList('istio+metrics-suite')).toEqual({
      names: ['istio', 'metrics-suite'],
    });
  });

  it('names unknown, repeated and missing conventions', () => {
    expect(parseConventionList('zipkin, istio')).toEqual({
      problem: expect.stringContaining('unknown convention "zipkin"'),
    });
    expect(parseConventionList('istio, istio')).toEqual({
      problem: 'names "istio" twice',
    });
    expect(parseConventionList(' , ')).toEqual({
      problem: expect.stringContaining('names no convention'),
    });
  });
});

describe('resolveConvention', () => {
  it('takes callers and integrations from the first convention that has them', () => {
    const istio = resolveConvention(['istio', 'metrics-suite']);
    expect(istio.server.count.metric).toBe('istio_requests_total');
    expect(istio.callers?.caller).toBe('source_canonical_service');
    expect(istio.integrations?.metric).toBe('integration_requests_total');
  });

  it('rejects invalid renamed names with the key', () => {
    expect(() =>
      resolveConvention(undefined, {
        labelNames: { errorClass: 'error-class' },
      }),
    ).toThrow(
      'labelNames.errorClass "error-class" is not a valid Prometheus label name',
    );
    expect(() =>
      resolveConvention(undefined, {
        metricNames: { requestDuration: '1abc' },
      }),
    ).toThrow(
      'metricNames.requestDuration "1abc" is not a valid Prometheus metric name',
    );
  });
});
