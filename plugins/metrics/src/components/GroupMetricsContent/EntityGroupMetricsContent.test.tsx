import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  Goal,
  GroupMetricsResponse,
  WeeklyReview,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import type { RouteRef } from '@backstage/core-plugin-api';
import { MetricsApi, metricsApiRef } from '../../api';
import { tvRouteRef } from '../../routes';
import {
  groupEntity,
  groupView,
  integrationItem,
  ownedMetric,
  sloItem,
} from '../testData';
import { EntityGroupMetricsContent } from './EntityGroupMetricsContent';
import { gapAdvice } from './gapAdvice';
import { goal, teamMaturity } from './team/__testUtils__/teamData';

const squad: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'mobility-squad', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// The tab renders every section, tables and dialogs included: slow on a busy machine.
jest.setTimeout(20_000);

// Kept short: the team sections have their own tests.
let goals: Goal[] = [];

beforeEach(() => {
  goals = [];
});

function LocationProbe() {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
}

async function render(
  getGroupView: MetricsApi['getGroupView'] = async () => groupView(),
  route = '/metrics',
  mountedRoutes: Record<string, RouteRef<any>> = {},
) {
  const metricsApi = {
    getSources: jest.fn(),
    getEntityView: jest.fn(),
    getGroupView: jest.fn(getGroupView),
    getTeamMaturity: jest.fn(async () => teamMaturity()),
    listGoals: jest.fn(async () => goals),
    listReviews: jest.fn(async () => [] as WeeklyReview[]),
  };
  const result = await renderInTestApp(
    <TestApiProvider
      apis={[
        [metricsApiRef, metricsApi],
        [permissionApiRef, mockApis.permission()],
      ]}
    >
      <EntityProvider entity={squad}>
        <EntityGroupMetricsContent />
        <LocationProbe />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...mountedRoutes,
      },
    },
  );
  return { ...result, metricsApi };
}

function answer(view: GroupMetricsResponse): MetricsApi['getGroupView'] {
  return async () => view;
}

function serviceRows(): HTMLElement[] {
  const table = screen.getByTestId('metrics-group-services');
  return within(table)
    .getAllByRole('row')
    .filter(row => within(row).queryAllByRole('cell').length > 0);
}

const rollUp = groupView({
  groups: [
    'group:default/mobility-squad',
    'group:default/trips-team',
    'group:default/maps-team',
  ],
  entities: {
    status: 'ok',
    // deliberately not worst first
    items: [
      groupEntity({ entityRef: 'component:default/customer-api' }),
      groupEntity({
        entityRef: 'component:default/referral-service',
        service: undefined,
        slos: [],
        worstState: 'none',
      }),
      groupEntity({
        entityRef: 'component:default/trip-planner',
        owner: 'group:default/trips-team',
        worstState: 'breaching',
        slos: [
          sloItem({
            id: 'slo:availability',
            sli: 0.99865,
            budgetRemaining: -0.35,
            state: 'breaching',
            alert: 'page',
          }),
          sloItem({ id: 'slo:latency', name: 'latency', sli: 0.97 }),
        ],
        problems: [
          { path: 'metadata.metrics.slos[2].objective', message: 'bad' },
        ],
      }),
      groupEntity({
        entityRef: 'component:default/invoice-service',
        worstState: 'low-traffic',
        slos: [sloItem({ state: 'low-traffic', sli: 1 })],
      }),
      groupEntity({
        entityRef: 'component:default/auth-service',
        worstState: 'at-risk',
        slos: [sloItem({ state: 'at-risk', alert: 'ticket', sli: 0.9992 })],
      }),
    ],
  },
  integrations: {
    status: 'ok',
    items: [
      { ...integrationItem(), entityRef: 'component:default/trip-planner' },
      {
        ...integrationItem({
          id: 'integration:stripe',
          name: 'stripe',
          successRate: 0.999,
          failures: 10,
          errorClasses: { card_declined: 1 },
          unknownShare: 0,
          target: undefined,
        }),
        entityRef: 'component:default/customer-api',
      },
    ],
  },
  metrics: [
    ownedMetric(),
    ownedMetric({
      entityRef: 'component:default/trip-planner',
      id: 'integration:ridely',
      kind: 'integration',
      name: 'ridely',
      origin: 'discovered',
      owner: undefined,
      hasTarget: false,
      gaps: ['no-owner', 'no-target-or-alert'],
    }),
    ownedMetric({
      id: 'kpi:weekly-active-users',
      kind: 'kpi',
      name: 'weekly-active-users',
      bucket: 'usage',
      source: 'amplitude',
      origin: 'declared',
      hasTarget: false,
      gaps: ['no-target-or-alert'],
    }),
    ownedMetric({
      id: 'kpi:sign-ups',
      kind: 'kpi',
      name: 'sign-ups',
      bucket: 'business',
      source: 'sql',
      origin: 'declared',
      hasTarget: true,
      hasAlert: true,
    }),
  ],
  problems: [
    {
      path: 'component:default/trip-planner: metadata.metrics.slos[2].objective',
      message: 'must be a percentage above 0 and below 100',
    },
  ],
});

describe('EntityGroupMetricsContent', () => {
  it('shows every section loading while the roll-up loads', async () => {
    await render(() => new Promise(() => {}));

    expect(screen.getByTestId('metrics-team-maturity')).toBeInTheDocument();
    for (const id of [
      'metrics-group-services',
      'metrics-group-integrations',
      'metrics-group-metrics',
      'metrics-group-gaps',
    ]) {
      expect(screen.getByTestId(id)).toHaveAttribute('data-status', 'loading');
      expect(
        within(screen.getByTestId(id)).getByTestId('progress'),
      ).toBeInTheDocument();
    }
  });

  it('asks for the group with the range from the URL', async () => {
    const { metricsApi } = await render(answer(rollUp), '/metrics?range=1h');

    await screen.findAllByRole('link', { name: 'customer-api' });
    expect(metricsApi.getGroupView).toHaveBeenCalledWith(
      { kind: 'group', namespace: 'default', name: 'mobility-squad' },
      { range: '1h' },
    );
    expect(
      screen.getByText('Includes the services of 2 sub-teams.'),
    ).toBeInTheDocument();
  });

  it('lists the services worst first with their SLO status at a glance', async () => {
    await render(answer(rollUp));

    await screen.findAllByRole('link', { name: 'trip-planner' });
    const rows = serviceRows();
    expect(
      rows.map(row => within(row).getAllByRole('link')[0].textContent),
    ).toEqual([
      'trip-planner',
      'auth-service',
      'invoice-service',
      'customer-api',
      'referral-service',
    ]);

    const [worst, atRisk] = rows;
    expect(within(worst).getAllByTestId('slo-state')[0]).toHaveTextContent(
      'breaching',
    );
    expect(within(worst).getAllByTestId('slo-alert')[0]).toHaveTextContent(
      'page',
    );
    expect(
      within(worst).getByText('availability 99.865 %'),
    ).toBeInTheDocument();
    expect(within(worst).getByText('latency 97.000 %')).toBeInTheDocument();
    expect(
      within(worst).getByRole('link', { name: 'trips-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/trips-team');
    expect(within(worst).getByText('1 problem')).toBeInTheDocument();
    expect(within(atRisk).getAllByTestId('slo-alert')[0]).toHaveTextContent(
      'ticket',
    );
    expect(rows[4]).toHaveTextContent('no metrics annotation');
    expect(rows[4]).toHaveTextContent('no SLOs');

    expect(
      screen.getByText(
        '5 services · 1 breaching · 1 at risk · 1 low traffic · 1 healthy — worst first',
      ),
    ).toBeInTheDocument();
  });

  it('keeps listing the services when their SLOs could not be read', async () => {
    const view = groupView({
      entities: {
        status: 'error',
        error: 'Prometheus "main": connection refused',
        items: [
          groupEntity({
            entityRef: 'component:default/customer-api',
            slos: [],
            worstState: 'none',
          }),
        ],
      },
    });
    await render(answer(view));

    const services = await screen.findByTestId('metrics-group-services');
    expect(services).toHaveAttribute('data-status', 'error');
    expect(
      within(services).getByText(/Could not read the SLOs of some services/),
    ).toBeInTheDocument();
    expect(services).toHaveTextContent('Prometheus "main": connection refused');
    expect(
      within(services).getByRole('link', { name: 'customer-api' }),
    ).toBeInTheDocument();
    // the other sections are unaffected
    expect(
      within(screen.getByTestId('metrics-group-integrations')).getByText(
        'ridely',
      ),
    ).toBeInTheDocument();
  });

  it('shows the squad’s integrations with success rate and the unknown share', async () => {
    await render(answer(rollUp));

    const integrations = await screen.findByTestId(
      'metrics-group-integrations',
    );
    const ridely = within(integrations).getByText('ridely').closest('tr')!;
    expect(
      within(ridely).getByRole('link', { name: 'trip-planner' }),
    ).toBeInTheDocument();
    expect(ridely).toHaveTextContent('95.00 %');
    expect(ridely).toHaveTextContent('target 99 % · missed');
    expect(within(ridely).getByTestId('unknown-share')).toHaveTextContent(
      '40 % unclassified',
    );
    const stripe = within(integrations).getByText('stripe').closest('tr')!;
    expect(stripe).toHaveTextContent('99.90 %');
    expect(stripe).toHaveTextContent('all classified');
    expect(
      within(stripe).queryByTestId('unknown-share'),
    ).not.toBeInTheDocument();
  });

  it('shows a failing integrations section without blanking the others', async () => {
    const view = groupView({
      integrations: {
        status: 'error',
        error: 'Amplitude: 429 Too Many Requests',
        items: [],
      },
    });
    await render(answer(view));

    const integrations = await screen.findByTestId(
      'metrics-group-integrations',
    );
    expect(integrations).toHaveTextContent('Amplitude: 429 Too Many Requests');
    expect(
      within(screen.getByTestId('metrics-group-services')).getByRole('link', {
        name: 'customer-api',
      }),
    ).toBeInTheDocument();
  });

  it('groups the squad’s metrics into usage, system health and business KPIs', async () => {
    await render(answer(rollUp));

    await screen.findByTestId('bucket-usage');
    const usage = screen.getByTestId('bucket-usage');
    const health = screen.getByTestId('bucket-health');
    const business = screen.getByTestId('bucket-business');
    expect(within(usage).getByText('Usage')).toBeInTheDocument();
    expect(within(usage).getByText('weekly-active-users')).toBeInTheDocument();
    expect(within(usage).getByText('no target')).toBeInTheDocument();
    expect(within(health).getByText('System health')).toBeInTheDocument();
    expect(within(health).getAllByTestId('owned-metric')).toHaveLength(2);
    expect(within(health).getByText('ridely')).toBeInTheDocument();
    expect(within(business).getByText('Business KPIs')).toBeInTheDocument();
    expect(within(business).getByText('sign-ups')).toBeInTheDocument();
    expect(within(business).getByText('target')).toBeInTheDocument();
    expect(within(business).getByText('alert')).toBeInTheDocument();
  });

  it('lists ownership gaps with how to close each', async () => {
    await render(answer(rollUp));

    const gaps = await screen.findByTestId('metrics-group-gaps');
    expect(gaps).toHaveTextContent('2 metrics without an owner');
    const ridely = within(gaps).getByText('ridely').closest('tr')!;
    expect(within(ridely).getByText('no owner')).toBeInTheDocument();
    expect(within(ridely).getByText('no target or alert')).toBeInTheDocument();
    expect(ridely).toHaveTextContent(
      'list it: metadata.metrics.integrations[].name: ridely',
    );
    expect(ridely).toHaveTextContent(
      'set an owner: metadata.metrics.integrations[].owner or for all its metrics: metadata.metrics.owner',
    );
    expect(ridely).toHaveTextContent(
      'add a target: metadata.metrics.integrations[].target or declare an alert: metadata.metrics.integrations[].alert',
    );
    const wau = within(gaps).getByText('weekly-active-users').closest('tr')!;
    expect(wau).toHaveTextContent(
      'add a target: metadata.metrics.kpis[].target',
    );
    expect(within(gaps).queryByText('sign-ups')).not.toBeInTheDocument();
  });

  it('says so when there are no gaps', async () => {
    await render(answer(groupView()));

    expect(
      await screen.findByText(
        'No gaps: every metric has an owner and a target or an alert.',
      ),
    ).toBeInTheDocument();
  });

  it('shows empty states for a group that owns nothing', async () => {
    const view = groupView({
      entities: { status: 'ok', items: [] },
      integrations: { status: 'ok', items: [] },
      metrics: [],
    });
    await render(answer(view));

    expect(
      await screen.findByText(
        'This group and its sub-teams own no components.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/None of the squad's services calls an integration/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The squad's services declare no metrics/),
    ).toBeInTheDocument();
    expect(screen.getByText('No metrics yet, so no gaps.')).toBeInTheDocument();
  });

  it('shows the definition problems of the squad’s services', async () => {
    await render(answer(rollUp));

    const problems = await screen.findByTestId('metrics-problems');
    expect(
      screen.getByText(
        /1 problem in the metrics definitions of this group's services/,
      ),
    ).toBeInTheDocument();
    expect(problems).toHaveTextContent(
      'component:default/trip-planner: metadata.metrics.slos[2].objective: must be a percentage above 0 and below 100',
    );
  });

  it('shows one error when the roll-up fails', async () => {
    goals = [goal()];
    await render(async () => {
      throw new Error('No group group:default/mobility-squad found');
    });

    expect(
      await screen.findByText(/Could not load this group's metrics/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/No group group:default\/mobility-squad found/)
        .length,
    ).toBeGreaterThan(0);
    expect(
      screen.queryByTestId('metrics-group-services'),
    ).not.toBeInTheDocument();
    // the maturity, goals and reviews do not depend on the roll-up
    expect(
      await screen.findByText('Stage 3 of 6 · project follow-up'),
    ).toBeInTheDocument();
    expect(
      await within(screen.getByTestId('metrics-team-goals')).findByText(
        'availability',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('metrics-team-reviews')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'New goal' }).closest('span'),
    ).toHaveAttribute('title', "The squad's metrics could not be loaded");
  });

  it('puts the maturity stage first, and the goals and the weekly review after the services', async () => {
    const { metricsApi } = await render(answer(rollUp));

    await screen.findByText('Stage 3 of 6 · project follow-up');
    const order = screen
      .getAllByTestId(/^metrics-(group|team)-/)
      .map(el => el.getAttribute('data-testid'));
    expect(order).toEqual([
      'metrics-team-maturity',
      'metrics-group-services',
      'metrics-team-goals',
      'metrics-team-reviews',
      'metrics-group-integrations',
      'metrics-group-metrics',
      'metrics-group-gaps',
    ]);
    const team = {
      kind: 'group',
      namespace: 'default',
      name: 'mobility-squad',
    };
    expect(metricsApi.getTeamMaturity).toHaveBeenCalledWith(team);
    expect(metricsApi.listGoals).toHaveBeenCalledWith(team);
    expect(metricsApi.listReviews).toHaveBeenCalledWith(team);
  });

  it('links to the squad’s TV mode when the app mounts it, else shows no link', async () => {
    await render(answer(rollUp), '/metrics', {
      '/metrics-tv/:namespace/:name': tvRouteRef,
    });
    expect(
      await screen.findByRole('button', { name: /TV mode/ }),
    ).toHaveAttribute('href', '/metrics-tv/default/mobility-squad');
  });

  it('shows no TV mode link in an app without the page', async () => {
    await render(answer(rollUp));
    await screen.findAllByRole('link', { name: 'customer-api' });
    expect(screen.queryByText('TV mode')).not.toBeInTheDocument();
  });

  it('changes the range through the URL', async () => {
    const { metricsApi } = await render(answer(rollUp));
    await screen.findAllByRole('link', { name: 'trip-planner' });

    await userEvent.click(screen.getByRole('button', { name: '28d' }));

    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent('?range=28d'),
    );
    await waitFor(() =>
      expect(metricsApi.getGroupView).toHaveBeenLastCalledWith(
        expect.anything(),
        {
          range: '28d',
        },
      ),
    );
  });
});

describe('gapAdvice', () => {
  it('tells how to close a KPI without target or alert', () => {
    expect(
      gapAdvice(
        ownedMetric({
          kind: 'kpi',
          gaps: ['no-target-or-alert'],
          origin: 'declared',
        }),
      ),
    ).toEqual([
      {
        action: 'add a target',
        field: 'metadata.metrics.kpis[].target',
        or: {
          action: 'declare an alert',
          field: 'metadata.metrics.kpis[].alert',
        },
      },
    ]);
  });

  it('tells how to set an owner', () => {
    expect(gapAdvice(ownedMetric({ gaps: ['no-owner'] }))).toEqual([
      {
        action: 'set an owner',
        field: 'metadata.metrics.slos[].owner',
        or: { action: 'for all its metrics', field: 'metadata.metrics.owner' },
      },
    ]);
  });

  it('asks to list a discovered integration first', () => {
    const advice = gapAdvice(
      ownedMetric({
        kind: 'integration',
        name: 'ridely',
        origin: 'discovered',
        gaps: ['no-target-or-alert'],
      }),
    );
    expect(advice.map(a => a.field)).toEqual([
      'metadata.metrics.integrations[].name: ridely',
      'metadata.metrics.integrations[].target',
    ]);
  });
});
