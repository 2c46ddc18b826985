import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import type { GroupMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, within } from '@testing-library/react';
import { groupView, ownedMetric } from '../testData';
import { MetricsByBucketSection } from './MetricsByBucketSection';

async function render(view: GroupMetricsResponse) {
  await renderInTestApp(
    <MetricsByBucketSection view={view} loading={false} />,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const revenue = ownedMetric({
  id: 'kpi:revenue',
  kind: 'kpi',
  name: 'revenue',
  bucket: 'business',
  source: 'custom',
  origin: 'declared',
  unit: 'currency',
  value: 1234.5,
});

describe('MetricsByBucketSection', () => {
  it('shows the value of each KPI over the range, or why it has none', async () => {
    await render({
      ...groupView(),
      metrics: [
        ownedMetric(),
        revenue,
        ownedMetric({
          id: 'kpi:visitors',
          kind: 'kpi',
          name: 'visitors',
          bucket: 'usage',
          source: 'amplitude',
          origin: 'declared',
          value: null,
          valueError:
            'KPI "visitors" reads Amplitude project "web", which is not configured',
        }),
        ownedMetric({
          id: 'kpi:signups',
          kind: 'kpi',
          name: 'signups',
          bucket: 'usage',
          origin: 'declared',
          value: null,
        }),
      ],
      hiddenSensitive: 0,
    });

    const business = await screen.findByTestId('bucket-business');
    expect(
      within(business).getByTestId('owned-metric-value'),
    ).toHaveTextContent('1,234.50 over the last 7 days');
    const usage = screen.getByTestId('bucket-usage');
    const [visitors, signups] = within(usage).getAllByTestId('owned-metric');
    expect(
      within(visitors).getByTestId('owned-metric-value'),
    ).toHaveTextContent('value unavailable');
    expect(within(signups).getByTestId('owned-metric-value')).toHaveTextContent(
      'no data over the last 7 days',
    );
    // SLOs carry no value here: their numbers are in the services section.
    expect(
      within(screen.getByTestId('bucket-health')).queryByTestId(
        'owned-metric-value',
      ),
    ).not.toBeInTheDocument();
    expect(screen.queryByTestId('hidden-sensitive')).not.toBeInTheDocument();
  });

  it('says how many sensitive metrics the viewer may not read', async () => {
    await render({ ...groupView(), metrics: [revenue], hiddenSensitive: 1 });
    expect(await screen.findByTestId('hidden-sensitive')).toHaveTextContent(
      '1 sensitive metric hidden: you may not read it.',
    );
  });

  it('marks the KPI that is the north star with a star, and no other', async () => {
    await render({
      ...groupView(),
      metrics: [ownedMetric(), revenue],
      northStar: {
        metric: {
          entityRef: 'COMPONENT:default/customer-api',
          metricId: 'kpi:revenue',
        },
        name: 'revenue',
        bucket: 'business',
        value: 1234.5,
        trend: [],
        setBy: 'user:default/ada',
        setAt: '2025-03-01T10:00:00.000Z',
      },
    });
    const business = await screen.findByTestId('bucket-business');
    expect(
      within(business).getByTestId('north-star-marker'),
    ).toBeInTheDocument();
    expect(screen.getAllByTestId('north-star-marker')).toHaveLength(1);
  });

  it('marks nothing without a north star', async () => {
    await render({ ...groupView(), metrics: [revenue], northStar: null });
    await screen.findByTestId('bucket-business');
    expect(screen.queryByTestId('north-star-marker')).not.toBeInTheDocument();
  });
});
