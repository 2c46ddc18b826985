import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import type { EntityMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, within } from '@testing-library/react';
import { comparedView, entityView, integrationItem } from '../testData';
import { IntegrationsSection } from './IntegrationsSection';

const REASON =
  "Prometheus 'main' failed (unavailable, HTTP 503): TSDB not ready";

const storedStripe = integrationItem({
  id: 'integration:stripe',
  name: 'stripe',
  requests: 700,
  failures: 14,
  successRate: 0.98,
  errorClasses: {},
  unknownShare: 0,
  target: undefined,
  series: undefined,
  links: undefined,
  stale: { asOf: '2026-11-21', reason: REASON },
});

async function render(
  current: EntityMetricsResponse,
  previous?: EntityMetricsResponse,
) {
  const view = previous ? comparedView(current, previous) : current;
  await renderInTestApp(
    <IntegrationsSection view={view} loading={false} range="7d" />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('IntegrationsSection with stored history', () => {
  it('marks a stored integration and leaves out what only the live source knows', async () => {
    await render(
      entityView({
        integrations: { status: 'error', error: REASON, items: [storedStripe] },
      }),
      entityView({
        integrations: {
          status: 'ok',
          items: [{ ...storedStripe, stale: undefined, successRate: 0.9 }],
        },
      }),
    );

    const section = screen.getByTestId('metrics-integrations');
    expect(
      within(section).getByText(
        'Error: Could not read the integrations live: showing stored history',
      ),
    ).toBeInTheDocument();
    expect(within(section).getAllByText(REASON)).toHaveLength(1);
    expect(within(section).getByTestId('integration-stale')).toHaveTextContent(
      `Stored history up to 21 Nov 2026 — live data unavailable: ${REASON}`,
    );
    expect(
      within(section).getByTestId('integration-success-rate'),
    ).toHaveTextContent('98.00 %');
    expect(within(section).getByText('700 calls')).toBeInTheDocument();
    // No trend, no error classes, no delta against the previous period.
    expect(within(section).getAllByText('live data only')).toHaveLength(2);
    expect(
      within(section).queryByTestId('error-classes'),
    ).not.toBeInTheDocument();
    expect(
      within(section).queryByTestId('metrics-delta'),
    ).not.toBeInTheDocument();
  });

  it('shows a live integration with its trend and error classes', async () => {
    await render(entityView());

    const section = screen.getByTestId('metrics-integrations');
    expect(
      within(section).queryByTestId('integration-stale'),
    ).not.toBeInTheDocument();
    expect(within(section).getByTestId('error-classes')).toBeInTheDocument();
    expect(
      within(section).queryByText('live data only'),
    ).not.toBeInTheDocument();
  });
});
