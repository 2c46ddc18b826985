import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  MaturityListQuery,
  MaturityListResponse,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { MetricsApi, metricsApiRef } from '../../api';
import { history, maturityPage, teamMaturity } from './maturityTestData';
import { MaturityScorecardPage } from './MaturityScorecardPage';

// The first render (material-table, catalog links, recharts) takes seconds on a busy machine.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

// In the backend's order: lowest stage first.
const teams = [
  teamMaturity({
    entityRef: 'group:default/core-api-squad',
    title: 'Core API squad',
    parentRef: 'group:default/platform-tribe',
    stage: 0,
    nextStep: 'Explore the team’s metrics: open its Metrics tab.',
    history: history(0, { days: 60, earlierStage: 1, changedDaysAgo: 3 }),
  }),
  teamMaturity({
    entityRef: 'group:default/identity-squad',
    title: 'Identity squad',
    parentRef: 'group:default/platform-tribe',
    stage: 2,
  }),
  teamMaturity({
    entityRef: 'group:default/payments-squad',
    title: 'Payments squad',
    parentRef: 'group:default/commerce-tribe',
    stage: 4,
    history: history(4, { days: 60, earlierStage: 2, changedDaysAgo: 7 }),
  }),
];

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

async function render(
  getMaturity: MetricsApi['getMaturity'] = async query =>
    maturityPage(teams, query),
  route = '/metrics-maturity',
) {
  const metricsApi = {
    getMaturity: jest.fn(getMaturity),
    exportMaturityCsv: jest.fn(async () => ({
      fileName: 'metrics-maturity-platform-tribe-2025-03-10.csv',
      csv: 'team,title\r\ngroup:default/core-api-squad,Core API squad\r\n',
    })),
  };
  await renderInTestApp(
    <TestApiProvider apis={[[metricsApiRef, metricsApi]]}>
      <MaturityScorecardPage />
      <LocationProbe />
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return metricsApi;
}

function teamRows(): HTMLElement[] {
  const table = screen.getByTestId('maturity-teams');
  return within(table)
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 0);
}

function firstCells(): string[] {
  return teamRows().map(
    row => within(row).getAllByRole('cell')[0].textContent!,
  );
}

describe('MaturityScorecardPage', () => {
  it('lists every team worst first with its tribe, stage, trend, evidence and next step', async () => {
    const api = await render();
    expect(
      screen.getByRole('heading', { name: 'Metrics maturity' }),
    ).toBeInTheDocument();
    await screen.findByTestId('maturity-teams');
    expect(api.getMaturity).toHaveBeenCalledTimes(1);
    expect(api.getMaturity).toHaveBeenCalledWith({ limit: 25, offset: 0 });

    expect(firstCells()).toEqual([
      'Core API squadcore-api-squad',
      'Identity squadidentity-squad',
      'Payments squadpayments-squad',
    ]);

    const [core, , payments] = teamRows();
    expect(
      within(core).getByRole('link', { name: 'Core API squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/core-api-squad');
    expect(
      within(core).getByRole('link', { name: /platform-tribe/ }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-tribe');
    expect(within(core).getByTestId('maturity-stage')).toHaveTextContent('0');
    expect(core).toHaveTextContent('not started');
    expect(within(core).getByTestId('maturity-trend')).toHaveAttribute(
      'aria-label',
      'Down from stage 1 (one-off queries) on 2025-02-10',
    );
    expect(core).toHaveTextContent('\u22121');
    expect(core).toHaveTextContent('3/4 weeks looked · 2 goals · 1 follow-up');
    expect(core).toHaveTextContent(
      'Explore the team’s metrics: open its Metrics tab.',
    );

    expect(within(payments).getByTestId('maturity-trend')).toHaveAttribute(
      'data-direction',
      'up',
    );
    expect(payments).toHaveTextContent('+2');
  });

  it('shows how many teams are at each stage', async () => {
    await render();
    const chart = await screen.findByTestId('maturity-distribution');
    expect(chart).toHaveAttribute(
      'aria-label',
      'Teams per stage: stage 0 (not started) 1, stage 1 (one-off queries) 0, ' +
        'stage 2 (project preplanning) 1, stage 3 (project follow-up) 0, ' +
        'stage 4 (regularly looking) 1, stage 5 (regularly adjusting) 0, ' +
        'stage 6 (regularly acting) 0',
    );
    expect(
      screen.getByText(
        /^3 teams · 1 moved up · 1 moved down in 4 weeks — Last assessed/,
      ),
    ).toBeInTheDocument();
  });

  it('asks the backend for the tribe named in the URL', async () => {
    const api = await render(
      undefined,
      '/metrics-maturity?parent=commerce-tribe',
    );
    await screen.findByTestId('maturity-teams');
    expect(api.getMaturity).toHaveBeenCalledWith({
      parent: 'group:default/commerce-tribe',
      limit: 25,
      offset: 0,
    });
    expect(firstCells()).toEqual(['Payments squadpayments-squad']);
    expect(screen.getByLabelText('Tribe')).toHaveValue(
      'group:default/commerce-tribe',
    );
    expect(screen.getByText('Teams of commerce-tribe')).toBeInTheDocument();
  });

  it('keeps the chosen tribe in the URL, and removes it for all tribes', async () => {
    await render();
    await screen.findByTestId('maturity-teams');
    const select = screen.getByLabelText('Tribe');
    expect(
      within(select)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All tribes', 'commerce-tribe (1)', 'platform-tribe (2)']);

    await userEvent.selectOptions(select, 'group:default/platform-tribe');
    expect(screen.getByTestId('location')).toHaveTextContent(
      '?parent=group%3Adefault%2Fplatform-tribe',
    );
    expect(firstCells()).toEqual([
      'Core API squadcore-api-squad',
      'Identity squadidentity-squad',
    ]);

    await userEvent.selectOptions(select, '');
    expect(screen.getByTestId('location')).toHaveTextContent(/^$/);
    expect(teamRows()).toHaveLength(3);
  });

  it('explains an empty filter and offers to show every team', async () => {
    await render(undefined, '/metrics-maturity?parent=nobody-tribe&stage=2');
    expect(
      await screen.findByText(
        'No team has nobody-tribe as its parent group and is at stage 2.',
        { exact: false },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('maturity-teams')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeDisabled();

    await userEvent.click(
      screen.getByRole('button', { name: 'Show every team' }),
    );
    expect(await screen.findByTestId('maturity-teams')).toBeInTheDocument();
    expect(screen.getByTestId('location')).toHaveTextContent(/^$/);
  });

  describe('CSV export', () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:maturity');
    const revokeObjectURL = jest.fn();
    let clicked: HTMLAnchorElement[];

    beforeEach(() => {
      clicked = [];
      Object.assign(URL, { createObjectURL, revokeObjectURL });
      jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function click(this: HTMLAnchorElement) {
          clicked.push(this);
        });
    });

    afterEach(() => {
      jest.restoreAllMocks();
      createObjectURL.mockClear();
      revokeObjectURL.mockClear();
    });

    it('downloads what the backend exports for the filters', async () => {
      const api = await render(
        undefined,
        '/metrics-maturity?parent=platform-tribe',
      );
      await screen.findByTestId('maturity-teams');
      await userEvent.click(screen.getByRole('button', { name: /Export CSV/ }));

      expect(api.exportMaturityCsv).toHaveBeenCalledWith({
        parent: 'group:default/platform-tribe',
      });
      expect(clicked).toHaveLength(1);
      expect(clicked[0].download).toBe(
        'metrics-maturity-platform-tribe-2025-03-10.csv',
      );
      expect(clicked[0].href).toBe('blob:maturity');
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:maturity');
      const blob = createObjectURL.mock.calls[0][0];
      expect(blob.type).toBe('text/csv;charset=utf-8');
      expect((await blob.text()).replace(/^\uFEFF/, '')).toBe(
        'team,title\r\ngroup:default/core-api-squad,Core API squad\r\n',
      );
    });
  });

  it('sends the stage and the search to the backend and keeps them in the URL', async () => {
    const api = await render();
    await screen.findByTestId('maturity-teams');

    await userEvent.selectOptions(screen.getByLabelText('Stage'), '2');
    expect(screen.getByTestId('location')).toHaveTextContent('?stage=2');
    await waitFor(() =>
      expect(firstCells()).toEqual(['Identity squadidentity-squad']),
    );
    expect(api.getMaturity).toHaveBeenLastCalledWith({
      stages: [2],
      limit: 25,
      offset: 0,
    });

    await userEvent.selectOptions(screen.getByLabelText('Stage'), '');
    await userEvent.type(screen.getByLabelText('Search teams'), 'PAY');
    await waitFor(() =>
      expect(firstCells()).toEqual(['Payments squadpayments-squad']),
    );
    expect(api.getMaturity).toHaveBeenLastCalledWith({
      search: 'PAY',
      limit: 25,
      offset: 0,
    });
    expect(screen.getByTestId('location')).toHaveTextContent('?search=PAY');
  });

  it('shows the movement the backend counted over every filtered team, not the page', async () => {
    // One flat team on the page; the backend counted 40 teams, most on other pages.
    await render(async () => ({
      ...maturityPage([teams[1]]),
      totalItems: 40,
      trend: { up: 5, down: 3, days: 28 },
    }));
    expect(
      await screen.findByText(
        /^40 teams · 5 moved up · 3 moved down in 4 weeks/,
      ),
    ).toBeInTheDocument();
  });

  it('pages through the teams on the backend', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      teamMaturity({
        entityRef: `group:default/team-${String(i).padStart(2, '0')}`,
        title: `Team ${String(i).padStart(2, '0')}`,
        stage: 1,
      }),
    );
    const api = await render(async query => maturityPage(many, query));
    await screen.findByTestId('maturity-teams');
    expect(teamRows()).toHaveLength(25);
    expect(screen.getByText('1-25 of 30')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(await screen.findByText('26-30 of 30')).toBeInTheDocument();
    expect(api.getMaturity).toHaveBeenLastCalledWith({
      limit: 25,
      offset: 25,
    });
    expect(firstCells()[0]).toBe('Team 25team-25');
    expect(teamRows()).toHaveLength(5);

    // A new filter starts at the first page again.
    await userEvent.selectOptions(screen.getByLabelText('Stage'), '1');
    expect(await screen.findByText('1-25 of 30')).toBeInTheDocument();
    expect(api.getMaturity).toHaveBeenLastCalledWith({
      stages: [1],
      limit: 25,
      offset: 0,
    });
  });

  it('says where teams come from when there are none', async () => {
    await render(async (): Promise<MaturityListResponse> => maturityPage([]));
    expect(await screen.findByText('No teams found')).toBeInTheDocument();
    expect(
      screen.getByText(
        'Teams are Group entities whose spec.type is team or squad (metrics.maturity.teamTypes).',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Export CSV/ })).toBeDisabled();
  });

  it('shows the error and retries', async () => {
    const getMaturity = jest
      .fn<Promise<MaturityListResponse>, [MaturityListQuery?]>()
      .mockRejectedValueOnce(new Error('metrics backend is down'))
      .mockResolvedValue(maturityPage(teams));
    const api = await render(getMaturity);
    expect(
      await screen.findByText('Could not load the maturity of the teams', {
        exact: false,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/metrics backend is down/).length,
    ).toBeGreaterThan(0);

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByTestId('maturity-teams')).toBeInTheDocument();
    expect(api.getMaturity).toHaveBeenCalledTimes(2);
  });

  it('shows progress while loading', async () => {
    await render(() => new Promise(() => {}));
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(screen.queryByTestId('maturity-teams')).not.toBeInTheDocument();
  });
});
