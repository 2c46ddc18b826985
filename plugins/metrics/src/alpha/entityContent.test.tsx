import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { configure, screen, within } from '@testing-library/react';
import { isValidElement } from 'react';
import { metricsApiRef } from '../api';
import { teamMaturity } from '../components/MaturityScorecardPage/maturityTestData';
import {
  configurationCheck,
  entityView,
  groupEntity,
  groupView,
} from '../components/testData';
import { componentMetricsContent, groupMetricsContent } from './entityContent';

// A whole test app renders the tab: the first render takes seconds on a busy machine.
jest.setTimeout(30_000);
configure({ asyncUtilTimeout: 10_000 });

const SERVICE = 'metrics-suite/prometheus-service';

function entity(
  kind: string,
  name: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', annotations },
    spec: {},
  };
}

const checkout = {
  ...entity('Component', 'checkout', { [SERVICE]: 'checkout-api' }),
  relations: [{ type: 'ownedBy', targetRef: 'group:default/squad' }],
};
const squad = entity('Group', 'squad');
const api = entity('API', 'checkout-api', { [SERVICE]: 'checkout-api' });

const metricsApi = {
  getSources: jest.fn(async () => [
    { id: 'prometheus:main', type: 'prometheus', default: true },
  ]),
  getEntityView: jest.fn(async () =>
    entityView({ entityRef: 'component:default/checkout' }),
  ),
  getConfigurationCheck: jest.fn(async () => configurationCheck()),
  getGroupView: jest.fn(async () =>
    groupView({
      entityRef: 'group:default/squad',
      entities: {
        status: 'ok',
        items: [groupEntity({ entityRef: 'component:default/checkout' })],
      },
    }),
  ),
  // the squad tab's maturity, goals and review sections read their own data
  getTeamMaturity: jest.fn(async () =>
    teamMaturity({ entityRef: 'group:default/squad', title: 'Squad' }),
  ),
  listGoals: jest.fn(async () => []),
  listReviews: jest.fn(async () => []),
};

describe('componentMetricsContent', () => {
  it('has the path /metrics, the title Metrics, the observability group and an icon', () => {
    const tester = createExtensionTester(componentMetricsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/metrics');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Metrics');
    // In the entity page's observability group, with an icon for the group menu.
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'observability',
    );
    expect(
      isValidElement(tester.get(EntityContentBlueprint.dataRefs.icon)),
    ).toBe(true);
  });

  it('accepts Components and rejects other kinds', () => {
    const filter = createExtensionTester(componentMetricsContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter).toBeDefined();
    expect(filter!(checkout)).toBe(true);
    expect(filter!(entity('Component', 'unannotated'))).toBe(true);
    expect(filter!(squad)).toBe(false);
    expect(filter!(api)).toBe(false);
  });

  it('renders the component metrics content', async () => {
    renderInTestApp(
      <EntityProvider entity={checkout}>
        {createExtensionTester(componentMetricsContent).reactElement()}
      </EntityProvider>,
      {
        apis: [[metricsApiRef, metricsApi]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByText('Metrics configuration'),
    ).toBeInTheDocument();
    expect(await screen.findByTestId('slo-slo:availability')).toHaveTextContent(
      '99.950 %',
    );
    expect(metricsApi.getEntityView).toHaveBeenCalledWith(
      { kind: 'component', namespace: 'default', name: 'checkout' },
      { range: '7d', compare: 'previous' },
    );
    expect(
      await screen.findByText('main (default instance)'),
    ).toBeInTheDocument();
    expect(screen.getByText('service="checkout-api"')).toBeInTheDocument();
  });
});

describe('groupMetricsContent', () => {
  it('has the path /metrics, the title Metrics, the observability group and an icon', () => {
    const tester = createExtensionTester(groupMetricsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/metrics');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Metrics');
    // In the entity page's observability group, with an icon for the group menu.
    expect(tester.get(EntityContentBlueprint.dataRefs.group)).toBe(
      'observability',
    );
    expect(
      isValidElement(tester.get(EntityContentBlueprint.dataRefs.icon)),
    ).toBe(true);
  });

  it('accepts Groups and rejects other kinds', () => {
    const filter = createExtensionTester(groupMetricsContent).get(
      EntityContentBlueprint.dataRefs.filterFunction,
    );
    expect(filter).toBeDefined();
    expect(filter!(squad)).toBe(true);
    expect(filter!(checkout)).toBe(false);
    expect(filter!(api)).toBe(false);
  });

  it('renders the group metrics content', async () => {
    renderInTestApp(
      <EntityProvider entity={squad}>
        {createExtensionTester(groupMetricsContent).reactElement()}
      </EntityProvider>,
      {
        apis: [[metricsApiRef, metricsApi]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    const services = await screen.findByTestId('metrics-group-services');
    expect(
      await within(services).findByRole('link', { name: 'checkout' }),
    ).toHaveAttribute('href', '/catalog/default/component/checkout');
    expect(metricsApi.getGroupView).toHaveBeenCalledWith(
      { kind: 'group', namespace: 'default', name: 'squad' },
      { range: '7d' },
    );
  });
});
