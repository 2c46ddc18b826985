import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp } from '@backstage/test-utils';
import type { GroupMetricsResponse } from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, within } from '@testing-library/react';
import { groupView, integrationItem } from '../testData';
import { GroupIntegrationsSection } from './GroupIntegrationsSection';

const REASON = 'component:default/ledger bank: connect ECONNREFUSED';

async function render(view: GroupMetricsResponse) {
  await renderInTestApp(
    <GroupIntegrationsSection view={view} loading={false} />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('GroupIntegrationsSection with stored history', () => {
  it('says which integrations come from stored history, keeping live ones as they are', async () => {
    await render(
      groupView({
        integrations: {
          status: 'error',
          error: REASON,
          items: [
            {
              ...integrationItem({
                id: 'integration:bank',
                name: 'bank',
                source: 'sql',
                requests: 1_400,
                failures: 7,
                successRate: 0.995,
                errorClasses: {},
                unknownShare: 0,
                series: undefined,
                links: undefined,
                stale: {
                  asOf: '2026-11-16',
                  reason: 'connect ECONNREFUSED 127.0.0.1:5432',
                },
              }),
              entityRef: 'component:default/ledger',
            },
            {
              ...integrationItem(),
              entityRef: 'component:default/trip-planner',
            },
          ],
        },
      }),
    );

    const section = screen.getByTestId('metrics-group-integrations');
    expect(
      within(section).getByText(
        'Error: Could not read some integrations live: showing stored history',
      ),
    ).toBeInTheDocument();
    expect(within(section).getAllByText(REASON)).toHaveLength(1);
    const notes = within(section).getAllByTestId('integration-stale');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toHaveTextContent(
      'Stored history up to 16 Nov 2026 — live data unavailable: connect ECONNREFUSED 127.0.0.1:5432',
    );
    const storedRow = notes[0].closest('tr')!;
    expect(within(storedRow).getByText('ledger')).toBeInTheDocument();
    expect(within(storedRow).getByText('live data only')).toBeInTheDocument();
    // The live row keeps its unclassified share.
    const liveRow = within(section).getByText('ridely').closest('tr')!;
    expect(
      within(liveRow).queryByText('live data only'),
    ).not.toBeInTheDocument();
    expect(
      within(liveRow).queryByTestId('integration-stale'),
    ).not.toBeInTheDocument();
  });
});
