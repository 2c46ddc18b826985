import {
  ForwardedError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  PrometheusQueryError,
  PrometheusUnavailableError,
} from '../sources/prometheus';
import { isDefinitionFault, isSourceOutage } from './failures';

const REASON = 'Prometheus "main" did not answer within 30 s';

describe('isSourceOutage', () => {
  it('takes outages of any source for outages', () => {
    expect(
      isSourceOutage(
        new PrometheusUnavailableError({
          message: REASON,
          instance: 'main',
          reason: 'timeout',
        }),
      ),
    ).toBe(true);
    expect(isSourceOutage(new ServiceUnavailableError('Amplitude 503'))).toBe(
      true,
    );
    // e.g. the SQL events database refusing connections
    expect(isSourceOutage(new Error('connect ECONNREFUSED'))).toBe(true);
  });

  it('does not take a bad definition or a missing configuration for an outage', () => {
    expect(
      isSourceOutage(
        new PrometheusQueryError({
          message: 'bad_data',
          instance: 'main',
          errorType: 'bad_data',
          upstreamStatus: 400,
          detail: 'parse error',
        }),
      ),
    ).toBe(false);
    expect(isSourceOutage(new InputError('bad window'))).toBe(false);
    expect(isSourceOutage(new NotFoundError('no instance "eu"'))).toBe(false);
    expect(
      isSourceOutage(
        new ForwardedError('Metrics source "x" failed', new InputError('no')),
      ),
    ).toBe(false);
  });
});

describe('isDefinitionFault', () => {
  it('is the opposite of an outage', () => {
    expect(isDefinitionFault(new InputError('bad window'))).toBe(true);
    expect(isDefinitionFault(new Error('connect ECONNREFUSED'))).toBe(false);
  });
});
