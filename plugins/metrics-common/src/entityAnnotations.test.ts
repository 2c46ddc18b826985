import type { Entity } from '@backstage/catalog-model';
import {
  DEPRECATED_METRICS_ANNOTATIONS,
  METRICS_ANNOTATIONS,
} from './annotations';
import {
  declaresMetrics,
  deprecatedMetricsAnnotationProblems,
  isMetricsAvailable,
  readEntityMetricsAnnotations,
} from './entityAnnotations';

const SERVICE = 'metrics-suite/prometheus-service';
const INSTANCE = 'metrics-suite/prometheus-instance';
const CALLER = 'metrics-suite/caller-id';
const AMPLITUDE = 'metrics-suite/amplitude-project';
// The keys of earlier releases, still read and reported as deprecated.
const OLD_SERVICE = 'metrics.backstage.io/prometheus-service';
const OLD_INSTANCE = 'metrics.backstage.io/prometheus-instance';
const OLD_CALLER = 'metrics.backstage.io/caller-id';
const OLD_AMPLITUDE = 'metrics.backstage.io/amplitude-project';

function entity(
  annotations?: Record<string, string>,
  kind: string = 'Component',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'checkout', ...(annotations ? { annotations } : {}) },
    spec: { type: 'service', owner: 'group:default/payments' },
  };
}

describe('METRICS_ANNOTATIONS', () => {
  it('holds the fixed annotation keys', () => {
    expect(METRICS_ANNOTATIONS).toEqual({
      prometheusService: SERVICE,
      prometheusInstance: INSTANCE,
      callerId: CALLER,
      amplitudeProject: AMPLITUDE,
      convention: 'metrics-suite/convention',
    });
  });
});

describe('the convention annotation', () => {
  const withConvention = (value: string) =>
    readEntityMetricsAnnotations({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fleet',
        annotations: { [SERVICE]: 'fleet', 'metrics-suite/convention': value },
      },
    });

  it('reads a list of conventions', () => {
    expect(withConvention('opentelemetry, service-graph').convention).toEqual([
      'opentelemetry',
      'service-graph',
    ]);
  });

  it('reports an unknown convention with its path and falls back', () => {
    const read = withConvention('zipkin');
    expect(read.convention).toBeUndefined();
    expect(read.problems).toEqual([
      {
        path: 'metadata.annotations.metrics-suite/convention',
        message: expect.stringMatching(
          /unknown convention "zipkin".*the instance's convention is used/,
        ),
      },
    ]);
  });
});

describe('DEPRECATED_METRICS_ANNOTATIONS', () => {
  it('maps every old key to the key that replaces it', () => {
    expect(DEPRECATED_METRICS_ANNOTATIONS).toEqual({
      [OLD_SERVICE]: SERVICE,
      [OLD_INSTANCE]: INSTANCE,
      [OLD_CALLER]: CALLER,
      [OLD_AMPLITUDE]: AMPLITUDE,
    });
  });
});

describe('readEntityMetricsAnnotations', () => {
  it('reads every annotation', () => {
    expect(
      readEntityMetricsAnnotations(
        entity({
          [SERVICE]: 'checkout-api',
          [INSTANCE]: 'eu-west.main_2',
          [CALLER]: 'checkout-caller',
          [AMPLITUDE]: 'web-app',
        }),
      ),
    ).toEqual({
      prometheusService: 'checkout-api',
      prometheusInstance: 'eu-west.main_2',
      callerId: 'checkout-caller',
      amplitudeProject: 'web-app',
      keys: {
        prometheusService: SERVICE,
        prometheusInstance: INSTANCE,
        callerId: CALLER,
        amplitudeProject: AMPLITUDE,
      },
      problems: [],
    });
  });

  it('returns nothing and no problems for an entity without annotations', () => {
    expect(readEntityMetricsAnnotations(entity())).toEqual({
      prometheusService: undefined,
      prometheusInstance: undefined,
      callerId: undefined,
      amplitudeProject: undefined,
      keys: {},
      problems: [],
    });
  });

  it('ignores unrelated annotations', () => {
    expect(
      readEntityMetricsAnnotations(
        entity({ 'backstage.io/source-location': 'url:https://x' }),
      ).problems,
    ).toEqual([]);
  });

  it('defaults the caller id to the prometheus-service value', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'checkout-api' }),
    );
    expect(result.callerId).toBe('checkout-api');
    expect(result.problems).toEqual([]);
  });

  it('prefers an explicit caller id', () => {
    expect(
      readEntityMetricsAnnotations(
        entity({ [SERVICE]: 'checkout-api', [CALLER]: 'checkout' }),
      ).callerId,
    ).toBe('checkout');
  });

  it('keeps an explicit caller id without a prometheus-service', () => {
    const result = readEntityMetricsAnnotations(entity({ [CALLER]: 'batch' }));
    expect(result.callerId).toBe('batch');
    expect(result.prometheusService).toBeUndefined();
    expect(result.problems).toEqual([]);
  });

  it('accepts label values that are not valid names', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'checkout api/v2 ünïcode' }),
    );
    expect(result.prometheusService).toBe('checkout api/v2 ünïcode');
    expect(result.problems).toEqual([]);
  });

  it.each([SERVICE, INSTANCE, CALLER, AMPLITUDE])(
    'reports an empty %s with its path',
    key => {
      const result = readEntityMetricsAnnotations(
        entity({ [SERVICE]: 'checkout-api', [key]: '' }),
      );
      expect(result.problems).toEqual([
        {
          path: `metadata.annotations.${key}`,
          message: 'must be a non-empty string',
        },
      ]);
    },
  );

  it('reports a blank (whitespace-only) value as empty', () => {
    const result = readEntityMetricsAnnotations(entity({ [SERVICE]: '   ' }));
    expect(result.prometheusService).toBeUndefined();
    expect(result.callerId).toBeUndefined();
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${SERVICE}`,
        message: 'must be a non-empty string',
      },
    ]);
  });

  it('reports a non-string value', () => {
    const bad = entity();
    bad.metadata.annotations = { [SERVICE]: 42 as unknown as string };
    expect(readEntityMetricsAnnotations(bad).problems).toEqual([
      {
        path: `metadata.annotations.${SERVICE}`,
        message: 'must be a non-empty string',
      },
    ]);
  });

  it.each([
    ['leading whitespace', ' checkout'],
    ['trailing whitespace', 'checkout '],
    ['a trailing newline', 'checkout\n'],
  ])('reports %s and drops the value', (_, value) => {
    const result = readEntityMetricsAnnotations(entity({ [SERVICE]: value }));
    expect(result.prometheusService).toBeUndefined();
    expect(result.callerId).toBeUndefined();
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${SERVICE}`,
        message: expect.stringContaining(
          'leading/trailing whitespace or control characters',
        ),
      },
    ]);
  });

  it.each([
    ['a tab', 'check\tout'],
    ['a NUL', 'check\u0000out'],
    ['a DEL', 'check\u007fout'],
  ])('reports a caller id containing %s', (_, value) => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'checkout', [CALLER]: value }),
    );
    // an unusable explicit caller id falls back to the service label
    expect(result.callerId).toBe('checkout');
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${CALLER}`,
        message: expect.stringContaining('control characters'),
      },
    ]);
  });

  it.each([
    [INSTANCE, 'main instance'],
    [INSTANCE, '-main'],
    [INSTANCE, 'main/eu'],
    [AMPLITUDE, 'web app'],
    [AMPLITUDE, '.hidden'],
    [AMPLITUDE, 'prod:web'],
  ])('reports %s = %j as an invalid name', (key, value) => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'checkout', [key]: value }),
    );
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${key}`,
        message: `"${value}" is not a valid name (letters, digits, ".", "_" and "-")`,
      },
    ]);
    expect(result.prometheusInstance).toBeUndefined();
    expect(result.amplitudeProject).toBeUndefined();
    expect(result.prometheusService).toBe('checkout');
  });

  it('reports an instance without a service', () => {
    const result = readEntityMetricsAnnotations(entity({ [INSTANCE]: 'main' }));
    expect(result.prometheusInstance).toBe('main');
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${INSTANCE}`,
        message: `has no effect without ${SERVICE}`,
      },
    ]);
  });

  it('reports an instance whose service is unusable, twice with distinct paths', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: ' checkout', [INSTANCE]: 'main' }),
    );
    expect(result.problems.map(p => p.path)).toEqual([
      `metadata.annotations.${SERVICE}`,
      `metadata.annotations.${INSTANCE}`,
    ]);
  });

  it('collects problems of several annotations at once', () => {
    const result = readEntityMetricsAnnotations(
      entity({
        [SERVICE]: 'checkout',
        [INSTANCE]: 'bad name',
        [CALLER]: '',
        [AMPLITUDE]: 'web ',
      }),
    );
    expect(result.prometheusService).toBe('checkout');
    expect(result.callerId).toBe('checkout');
    expect(result.problems.map(p => p.path)).toEqual([
      `metadata.annotations.${INSTANCE}`,
      `metadata.annotations.${CALLER}`,
      `metadata.annotations.${AMPLITUDE}`,
    ]);
  });

  it('reads an old key and reports it as deprecated, with its path', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [OLD_SERVICE]: 'checkout-api' }),
    );
    expect(result.prometheusService).toBe('checkout-api');
    expect(result.callerId).toBe('checkout-api');
    expect(result.keys).toEqual({ prometheusService: OLD_SERVICE });
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: `deprecated: write ${SERVICE} instead (${OLD_SERVICE} is still read for now and will be removed in a later release)`,
      },
    ]);
  });

  it('reads every old key, one deprecation problem each', () => {
    const result = readEntityMetricsAnnotations(
      entity({
        [OLD_SERVICE]: 'checkout-api',
        [OLD_INSTANCE]: 'main',
        [OLD_CALLER]: 'checkout-caller',
        [OLD_AMPLITUDE]: 'web-app',
      }),
    );
    expect(result).toMatchObject({
      prometheusService: 'checkout-api',
      prometheusInstance: 'main',
      callerId: 'checkout-caller',
      amplitudeProject: 'web-app',
    });
    expect(result.problems.map(p => [p.path, p.message])).toEqual([
      [
        `metadata.annotations.${OLD_SERVICE}`,
        expect.stringMatching(`^deprecated: write ${SERVICE} instead`),
      ],
      [
        `metadata.annotations.${OLD_INSTANCE}`,
        expect.stringMatching(`^deprecated: write ${INSTANCE} instead`),
      ],
      [
        `metadata.annotations.${OLD_CALLER}`,
        expect.stringMatching(`^deprecated: write ${CALLER} instead`),
      ],
      [
        `metadata.annotations.${OLD_AMPLITUDE}`,
        expect.stringMatching(`^deprecated: write ${AMPLITUDE} instead`),
      ],
    ]);
  });

  it('prefers the new key when both are set and reports the old one as ignored', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'new-name', [OLD_SERVICE]: 'old-name' }),
    );
    expect(result.prometheusService).toBe('new-name');
    expect(result.keys).toEqual({ prometheusService: SERVICE });
    expect(result.problems).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: `deprecated and ignored: ${SERVICE} is also set and is the one read; remove ${OLD_SERVICE}`,
      },
    ]);
  });

  it('lets a set but unusable new key win over a usable old one', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: ' ', [OLD_SERVICE]: 'old-name' }),
    );
    expect(result.prometheusService).toBeUndefined();
    expect(result.problems.map(p => p.path)).toEqual([
      `metadata.annotations.${OLD_SERVICE}`,
      `metadata.annotations.${SERVICE}`,
    ]);
  });

  it('reports no problem for the new keys', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [SERVICE]: 'checkout', [CALLER]: 'checkout-caller' }),
    );
    expect(result.problems).toEqual([]);
  });

  it('puts problems of an old key value on the old key', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [OLD_INSTANCE]: 'bad name' }),
    );
    expect(result.prometheusInstance).toBeUndefined();
    expect(result.problems).toEqual([
      expect.objectContaining({
        path: `metadata.annotations.${OLD_INSTANCE}`,
        message: expect.stringMatching(/^deprecated: /),
      }),
      {
        path: `metadata.annotations.${OLD_INSTANCE}`,
        message:
          '"bad name" is not a valid name (letters, digits, ".", "_" and "-")',
      },
    ]);
  });

  it('says an old instance key has no effect without a service, on the old key', () => {
    const result = readEntityMetricsAnnotations(
      entity({ [OLD_INSTANCE]: 'main' }),
    );
    expect(result.problems).toContainEqual({
      path: `metadata.annotations.${OLD_INSTANCE}`,
      message: `has no effect without ${SERVICE}`,
    });
  });

  it('never throws on an entity without metadata annotations', () => {
    const bare = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
    } as Entity;
    expect(() => readEntityMetricsAnnotations(bare)).not.toThrow();
  });
});

describe('isMetricsAvailable', () => {
  it('is true for any Group, whatever the case of the kind', () => {
    expect(isMetricsAvailable(entity(undefined, 'Group'))).toBe(true);
    expect(isMetricsAvailable(entity(undefined, 'group'))).toBe(true);
  });

  it('is true for a Component with a prometheus-service annotation', () => {
    expect(isMetricsAvailable(entity({ [SERVICE]: 'checkout' }))).toBe(true);
  });

  it('is true for a Component with an amplitude-project annotation', () => {
    expect(isMetricsAvailable(entity({ [AMPLITUDE]: 'web' }))).toBe(true);
  });

  it('is false for a Component without metrics annotations', () => {
    expect(isMetricsAvailable(entity())).toBe(false);
    expect(isMetricsAvailable(entity({ 'backstage.io/x': 'y' }))).toBe(false);
  });

  it('is false when only the caller id or instance is set', () => {
    expect(isMetricsAvailable(entity({ [CALLER]: 'checkout' }))).toBe(false);
    expect(isMetricsAvailable(entity({ [INSTANCE]: 'main' }))).toBe(false);
  });

  it('accepts the deprecated keys', () => {
    expect(isMetricsAvailable(entity({ [OLD_SERVICE]: 'checkout' }))).toBe(
      true,
    );
    expect(isMetricsAvailable(entity({ [OLD_AMPLITUDE]: 'web' }))).toBe(true);
  });

  it('is false for an empty prometheus-service annotation', () => {
    expect(isMetricsAvailable(entity({ [SERVICE]: '' }))).toBe(false);
  });

  it('is false for other kinds without annotations', () => {
    expect(isMetricsAvailable(entity(undefined, 'API'))).toBe(false);
  });

  it('is true for a Component with a metadata.metrics block only', () => {
    expect(isMetricsAvailable(withBlock(entity()))).toBe(true);
  });
});

function withBlock(e: Entity): Entity {
  return { ...e, metadata: { ...e.metadata, metrics: { slos: [] } } };
}

describe('declaresMetrics', () => {
  it('counts the prometheus-service and amplitude-project annotations', () => {
    expect(declaresMetrics(entity({ [SERVICE]: 'checkout' }))).toBe(true);
    expect(declaresMetrics(entity({ [AMPLITUDE]: 'web' }))).toBe(true);
  });

  it('counts the deprecated keys of those annotations', () => {
    expect(declaresMetrics(entity({ [OLD_SERVICE]: 'checkout' }))).toBe(true);
    expect(declaresMetrics(entity({ [OLD_AMPLITUDE]: 'web' }))).toBe(true);
    expect(declaresMetrics(entity({ [OLD_CALLER]: 'checkout' }))).toBe(false);
    expect(declaresMetrics(entity({ [OLD_INSTANCE]: 'main' }))).toBe(false);
    expect(declaresMetrics(entity({ [OLD_SERVICE]: '' }))).toBe(false);
  });

  it('counts a malformed value, whose problem the tab then shows', () => {
    expect(declaresMetrics(entity({ [SERVICE]: 'checkout ' }))).toBe(true);
  });

  it('counts a metadata.metrics block, even an empty one', () => {
    expect(declaresMetrics(withBlock(entity()))).toBe(true);
    expect(
      declaresMetrics({ ...entity(), metadata: { name: 'x', metrics: {} } }),
    ).toBe(true);
  });

  it('does not count the caller id, the instance, empty values or other annotations', () => {
    expect(declaresMetrics(entity())).toBe(false);
    expect(declaresMetrics(entity({ [CALLER]: 'checkout' }))).toBe(false);
    expect(declaresMetrics(entity({ [INSTANCE]: 'main' }))).toBe(false);
    expect(declaresMetrics(entity({ [SERVICE]: '' }))).toBe(false);
    expect(declaresMetrics(entity({ 'backstage.io/x': 'y' }))).toBe(false);
  });

  it('does not treat Groups specially: they declare nothing themselves', () => {
    expect(declaresMetrics(entity(undefined, 'Group'))).toBe(false);
  });
});

describe('deprecatedMetricsAnnotationProblems', () => {
  it('reports nothing for the new keys or no annotations', () => {
    expect(deprecatedMetricsAnnotationProblems(entity())).toEqual([]);
    expect(
      deprecatedMetricsAnnotationProblems(
        entity({ [SERVICE]: 'checkout', [INSTANCE]: 'main' }),
      ),
    ).toEqual([]);
  });

  it('reports an old key, read or ignored', () => {
    expect(
      deprecatedMetricsAnnotationProblems(
        entity({ [OLD_CALLER]: 'a', [OLD_SERVICE]: 'b', [SERVICE]: 'c' }),
      ),
    ).toEqual([
      {
        path: `metadata.annotations.${OLD_SERVICE}`,
        message: expect.stringMatching(/^deprecated and ignored: /),
      },
      {
        path: `metadata.annotations.${OLD_CALLER}`,
        message: expect.stringMatching(`^deprecated: write ${CALLER} instead`),
      },
    ]);
  });

  it('reports an old key even when its value is empty', () => {
    expect(
      deprecatedMetricsAnnotationProblems(entity({ [OLD_SERVICE]: '' })),
    ).toHaveLength(1);
  });
});
