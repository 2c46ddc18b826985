import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { metricsApiRef } from '../api';
import { componentMetricsContent, groupMetricsContent } from './entityContent';

const SERVICE = 'metrics.backstage.io/prometheus-service';

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
};

describe('componentMetricsContent', () => {
  it('has the path /metrics and the title Metrics', () => {
    const tester = createExtensionTester(componentMetricsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/metrics');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Metrics');
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
      { apis: [[metricsApiRef, metricsApi]] },
    );

    expect(
      await screen.findByText('Metrics configuration'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('main (default instance)'),
    ).toBeInTheDocument();
    expect(screen.getByText('service="checkout-api"')).toBeInTheDocument();
  });
});

describe('groupMetricsContent', () => {
  it('has the path /metrics and the title Metrics', () => {
    const tester = createExtensionTester(groupMetricsContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('/metrics');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Metrics');
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
        apis: [
          [metricsApiRef, metricsApi],
          [catalogApiRef, catalogApiMock({ entities: [squad, checkout] })],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await screen.findByText('1 of 1 declare metrics'),
    ).toBeInTheDocument();
    expect(screen.getByText('checkout')).toBeInTheDocument();
  });
});
