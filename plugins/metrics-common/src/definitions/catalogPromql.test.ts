import type { Entity } from '@backstage/catalog-model';
import { catalogPromqlOf } from './catalogPromql';
import { resolveEntityMetrics } from './resolve';
import { FULL_EXAMPLE, GOOD, TOTAL } from './testFixtures';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout',
    annotations: {
      'metrics-suite/prometheus-service': 'checkout',
      'metrics-suite/amplitude-project': 'web-app',
    },
    metrics: FULL_EXAMPLE,
  } as Entity['metadata'],
  spec: { owner: 'checkout-squad' },
};

describe('catalogPromqlOf', () => {
  it('lists the PromQL written in the catalog with the path of its field', () => {
    const { definitions, problems } = resolveEntityMetrics(entity, {
      defaultSlos: [{ name: 'default', objective: 99, window: '28d' }],
    });
    expect(problems).toEqual([]);
    expect(definitions.flatMap(catalogPromqlOf)).toEqual([
      { path: 'metadata.metrics.slos[0].indicator.ratio.good', template: GOOD },
      {
        path: 'metadata.metrics.slos[0].indicator.ratio.total',
        template: TOTAL,
      },
      {
        path: 'metadata.metrics.integrations[2].success',
        template:
          'sum(increase(bank_calls_total{result="ok"}[{{window}}])) or vector(0)',
      },
      {
        path: 'metadata.metrics.integrations[2].total',
        template: 'sum(increase(bank_calls_total[{{window}}]))',
      },
      {
        path: 'metadata.metrics.kpis[2].query',
        template: 'max(max_over_time(checkout_queue_depth[{{window}}]))',
      },
    ]);
  });

  it('lists nothing for the queries the suite builds', () => {
    const annotated: Entity = {
      ...entity,
      metadata: { ...entity.metadata, metrics: undefined },
    };
    const { definitions } = resolveEntityMetrics(annotated, {
      defaultSlos: [{ name: 'default', objective: 99, window: '28d' }],
    });
    expect(definitions).toHaveLength(1);
    expect(definitions.flatMap(catalogPromqlOf)).toEqual([]);
  });
});
