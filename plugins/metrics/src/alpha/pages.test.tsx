import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { configure, screen, within } from '@testing-library/react';
import { metricsApiRef } from '../api';
import {
  maturityPage,
  teamMaturity,
} from '../components/MaturityScorecardPage/maturityTestData';
import { groupView } from '../components/testData';
import { scorecardRouteRef, tvRouteRef } from '../routes';
import alphaPlugin from './plugin';
import { scorecardPage, tvPage } from './pages';

// A whole app renders here (router, nav, page, material-table): slow on a busy machine.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const metricsApi = {
  getMaturity: jest.fn(async () =>
    maturityPage([teamMaturity({ entityRef: 'group:default/identity-squad' })]),
  ),
  getGroupTvView: jest.fn(async () => groupView()),
};

describe('scorecardPage', () => {
  it('is the page at /metrics-maturity with a title and icon for the nav', () => {
    const tester = createExtensionTester(scorecardPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/metrics-maturity');
    expect(tester.get(coreExtensionData.routeRef)).toBe(scorecardRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Metrics maturity');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('is linked from the sidebar and renders the scorecard', async () => {
    renderTestApp({
      features: [alphaPlugin],
      initialRouteEntries: ['/metrics-maturity'],
      apis: [[metricsApiRef, metricsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    const nav = await screen.findByRole('navigation');
    expect(
      within(nav).getByRole('link', { name: /Metrics maturity/ }),
    ).toHaveAttribute('href', '/metrics-maturity');

    const teams = await screen.findByTestId('maturity-teams');
    expect(
      await within(teams).findByText('Identity squad'),
    ).toBeInTheDocument();
    expect(metricsApi.getMaturity).toHaveBeenCalled();
  });
});

describe('tvPage', () => {
  it('is the page at /metrics-tv/:namespace/:name, without a title or icon for the nav', () => {
    const tester = createExtensionTester(tvPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/metrics-tv/:namespace/:name',
    );
    expect(tester.get(coreExtensionData.routeRef)).toBe(tvRouteRef);
    expect(tester.get(coreExtensionData.title)).toBeUndefined();
    expect(tester.get(coreExtensionData.icon)).toBeUndefined();
  });

  it('renders the squad from the path and is not linked from the sidebar', async () => {
    renderTestApp({
      features: [alphaPlugin],
      initialRouteEntries: ['/metrics-tv/default/mobility-squad'],
      apis: [[metricsApiRef, metricsApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(await screen.findByTestId('tv-slide-health')).toBeInTheDocument();
    expect(metricsApi.getGroupTvView).toHaveBeenCalledWith(
      { kind: 'Group', namespace: 'default', name: 'mobility-squad' },
      { range: '7d' },
    );
    const nav = screen.getByRole('navigation');
    expect(
      within(nav)
        .queryAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).not.toContainEqual(expect.stringMatching(/metrics-tv/));
    expect(
      within(nav).getByRole('link', { name: /Metrics maturity/ }),
    ).toBeInTheDocument();
  });
});
