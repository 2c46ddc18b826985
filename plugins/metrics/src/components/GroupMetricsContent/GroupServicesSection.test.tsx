import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  GroupMetricsResponse,
  MetricsApi,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, waitFor, within } from '@testing-library/react';
import { metricsApiRef } from '../../api';
import userEvent from '@testing-library/user-event';
import { groupEntity, groupView, sloItem } from '../testData';
import { GroupServicesSection } from './GroupServicesSection';

// The first render of the table is slow on a busy machine.
jest.setTimeout(30_000);

const REASON =
  'Prometheus "main": Prometheus \'main\' did not answer within 10 s';

const getRules = jest.fn<
  ReturnType<MetricsApi['getRules']>,
  Parameters<MetricsApi['getRules']>
>(async () => ({ fileName: 'squad.rules.yaml', text: '# the squad\n' }));

async function render(view: GroupMetricsResponse) {
  await renderInTestApp(
    <TestApiProvider
      apis={[[metricsApiRef, { getRules } as unknown as MetricsApi]]}
    >
      <GroupServicesSection view={view} loading={false} />
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('GroupServicesSection with stored history', () => {
  it('marks SLOs rebuilt from snapshots with an outlined chip that says why', async () => {
    await render(
      groupView({
        entities: {
          status: 'error',
          error: REASON,
          items: [
            groupEntity({
              slos: [
                sloItem({
                  series: undefined,
                  links: undefined,
                  burnRates: {},
                  stale: { asOf: '2026-11-21', reason: REASON },
                }),
              ],
            }),
            groupEntity({
              entityRef: 'component:default/trip-planner',
              service: 'trip-planner',
              slos: [sloItem({ series: undefined, links: undefined })],
            }),
          ],
        },
      }),
    );

    const section = screen.getByTestId('metrics-group-services');
    expect(
      within(section).getByText(
        'Error: Could not read the SLOs of some services live: showing stored history',
      ),
    ).toBeInTheDocument();
    expect(within(section).getAllByText(REASON)).toHaveLength(1);
    // Only the stored SLO is marked.
    const [stale] = within(section).getAllByTestId('slo-stale');
    expect(within(section).getAllByTestId('slo-stale')).toHaveLength(1);
    expect(stale).toHaveTextContent('stored, to 21 Nov 2026');
    expect(stale).toHaveClass('MuiChip-outlined');
    const row = stale.closest('tr')!;
    expect(
      within(row).getByTitle('component:default/customer-api'),
    ).toBeInTheDocument();

    await userEvent.hover(stale);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      `Stored history up to 21 Nov 2026 — live data unavailable: ${REASON}`,
    );
  });

  it('marks nothing when every SLO is live', async () => {
    await render(groupView());
    expect(screen.queryByTestId('slo-stale')).not.toBeInTheDocument();
  });
});

describe('GroupServicesSection rules', () => {
  it("offers the rules of every SLO the squad owns, from the group's endpoint", async () => {
    await render(groupView());
    await userEvent.click(screen.getByTestId('prometheus-rules-open'));
    await waitFor(() =>
      expect(screen.getByTestId('prometheus-rules-text')).toHaveTextContent(
        '# the squad',
      ),
    );
    expect(getRules).toHaveBeenCalledWith(
      expect.objectContaining({ kind: 'group' }),
      { format: 'rules' },
    );
  });
});

describe('GroupServicesSection with error-budget policies', () => {
  it('puts a chip of the step that applies now beside the SLO, the whole policy on hover', async () => {
    const steps = [
      { name: 'freeze', below: 0, action: 'Freeze risky releases' },
      { name: 'reliability-first', below: 25, action: 'Reliability first' },
    ];
    await render(
      groupView({
        entities: {
          status: 'ok',
          items: [
            groupEntity({
              slos: [
                sloItem({
                  series: undefined,
                  budgetRemaining: -0.1,
                  policy: { steps, current: steps[0] },
                }),
              ],
            }),
            groupEntity({
              entityRef: 'component:default/trip-planner',
              service: 'trip-planner',
              slos: [sloItem({ series: undefined, policy: { steps } })],
            }),
          ],
        },
      }),
    );

    const chips = screen.getAllByTestId('slo-policy-chip');
    expect(chips).toHaveLength(1);
    expect(chips[0]).toHaveTextContent('policy: freeze');
    await userEvent.hover(chips[0]);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Now: budget spent: Freeze risky releasesPolicy:· below 25 % budget left: Reliability first· budget spent: Freeze risky releases',
    );
  });
});
