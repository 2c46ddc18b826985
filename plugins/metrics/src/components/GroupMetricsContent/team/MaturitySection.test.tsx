import { NotFoundError } from '@backstage/errors';
import { screen, within } from '@testing-library/react';
import { MaturitySection } from './MaturitySection';
import { fakeMetricsApi, renderTeam } from './__testUtils__/renderTeam';
import { TODAY, teamMaturity } from './__testUtils__/teamData';

describe('MaturitySection', () => {
  it('shows the stage, the evidence of every stage and the next step', async () => {
    const api = fakeMetricsApi();
    await renderTeam(<MaturitySection />, { api });

    expect(await screen.findByTestId('maturity-stage')).toHaveTextContent(
      'Stage 3 of 6 · project follow-up',
    );
    expect(api.getTeamMaturity).toHaveBeenCalledWith({
      kind: 'group',
      namespace: 'default',
      name: 'mobility-squad',
    });
    const nextStep = screen.getByTestId('maturity-next-step');
    expect(within(nextStep).getByText('Next step')).toBeInTheDocument();
    expect(nextStep).toHaveTextContent(
      'Look at the metrics in 2 more of the coming weeks, or record the weekly review.',
    );

    const stage = (n: number) => screen.getByTestId(`maturity-check-${n}`);
    expect(stage(3)).toHaveAttribute('data-met', 'true');
    expect(stage(3)).toHaveTextContent(
      '1 goal followed up with its measured outcome',
    );
    expect(within(stage(3)).getByTitle('evidence met')).toBeInTheDocument();
    expect(stage(4)).toHaveAttribute('data-met', 'false');
    expect(within(stage(4)).getByTitle('evidence not met')).toBeInTheDocument();
    expect(stage(4)).toHaveTextContent(
      'Metrics looked at in 1 of the last 4 weeks; 3 needed',
    );
    // the stage after the reached one is the next, even with later evidence met
    expect(within(stage(4)).getByText('next')).toBeInTheDocument();
    expect(stage(5)).toHaveAttribute('data-met', 'true');
    expect(within(stage(5)).queryByText('next')).not.toBeInTheDocument();
  });

  it('summarises how the stage moved', async () => {
    await renderTeam(<MaturitySection />, { api: fakeMetricsApi() });

    const chart = await screen.findByRole('img', { name: /Stage history/ });
    expect(chart.getAttribute('aria-label')).toMatch(
      /^Stage history: Stage 1 on .+, stage 3 on .+$/,
    );
  });

  it('says when today is the first assessment', async () => {
    const api = fakeMetricsApi({
      getTeamMaturity: async () =>
        teamMaturity({ history: [{ day: TODAY, stage: 3 }] }),
    });
    await renderTeam(<MaturitySection />, { api });

    expect(
      await screen.findByText('First assessment today: stage 3.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('img', { name: /Stage history/ }),
    ).not.toBeInTheDocument();
  });

  it('says when the top stage is reached', async () => {
    const api = fakeMetricsApi({
      getTeamMaturity: async () =>
        teamMaturity({
          stage: 6,
          stageName: 'regularly acting',
          nextStep: undefined,
          checks: teamMaturity().checks.map(c => ({ ...c, met: true })),
        }),
    });
    await renderTeam(<MaturitySection />, { api });

    expect(await screen.findByTestId('maturity-stage')).toHaveTextContent(
      'Stage 6 of 6 · regularly acting',
    );
    expect(screen.getByTestId('maturity-next-step')).toHaveTextContent(
      'Top stage reached',
    );
    expect(screen.queryByText('next')).not.toBeInTheDocument();
  });

  it('explains that a group that is not a team is not assessed', async () => {
    const api = fakeMetricsApi({
      getTeamMaturity: async () => {
        throw new NotFoundError('No team group:default/mobility-squad');
      },
    });
    await renderTeam(<MaturitySection />, { api });

    expect(
      await screen.findByText('Not assessed as a team'),
    ).toBeInTheDocument();
    expect(screen.getByTestId('metrics-team-maturity')).toHaveAttribute(
      'data-status',
      'not-assessed',
    );
  });

  it('shows other errors', async () => {
    const api = fakeMetricsApi({
      getTeamMaturity: async () => {
        throw new Error('connection refused');
      },
    });
    await renderTeam(<MaturitySection />, { api });

    expect(
      await screen.findByText(/Could not read the squad's maturity/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/connection refused/).length).toBeGreaterThan(0);
    expect(screen.getByTestId('metrics-team-maturity')).toHaveAttribute(
      'data-status',
      'error',
    );
  });
});
