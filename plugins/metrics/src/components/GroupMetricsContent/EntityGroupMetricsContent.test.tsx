import type { Entity } from '@backstage/catalog-model';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { EntityGroupMetricsContent } from './EntityGroupMetricsContent';

const SERVICE = 'metrics.backstage.io/prometheus-service';
const CALLER = 'metrics.backstage.io/caller-id';

function group(
  name: string,
  options: { parent?: string; children?: string[] } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: options.children ?? [] },
    relations: [
      ...(options.children ?? []).map(child => ({
        type: 'parentOf',
        targetRef: `group:default/${child}`,
      })),
      ...(options.parent
        ? [{ type: 'childOf', targetRef: `group:default/${options.parent}` }]
        : []),
    ],
  };
}

function component(
  name: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: { type: 'service', owner, lifecycle: 'production' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const tribe = group('tribe', { children: ['squad-a', 'squad-b'] });
const squadA = group('squad-a', { parent: 'tribe', children: ['guild-x'] });
const squadB = group('squad-b', { parent: 'tribe' });
const guildX = group('guild-x', { parent: 'squad-a' });
const otherTeam = group('other-team');

const entities: Entity[] = [
  tribe,
  squadA,
  squadB,
  guildX,
  otherTeam,
  component('checkout', 'squad-a', {
    [SERVICE]: 'checkout-api',
    [CALLER]: 'checkout',
  }),
  component('billing', 'squad-b', { [SERVICE]: 'billing-api' }),
  component('ledger', 'squad-b'),
  component('portal', 'tribe', { [SERVICE]: ' portal' }),
  component('search', 'guild-x', { [SERVICE]: 'search' }),
  component('unrelated', 'other-team', { [SERVICE]: 'unrelated' }),
];

async function render(
  entity: Entity,
  catalogApi = catalogApiMock({ entities }),
) {
  return renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <EntityProvider entity={entity}>
        <EntityGroupMetricsContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

function rowOf(name: string): HTMLElement {
  return screen.getByRole('link', { name }).closest('tr')!;
}

describe('EntityGroupMetricsContent', () => {
  it('lists the components of the group and all its sub-teams', async () => {
    await render(tribe);

    expect(
      await screen.findByText('3 of 5 declare metrics'),
    ).toBeInTheDocument();
    for (const name of ['billing', 'checkout', 'ledger', 'portal', 'search']) {
      expect(screen.getByRole('link', { name })).toBeInTheDocument();
    }
    expect(
      screen.queryByRole('link', { name: 'unrelated' }),
    ).not.toBeInTheDocument();

    const checkout = rowOf('checkout');
    expect(
      within(checkout).getByText('checkout-api', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(
      within(checkout).getByText('checkout', { selector: 'code' }),
    ).toBeInTheDocument();
    expect(within(checkout).getByText('configured')).toBeInTheDocument();
    expect(
      within(checkout).getByRole('link', { name: 'squad-a' }),
    ).toBeInTheDocument();

    // the caller id defaults to the service label
    expect(
      within(rowOf('billing')).getAllByText('billing-api', {
        selector: 'code',
      }),
    ).toHaveLength(2);
    expect(
      within(rowOf('ledger')).getByText('not configured'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('search')).getByRole('link', { name: 'guild-x' }),
    ).toBeInTheDocument();
  });

  it('lists a sub-team’s components on the sub-team page only', async () => {
    await render(squadB);

    expect(
      await screen.findByText('1 of 2 declare metrics'),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'billing' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'ledger' })).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'checkout' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'portal' }),
    ).not.toBeInTheDocument();
  });

  it('reports problems of owned components with their entity ref and path', async () => {
    await render(tribe);

    const problems = await screen.findByTestId('metrics-problems');
    expect(
      screen.getByText(
        /1 problem in the metrics definitions of this group's services/,
      ),
    ).toBeInTheDocument();
    expect(problems).toHaveTextContent(
      `component:default/portal: metadata.annotations.${SERVICE}`,
    );
    expect(within(rowOf('portal')).getByText('1 problem')).toBeInTheDocument();
  });

  it('shows no problems panel when every definition is fine', async () => {
    await render(squadB);
    await screen.findByText('1 of 2 declare metrics');
    expect(screen.queryByTestId('metrics-problems')).not.toBeInTheDocument();
  });

  it('shows an empty state when the group owns nothing', async () => {
    await render(group('lonely'));

    expect(
      await screen.findByText(
        'This group and its sub-teams own no components.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('0 of 0 declare metrics')).toBeInTheDocument();
  });

  it('shows an error when the catalog fails', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    await render(otherTeam, catalogApi);

    expect(
      await screen.findByText(/Could not load the components this group owns/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/catalog is down/).length).toBeGreaterThan(0);
    expect(screen.queryByText(/declare metrics/)).not.toBeInTheDocument();
  });

  it('asks the catalog for components owned by the group and its sub-teams', async () => {
    const catalogApi = catalogApiMock({ entities });
    const getEntities = jest.spyOn(catalogApi, 'getEntities');
    await render(tribe, catalogApi);

    await screen.findByText('3 of 5 declare metrics');
    expect(getEntities).toHaveBeenCalledTimes(1);
    const filter = getEntities.mock.calls[0][0]!.filter as Record<
      string,
      unknown
    >;
    expect(filter.kind).toBe('Component');
    expect([...(filter['relations.ownedBy'] as string[])].sort()).toEqual([
      'group:default/guild-x',
      'group:default/squad-a',
      'group:default/squad-b',
      'group:default/tribe',
    ]);
  });
});
