import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import type {
  GroupMetricsResponse,
  NorthStarView,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { groupView, ownedMetric } from '../../testData';
import { fakeMetricsApi, renderTeam } from '../team/__testUtils__/renderTeam';
import { squadEntity } from '../team/__testUtils__/teamData';
import { NorthStarSection } from './NorthStarSection';

jest.setTimeout(30_000);

const user = userEvent.setup({ delay: null });

const bookings = ownedMetric({
  entityRef: 'component:default/trip-planner',
  id: 'kpi:bookings',
  kind: 'kpi',
  name: 'bookings',
  bucket: 'business',
  source: 'sql',
  origin: 'declared',
  value: 1234,
});
const searches = ownedMetric({
  entityRef: 'component:default/trip-planner',
  id: 'kpi:searches',
  kind: 'kpi',
  name: 'searches',
  bucket: 'usage',
  source: 'sql',
  origin: 'declared',
  value: 98765,
});

const weeks = Array.from({ length: 12 }, (_, i) => ({
  week: new Date(Date.UTC(2025, 0, 6 + 7 * i)).toISOString().slice(0, 10),
  value: i === 3 ? null : 900 + i * 10,
}));

function northStar(overrides: Partial<NorthStarView> = {}): NorthStarView {
  return {
    metric: {
      entityRef: 'component:default/trip-planner',
      metricId: 'kpi:bookings',
    },
    name: 'bookings',
    bucket: 'business',
    value: 1234,
    target: { value: 1000, direction: 'above' },
    trend: weeks,
    goal: {
      id: 'g1',
      baseline: 900,
      target: 1500,
      direction: 'increase',
      dueDate: '2025-06-30',
      status: 'open',
    },
    setBy: 'user:default/ada',
    setAt: '2025-03-01T10:00:00.000Z',
    ...overrides,
  };
}

const view = (northStarOf?: NorthStarView | null): GroupMetricsResponse => ({
  ...groupView({ metrics: [ownedMetric(), bookings, searches] }),
  ...(northStarOf !== undefined ? { northStar: northStarOf } : {}),
});

const deny = () =>
  mockApis.permission({ authorize: 'DENY' as AuthorizeResult.DENY });

describe('NorthStarSection', () => {
  it('shows the north star: value over the range, target met, 12-week trend and goal', async () => {
    await renderTeam(
      <NorthStarSection view={view(northStar())} onChange={jest.fn()} />,
      { api: fakeMetricsApi(), entity: squadEntity('card-squad') },
    );
    const card = await screen.findByTestId('metrics-north-star');
    expect(within(card).getByText('North star')).toBeInTheDocument();
    expect(within(card).getByText('bookings')).toBeInTheDocument();
    expect(within(card).getByTestId('north-star-value')).toHaveTextContent(
      '1,234',
    );
    expect(within(card).getByText('over the last 7 days')).toBeInTheDocument();
    expect(within(card).getByTestId('north-star-target')).toHaveTextContent(
      'target ≥ 1,000 · met',
    );
    expect(
      within(card).getByRole('img', {
        name: 'Weekly totals over the last 12 weeks: from 900 to 1,010',
      }),
    ).toBeInTheDocument();
    expect(within(card).getByTestId('north-star-goal')).toHaveTextContent(
      'Goal: 900 → 1,500 by 2025-06-30',
    );
  });

  it('says when the target is missed and when there is no open goal', async () => {
    await renderTeam(
      <NorthStarSection
        view={view(northStar({ value: 800, goal: undefined }))}
        onChange={jest.fn()}
      />,
      { api: fakeMetricsApi(), entity: squadEntity('missed-squad') },
    );
    expect(await screen.findByTestId('north-star-target')).toHaveTextContent(
      'target ≥ 1,000 · missed',
    );
    expect(screen.getByText('No open goal on it.')).toBeInTheDocument();
  });

  it('lets writers choose one of the squad KPIs, and hands the saved one on', async () => {
    const saved = northStar({
      metric: { ...northStar().metric, metricId: 'kpi:searches' },
      name: 'searches',
    });
    const api = fakeMetricsApi({ setNorthStar: async () => saved });
    const onChange = jest.fn();
    await renderTeam(
      <NorthStarSection view={view(null)} onChange={onChange} />,
      {
        api,
        entity: squadEntity('choosing-squad'),
      },
    );
    expect(
      await screen.findByText(/Choose the one KPI the squad steers by/),
    ).toBeInTheDocument();
    await user.click(
      await screen.findByRole('button', { name: 'Choose north star' }),
    );

    await user.click(screen.getByRole('button', { name: /KPI/ }));
    // Only KPIs: the SLO is not offered.
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'bookingstrip-planner',
      'searchestrip-planner',
    ]);
    await user.click(options[1]);
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onChange).toHaveBeenCalledWith(saved));
    expect(api.setNorthStar).toHaveBeenCalledWith(
      { kind: 'group', namespace: 'default', name: 'choosing-squad' },
      {
        metric: {
          entityRef: 'component:default/trip-planner',
          metricId: 'kpi:searches',
        },
      },
    );
  });

  it('keeps the dialog open with the backend message when marking fails', async () => {
    const api = fakeMetricsApi({
      setNorthStar: async () => {
        throw new Error("'kpi:searches' is not a metric of the squad");
      },
    });
    const onChange = jest.fn();
    await renderTeam(
      <NorthStarSection view={view(null)} onChange={onChange} />,
      {
        api,
        entity: squadEntity('failing-squad'),
      },
    );
    await user.click(
      await screen.findByRole('button', { name: 'Choose north star' }),
    );
    await user.click(screen.getByRole('button', { name: /KPI/ }));
    await user.click((await screen.findAllByRole('option'))[1]);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByTestId('dialog-error')).toHaveTextContent(
      "'kpi:searches' is not a metric of the squad",
    );
    expect(onChange).not.toHaveBeenCalled();
  });

  it('clears the north star for writers', async () => {
    const api = fakeMetricsApi();
    const onChange = jest.fn();
    await renderTeam(
      <NorthStarSection view={view(northStar())} onChange={onChange} />,
      { api, entity: squadEntity('clearing-squad') },
    );
    await user.click(await screen.findByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(onChange).toHaveBeenCalledWith(null));
    expect(api.clearNorthStar).toHaveBeenCalledWith({
      kind: 'group',
      namespace: 'default',
      name: 'clearing-squad',
    });
  });

  it('shows others the north star without the buttons, and nothing when there is none', async () => {
    const { unmount } = await renderTeam(
      <NorthStarSection view={view(northStar())} onChange={jest.fn()} />,
      {
        api: fakeMetricsApi(),
        entity: squadEntity('reader-squad'),
        permission: deny(),
      },
    );
    expect(await screen.findByTestId('north-star-value')).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /north star/ }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Clear' }),
    ).not.toBeInTheDocument();
    unmount();

    for (const none of [null, undefined]) {
      const rendered = await renderTeam(
        <NorthStarSection view={view(none)} onChange={jest.fn()} />,
        {
          api: fakeMetricsApi(),
          entity: squadEntity('reader-squad'),
          permission: deny(),
        },
      );
      expect(
        screen.queryByTestId('metrics-north-star'),
      ).not.toBeInTheDocument();
      rendered.unmount();
    }
  });
});
