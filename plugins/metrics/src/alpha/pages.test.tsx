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
import { scorecardRouteRef } from '../routes';
import alphaPlugin from './plugin';
import { scorecardPage } from './pages';

// A whole app renders here (router, nav, page, material-table): slow on a busy machine.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const metricsApi = {
  getMaturity: jest.fn(async () =>
    maturityPage([teamMaturity({ entityRef: 'group:default/identity-squad' })]),
  ),
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
