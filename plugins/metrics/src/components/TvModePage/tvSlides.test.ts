import type { NorthStarView } from '@metrics-suite/backstage-plugin-metrics-common';
import {
  groupEntity,
  groupView,
  integrationItem,
  ownedMetric,
  sloItem,
} from '../testData';
import { tvSlides, tvSlos } from './tvSlides';

const northStar: NorthStarView = {
  metric: {
    entityRef: 'component:default/customer-api',
    metricId: 'kpi:trips',
  },
  name: 'trips',
  bucket: 'usage',
  value: 1200,
  trend: [],
  setBy: 'user:default/jane',
  setAt: '2025-03-01T10:00:00.000Z',
};

const kpi = (name: string, bucket: 'usage' | 'business' | 'health') =>
  ownedMetric({ id: `kpi:${name}`, kind: 'kpi', name, bucket, value: 1 });

describe('tvSlides', () => {
  it('turns north star, usage, health and business, in that order', () => {
    const view = groupView({
      northStar,
      metrics: [kpi('revenue', 'business'), kpi('trips', 'usage')],
    });
    expect(tvSlides(view).map(s => s.id)).toEqual([
      'north-star',
      'usage',
      'health',
      'business',
    ]);
  });

  it('leaves out slides without content', () => {
    const empty = groupView({
      northStar: null,
      entities: { status: 'ok', items: [groupEntity({ slos: [] })] },
      integrations: { status: 'ok', items: [] },
      metrics: [kpi('latency-budget', 'health')],
    });
    expect(tvSlides(empty)).toEqual([]);

    const integrationsOnly = groupView({
      entities: { status: 'ok', items: [] },
      metrics: [],
    });
    expect(tvSlides(integrationsOnly).map(s => s.id)).toEqual(['health']);
  });

  it('lists the SLOs of every service worst first', () => {
    const view = groupView({
      entities: {
        status: 'ok',
        items: [
          groupEntity({
            entityRef: 'component:default/a-api',
            slos: [sloItem({ name: 'ok', state: 'healthy' })],
          }),
          groupEntity({
            entityRef: 'component:default/b-api',
            title: 'B API',
            slos: [
              sloItem({ name: 'risk', state: 'at-risk' }),
              sloItem({ name: 'bad', state: 'breaching' }),
            ],
          }),
        ],
      },
      integrations: {
        status: 'ok',
        items: [{ ...integrationItem(), entityRef: 'component:default/a-api' }],
      },
    });
    expect(tvSlos(view).map(s => [s.service, s.slo.name, s.slo.state])).toEqual(
      [
        ['B API', 'bad', 'breaching'],
        ['B API', 'risk', 'at-risk'],
        ['a-api', 'ok', 'healthy'],
      ],
    );
  });
});
