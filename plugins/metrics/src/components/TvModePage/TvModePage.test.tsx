import { configApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  GroupMetricsResponse,
  NorthStarView,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { act, screen, within } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { metricsApiRef } from '../../api';
import { groupView, ownedMetric } from '../testData';
import { TvModePage } from './TvModePage';

jest.setTimeout(20_000);

const northStar: NorthStarView = {
  metric: {
    entityRef: 'component:default/customer-api',
    metricId: 'kpi:trips-booked',
  },
  name: 'trips-booked',
  bucket: 'usage',
  value: 12_345,
  target: { value: 10_000, direction: 'above' },
  trend: [
    { week: '2025-02-10', value: 9_000 },
    { week: '2025-02-17', value: null },
    { week: '2025-02-24', value: 11_000 },
  ],
  goal: {
    id: 'g1',
    baseline: 9_000,
    target: 15_000,
    direction: 'increase',
    dueDate: '2025-06-30',
    status: 'open',
  },
  setBy: 'user:default/jane',
  setAt: '2025-02-01T10:00:00.000Z',
};

const kpi = (name: string, bucket: 'usage' | 'business', value: number) =>
  ownedMetric({
    id: `kpi:${name}`,
    kind: 'kpi',
    name,
    bucket,
    value,
    origin: 'declared',
  });

const full = groupView({
  northStar,
  metrics: [
    ownedMetric(),
    kpi('weekly-riders', 'usage', 4_200),
    kpi('bookings', 'business', 321),
  ],
});

async function renderPage(options: {
  tv: () => Promise<GroupMetricsResponse>;
  query?: string;
  config?: object;
  squad?: () => Promise<GroupMetricsResponse>;
}) {
  const metricsApi = {
    getGroupTvView: jest.fn(options.tv),
    getGroupView: jest.fn(options.squad ?? options.tv),
  };
  const config = mockApis.config({
    data: { metrics: { tv: options.config ?? {} } },
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [metricsApiRef, metricsApi],
        [configApiRef, config],
      ]}
    >
      <Routes>
        <Route path="/metrics-tv/:namespace/:name" element={<TvModePage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [
        `/metrics-tv/default/mobility-squad${options.query ?? ''}`,
      ],
    },
  );
  return metricsApi;
}

const showing = () =>
  screen.getByTestId(/^tv-slide-/).getAttribute('data-testid');

async function advance(seconds: number) {
  await act(async () => {
    jest.advanceTimersByTime(seconds * 1000);
  });
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('TvModePage', () => {
  it('turns the slides at the pace of the URL, round and round, with progress dots', async () => {
    const api = await renderPage({ tv: async () => full, query: '?slide=5' });
    expect(
      await screen.findByTestId('tv-slide-north-star'),
    ).toBeInTheDocument();
    expect(api.getGroupTvView).toHaveBeenCalledWith(
      { kind: 'Group', namespace: 'default', name: 'mobility-squad' },
      { range: '7d' },
    );
    expect(screen.getByTestId('tv-north-star-value')).toHaveTextContent(
      '12,345',
    );
    expect(screen.getByText(/Target ≥ 10,000/)).toBeInTheDocument();
    expect(screen.getByText(/Goal 15,000 by 30 Jun 2025/)).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: /Weekly trend over 3 weeks/ }),
    ).toBeInTheDocument();

    const dots = within(screen.getByTestId('tv-dots')).getAllByRole('listitem');
    expect(dots.map(d => d.getAttribute('aria-label'))).toEqual([
      'North star (showing)',
      'Usage',
      'System health',
      'Business',
    ]);

    await advance(4);
    expect(showing()).toBe('tv-slide-north-star');
    await advance(1);
    expect(showing()).toBe('tv-slide-usage');
    expect(screen.getByText('weekly-riders')).toBeInTheDocument();
    expect(screen.getByText('4,200')).toBeInTheDocument();
    await advance(5);
    expect(showing()).toBe('tv-slide-health');
    expect(screen.getAllByTestId('tv-slo')[0]).toHaveTextContent(
      /customer-api · availability.*healthy.*50\.0 %.*budget left/i,
    );
    expect(screen.getByTestId('tv-integration')).toHaveTextContent(
      /ridely.*95\.00 %.*BELOW target 99 %/,
    );
    await advance(5);
    expect(showing()).toBe('tv-slide-business');
    await advance(5);
    expect(showing()).toBe('tv-slide-north-star');
    expect(
      within(screen.getByTestId('tv-dots'))
        .getAllByRole('listitem')
        .map(d => d.getAttribute('aria-current')),
    ).toEqual(['step', null, null, null]);
  });

  it('skips slides without content', async () => {
    await renderPage({
      tv: async () =>
        groupView({
          northStar: null,
          metrics: [kpi('bookings', 'business', 321)],
        }),
      query: '?slide=5',
    });
    expect(await screen.findByTestId('tv-slide-health')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('tv-dots')).getAllByRole('listitem'),
    ).toHaveLength(2);
    await advance(5);
    expect(showing()).toBe('tv-slide-business');
    await advance(5);
    expect(showing()).toBe('tv-slide-health');
  });

  it('keeps the last good data when a refresh fails, and says since when', async () => {
    const answers: Array<() => Promise<GroupMetricsResponse>> = [
      async () => full,
      async () => {
        throw new Error('backend down');
      },
      async () =>
        groupView({ northStar: { ...northStar, value: 20_000 }, metrics: [] }),
    ];
    let call = 0;
    const api = await renderPage({
      tv: () => answers[Math.min(call++, answers.length - 1)](),
      query: '?slide=600&refresh=30',
    });
    expect(await screen.findByTestId('tv-north-star-value')).toHaveTextContent(
      '12,345',
    );
    expect(screen.getByTestId('tv-updated')).toHaveTextContent(/^Updated /);

    await advance(30);
    expect(api.getGroupTvView).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('tv-north-star-value')).toHaveTextContent(
      '12,345',
    );
    expect(screen.getByTestId('tv-updated')).toHaveTextContent(
      /Last updated \d\d:\d\d, refresh failed, retrying/,
    );

    await advance(30);
    expect(screen.getByTestId('tv-north-star-value')).toHaveTextContent(
      '20,000',
    );
    expect(screen.getByTestId('tv-updated')).toHaveTextContent(/^Updated /);
  });

  it('clamps the URL’s pace', async () => {
    await renderPage({ tv: async () => full, query: '?slide=0' });
    await screen.findByTestId('tv-slide-north-star');
    await advance(2);
    expect(showing()).toBe('tv-slide-usage');
  });

  it('turns at metrics.tv.slideSeconds without URL parameters', async () => {
    await renderPage({ tv: async () => full, config: { slideSeconds: 30 } });
    await screen.findByTestId('tv-slide-north-star');
    await advance(29);
    expect(showing()).toBe('tv-slide-north-star');
    await advance(1);
    expect(showing()).toBe('tv-slide-usage');
  });

  it('shows the TV view, never the squad view with its sensitive metrics', async () => {
    // The squad view a member may read holds a sensitive KPI; the TV view leaves it out.
    const squad = groupView({
      metrics: [
        kpi('bookings', 'business', 321),
        kpi('fraud-losses', 'business', 9),
      ],
    });
    const tv = groupView({
      metrics: [kpi('bookings', 'business', 321)],
      hiddenSensitive: 1,
    });
    const api = await renderPage({
      tv: async () => tv,
      squad: async () => squad,
      query: '?slide=5',
    });
    await screen.findByTestId('tv-slide-health');
    await advance(5);
    expect(showing()).toBe('tv-slide-business');
    expect(screen.getByText('bookings')).toBeInTheDocument();
    expect(screen.queryByText('fraud-losses')).not.toBeInTheDocument();
    expect(
      screen.getByText('1 sensitive metric never shown on screens'),
    ).toBeInTheDocument();
    expect(api.getGroupView).not.toHaveBeenCalled();
  });

  it('covers the window in its dark theme, with full screen and a way back to the squad tab', async () => {
    const requestFullscreen = jest.fn(async () => undefined);
    document.documentElement.requestFullscreen = requestFullscreen;
    HTMLElement.prototype.requestFullscreen = requestFullscreen;
    try {
      await renderPage({ tv: async () => full });
      await screen.findByTestId('tv-north-star-value');
      const screenRoot = screen.getByTestId('tv-screen');
      expect(screenRoot).toHaveStyle({
        position: 'fixed',
        backgroundColor: '#0b0f14',
        color: '#ffffff',
      });
      expect(screen.getByTestId('tv-north-star-value')).toHaveStyle({
        fontSize: '120px',
      });
      expect(
        screen.getByRole('link', { name: 'Exit TV mode' }),
      ).toHaveAttribute(
        'href',
        '/catalog/default/group/mobility-squad/metrics',
      );
      await act(async () => {
        screen.getByRole('button', { name: 'Full screen' }).click();
      });
      expect(requestFullscreen).toHaveBeenCalled();
    } finally {
      delete (document.documentElement as Partial<HTMLElement>)
        .requestFullscreen;
      delete (HTMLElement.prototype as Partial<HTMLElement>).requestFullscreen;
    }
  });

  it('says so when the first load fails', async () => {
    await renderPage({
      tv: async () => {
        throw new Error('backend down');
      },
    });
    expect(
      await screen.findByText(
        /Could not load the squad's metrics \(backend down\)/,
      ),
    ).toBeInTheDocument();
  });

  it('says so when no slide has content', async () => {
    await renderPage({
      tv: async () =>
        groupView({
          entities: { status: 'ok', items: [] },
          integrations: { status: 'ok', items: [] },
          metrics: [],
        }),
    });
    expect(await screen.findByText(/Nothing to show yet/)).toBeInTheDocument();
    expect(screen.queryByTestId(/^tv-slide-/)).not.toBeInTheDocument();
  });
});
