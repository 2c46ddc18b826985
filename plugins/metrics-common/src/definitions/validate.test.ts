import type { Entity } from '@backstage/catalog-model';
import { METRICS_ANNOTATIONS } from '../annotations';
import { carriesMetricsFields, validateEntityMetrics } from './validate';
import { FULL_EXAMPLE } from './testFixtures';

function entity(
  options: { annotations?: Record<string, string>; metrics?: unknown } = {},
  kind = 'Component',
): Entity {
  const metadata: Entity['metadata'] = { name: 'checkout' };
  if (options.annotations) metadata.annotations = options.annotations;
  if (options.metrics !== undefined) {
    (metadata as Record<string, unknown>).metrics = options.metrics;
  }
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata,
    spec: { type: 'service', owner: 'payments' },
  };
}

const SERVICE = METRICS_ANNOTATIONS.prometheusService;

describe('carriesMetricsFields', () => {
  it('is false for an entity with neither the block nor a suite annotation', () => {
    expect(carriesMetricsFields(entity())).toBe(false);
    expect(
      carriesMetricsFields(
        entity({ annotations: { 'backstage.io/techdocs-ref': 'dir:.' } }),
      ),
    ).toBe(false);
  });

  it('is true for a block, even a malformed one, and for any suite annotation', () => {
    expect(carriesMetricsFields(entity({ metrics: 'oops' }))).toBe(true);
    expect(carriesMetricsFields(entity({ metrics: null }))).toBe(true);
    for (const key of Object.values(METRICS_ANNOTATIONS)) {
      expect(
        carriesMetricsFields(entity({ annotations: { [key]: 'x' } })),
      ).toBe(true);
    }
    // the original prefix stays checked whatever the current keys are
    expect(
      carriesMetricsFields(
        entity({ annotations: { 'metrics.backstage.io/caller-id': 'x' } }),
      ),
    ).toBe(true);
  });
});

describe('validateEntityMetrics', () => {
  it('finds nothing wrong with a valid block and annotations', () => {
    expect(
      validateEntityMetrics(
        entity({
          annotations: {
            [SERVICE]: 'checkout',
            [METRICS_ANNOTATIONS.amplitudeProject]: 'web-app',
          },
          metrics: FULL_EXAMPLE,
        }),
      ),
    ).toEqual([]);
  });

  it('reports block and annotation problems with their paths, like the views', () => {
    const problems = validateEntityMetrics(
      entity({
        annotations: { [SERVICE]: ' checkout' },
        metrics: { slos: [{ name: 'availability', objective: 120 }] },
      }),
    );
    expect(problems.map(p => p.path)).toEqual([
      `metadata.annotations.${SERVICE}`,
      'metadata.metrics.slos[0].objective',
    ]);
  });

  it('applies no default SLOs, so the configuration cannot add problems', () => {
    expect(
      validateEntityMetrics(entity({ annotations: { [SERVICE]: 'checkout' } })),
    ).toEqual([]);
  });

  it('checks any kind that carries the fields', () => {
    expect(
      validateEntityMetrics(entity({ metrics: { slos: 'none' } }, 'System')),
    ).toEqual([expect.objectContaining({ path: 'metadata.metrics.slos' })]);
  });
});
