import type { Entity } from '@backstage/catalog-model';
import { definitionsFingerprint, hasMetricsBlock } from './fingerprint';

function entity(metadata: Record<string, unknown>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', ...metadata },
  };
}

describe('definitionsFingerprint', () => {
  const block = {
    owner: 'squad-a',
    slos: [{ name: 'availability', objective: 99.9, window: '28d' }],
  };

  it('ignores key order and everything outside the block', () => {
    const reordered = {
      slos: [{ window: '28d', objective: 99.9, name: 'availability' }],
      owner: 'squad-a',
    };
    expect(
      definitionsFingerprint(entity({ metrics: reordered, title: 'Checkout' })),
    ).toBe(definitionsFingerprint(entity({ metrics: block })));
  });

  it('changes with the definitions, list order included', () => {
    const base = definitionsFingerprint(entity({ metrics: block }));
    expect(
      definitionsFingerprint(
        entity({
          metrics: { ...block, slos: [{ ...block.slos[0], objective: 99 }] },
        }),
      ),
    ).not.toBe(base);
    const two = [
      { name: 'a', objective: 99 },
      { name: 'b', objective: 99 },
    ];
    expect(definitionsFingerprint(entity({ metrics: { slos: two } }))).not.toBe(
      definitionsFingerprint(entity({ metrics: { slos: [...two].reverse() } })),
    );
  });

  it('gives every entity without a block the same fingerprint, unlike an empty block', () => {
    const none = definitionsFingerprint(entity({}));
    expect(definitionsFingerprint(entity({ metrics: null }))).toBe(none);
    expect(definitionsFingerprint(entity({ metrics: {} }))).not.toBe(none);
    expect(hasMetricsBlock(entity({}))).toBe(false);
    expect(hasMetricsBlock(entity({ metrics: {} }))).toBe(true);
  });
});
