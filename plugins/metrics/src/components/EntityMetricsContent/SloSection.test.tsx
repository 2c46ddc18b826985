import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  EntityMetricsResponse,
  MetricsApi,
} from '@metrics-suite/backstage-plugin-metrics-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { metricsApiRef } from '../../api';
import { comparedView, entityView, sloItem } from '../testData';
import { formatStoredDay } from '../shared/format';
import { staleMessage } from '../shared/StaleNote';
import { SloSection } from './SloSection';

const REASON =
  "Prometheus 'main' failed (unavailable, HTTP 503): TSDB not ready";

/** The SLO rebuilt from snapshots while Prometheus is down, as the backend answers it. */
const storedSlo = sloItem({
  sli: 0.9995,
  budgetRemaining: 0.5,
  burnRates: {},
  alert: 'none',
  state: 'healthy',
  counts: { good: 269_865, valid: 270_000 },
  series: undefined,
  links: undefined,
  stale: { asOf: '2026-11-21', reason: REASON },
});

const getRules = jest.fn<
  ReturnType<MetricsApi['getRules']>,
  Parameters<MetricsApi['getRules']>
>(async (_ref, options) => ({
  fileName: `checkout.${options?.format}.yaml`,
  text: `# ${options?.format} of checkout\ngroups: []\n`,
}));

async function render(
  current: EntityMetricsResponse,
  previous?: EntityMetricsResponse,
) {
  const view = previous ? comparedView(current, previous) : current;
  await renderInTestApp(
    <TestApiProvider
      apis={[[metricsApiRef, { getRules } as unknown as MetricsApi]]}
    >
      <SloSection view={view} loading={false} range="7d" />
    </TestApiProvider>,
  );
}

describe('SloSection with stored history', () => {
  it('says the SLO comes from stored history up to which day and why, with the error once', async () => {
    await render(
      entityView({
        slos: { status: 'error', error: REASON, items: [storedSlo] },
      }),
      // A previous period would give deltas to a live card: none on a stored one.
      entityView({ slos: { status: 'ok', items: [sloItem({ sli: 0.99 })] } }),
    );

    const section = screen.getByTestId('metrics-slos');
    expect(
      within(section).getByText(
        'Error: Could not read the SLOs live: showing stored history',
      ),
    ).toBeInTheDocument();
    // The section's error shows once; the card repeats the reason in its own sentence.
    expect(within(section).getAllByText(REASON)).toHaveLength(1);

    const card = within(section).getByTestId('slo-slo:availability');
    expect(within(card).getByTestId('slo-stale')).toHaveTextContent(
      `Stored history up to 21 Nov 2026 — live data unavailable: ${REASON}`,
    );
    expect(within(card).getByTestId('slo-sli')).toHaveTextContent('99.950 %');
    expect(within(card).getByTestId('slo-budget')).toHaveTextContent('50.0 %');
    expect(
      within(card).getByText('SLI over the 28d up to 21 Nov 2026'),
    ).toBeInTheDocument();
    // Nothing that needs the live source: burn rates, charts, deltas.
    expect(within(card).queryByTestId('burn-rates')).not.toBeInTheDocument();
    expect(
      within(card).queryByText('SLI over 28d vs objective'),
    ).not.toBeInTheDocument();
    expect(within(card).queryByTestId('metrics-delta')).not.toBeInTheDocument();
  });

  it('keeps burn rates and charts on a live SLO', async () => {
    await render(entityView());

    const card = screen.getByTestId('slo-slo:availability');
    expect(within(card).queryByTestId('slo-stale')).not.toBeInTheDocument();
    expect(within(card).getByTestId('burn-rates')).toBeInTheDocument();
    expect(
      within(card).getByText('SLI over 28d vs objective'),
    ).toBeInTheDocument();
  });

  it('shows only the error when nothing was stored', async () => {
    await render(
      entityView({ slos: { status: 'error', error: REASON, items: [] } }),
    );

    const section = screen.getByTestId('metrics-slos');
    expect(
      within(section).getByText('Error: Could not load the SLOs'),
    ).toBeInTheDocument();
    expect(within(section).getByText(REASON)).toBeInTheDocument();
    expect(within(section).queryByTestId('slo-stale')).not.toBeInTheDocument();
  });
});

describe('SloSection with an error-budget policy', () => {
  const steps = [
    { name: 'freeze', below: 0, action: 'Freeze risky releases' },
    { name: 'watch', below: 50, action: 'Look at the burn in stand-up' },
    {
      name: 'reliability-first',
      below: 25,
      action: 'Reliability work before features',
    },
  ];

  it('shows the step the backend says applies now, and the whole policy on expand', async () => {
    await render(
      entityView({
        slos: {
          status: 'ok',
          items: [
            sloItem({
              budgetRemaining: 0.2,
              policy: { steps, current: steps[2] },
            }),
          ],
        },
      }),
    );

    const card = screen.getByTestId('slo-slo:availability');
    const current = within(card).getByTestId('slo-policy-current');
    expect(current).toHaveTextContent('Reliability work before features');
    expect(current).toHaveTextContent(
      'Error-budget policy step “reliability-first”: applies below 25 % of the budget left',
    );
    const toggle = within(card).getByRole('button', {
      name: 'Show policy (3 steps)',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    fireEvent.click(toggle);
    await waitFor(() =>
      expect(
        within(card).getByRole('button', { name: 'Hide policy' }),
      ).toHaveAttribute('aria-expanded', 'true'),
    );
    const listed = within(within(card).getByTestId('slo-policy-steps'))
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(listed).toEqual([
      'below 50 % budget left: Look at the burn in stand-up',
      'below 25 % budget left: Reliability work before features (now)',
      'budget spent: Freeze risky releases',
    ]);
  });

  it('says when no step applies, and shows nothing for an SLO without a policy', async () => {
    await render(
      entityView({
        slos: {
          status: 'ok',
          items: [
            sloItem({ policy: { steps } }),
            sloItem({ id: 'slo:latency', name: 'latency' }),
          ],
        },
      }),
    );

    const withPolicy = screen.getByTestId('slo-slo:availability');
    expect(within(withPolicy).getByTestId('slo-policy')).toHaveTextContent(
      'Error-budget policy: no step applies now',
    );
    expect(
      within(withPolicy).queryByTestId('slo-policy-current'),
    ).not.toBeInTheDocument();
    expect(
      within(screen.getByTestId('slo-slo:latency')).queryByTestId('slo-policy'),
    ).not.toBeInTheDocument();
  });
});

describe('formatStoredDay and staleMessage', () => {
  it('reads the stored UTC day as written', () => {
    expect(formatStoredDay('2026-11-21')).toBe('21 Nov 2026');
    expect(formatStoredDay('2027-01-01')).toBe('1 Jan 2027');
    expect(formatStoredDay('not a day')).toBe('not a day');
    expect(staleMessage({ asOf: '2026-09-05', reason: 'timeout' })).toBe(
      'Stored history up to 5 Sep 2026 — live data unavailable: timeout',
    );
  });
});

describe('SloSection and recording rules', () => {
  it('says on each card what the numbers were computed from, as the backend answers', async () => {
    await render(
      entityView({
        slos: {
          status: 'ok',
          items: [
            sloItem({ computedFrom: { source: 'recording-rules' } }),
            sloItem({
              id: 'slo:latency',
              name: 'latency',
              computedFrom: {
                source: 'raw-series',
                note: 'the recording rules cover 70 of the 672 hours of the SLO window (not backfilled yet)',
              },
            }),
          ],
        },
      }),
    );
    expect(
      within(screen.getByTestId('slo-slo:availability')).getByTestId(
        'slo-computed-from',
      ),
    ).toHaveTextContent('From recording rules');
    expect(
      within(screen.getByTestId('slo-slo:latency')).getByTestId(
        'slo-computed-from',
      ),
    ).toHaveTextContent(
      'From raw series: the recording rules cover 70 of the 672 hours of the SLO window (not backfilled yet)',
    );
  });

  it('shows the generated rules in each format, asked for only when opened', async () => {
    getRules.mockClear();
    await render(entityView());
    expect(getRules).not.toHaveBeenCalled();
    fireEvent.click(screen.getByTestId('prometheus-rules-open'));
    await waitFor(() =>
      expect(screen.getByTestId('prometheus-rules-text')).toHaveTextContent(
        '# rules of checkout',
      ),
    );
    expect(getRules).toHaveBeenLastCalledWith(
      expect.objectContaining({ kind: 'component', name: 'customer-api' }),
      { format: 'rules' },
    );
    fireEvent.click(screen.getByRole('tab', { name: 'OpenSLO' }));
    await waitFor(() =>
      expect(screen.getByTestId('prometheus-rules-text')).toHaveTextContent(
        '# openslo of checkout',
      ),
    );
  });
});
