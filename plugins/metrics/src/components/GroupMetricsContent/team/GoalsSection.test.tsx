import {
  addDays,
  MetricValue,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { groupView, ownedMetric } from '../../testData';
import { GoalsSection } from './GoalsSection';
import { MaturitySection } from './MaturitySection';
import { fakeMetricsApi, renderTeam } from './__testUtils__/renderTeam';
import {
  TODAY,
  goal,
  responseError,
  squadEntity,
} from './__testUtils__/teamData';

const view = groupView({
  metrics: [
    ownedMetric(),
    ownedMetric({
      id: 'kpi:sign-ups',
      kind: 'kpi',
      name: 'sign-ups',
      bucket: 'business',
      source: 'sql',
    }),
  ],
});

const goals = [
  goal({ id: 'open', status: 'open', notes: 'Fewer 5xx after the retry work' }),
  goal({
    id: 'due',
    metric: {
      entityRef: 'component:default/trip-planner',
      metricId: 'integration:ridely',
    },
    metricName: 'ridely',
    baseline: 0.95,
    target: 0.99,
    dueDate: addDays(TODAY, -2),
    status: 'due',
    measuredOutcome: 0.9962,
  }),
  goal({
    id: 'met',
    metric: {
      entityRef: 'component:default/customer-api',
      metricId: 'kpi:sign-ups',
    },
    metricName: 'sign-ups',
    unit: 'count',
    baseline: 12345,
    target: 15000,
    dueDate: addDays(TODAY, -30),
    status: 'met',
    followUp: {
      goalId: 'met',
      measuredOutcome: 15230,
      met: true,
      notes: 'The referral campaign worked',
      author: 'user:default/jane',
      createdAt: `${addDays(TODAY, -29)}T10:00:00.000Z`,
      revision: 1,
    },
  }),
  goal({
    id: 'missed',
    baseline: 0.99,
    target: 0.98,
    direction: 'decrease',
    dueDate: addDays(TODAY, -60),
    status: 'missed',
    followUp: {
      goalId: 'missed',
      measuredOutcome: 0.985,
      met: false,
      author: 'user:default/joe',
      createdAt: `${addDays(TODAY, -59)}T10:00:00.000Z`,
      revision: 1,
    },
  }),
];

function measured(overrides: Partial<MetricValue> = {}): MetricValue {
  return {
    metric: {
      entityRef: 'component:default/customer-api',
      metricId: 'slo:availability',
    },
    name: 'availability',
    unit: 'ratio',
    value: 0.9876,
    numerator: 9876,
    denominator: 10000,
    fromDay: addDays(TODAY, -7),
    toDay: addDays(TODAY, -1),
    source: 'snapshots',
    ...overrides,
  };
}

// The dialogs have several fields to fill, which is slow on a busy machine.
jest.setTimeout(30_000);

const user = userEvent.setup({ delay: null });

async function fill(field: HTMLElement, text: string) {
  await user.click(field);
  await user.paste(text);
}

function row(id: string): HTMLElement {
  return screen
    .getAllByTestId('goal-row')
    .find(r => r.getAttribute('data-goal-id') === id)!;
}

async function pickMetric(name: RegExp) {
  await user.click(screen.getByRole('button', { name: /Metric/ }));
  await user.click(await screen.findByRole('option', { name }));
}

describe('GoalsSection', () => {
  it('lists the goals with their values, status and follow-up, and counts them', async () => {
    const api = fakeMetricsApi({ listGoals: async () => goals });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });

    await screen.findAllByTestId('goal-row');
    expect(api.listGoals).toHaveBeenCalledWith({
      kind: 'group',
      namespace: 'default',
      name: 'mobility-squad',
    });
    expect(row('open')).toHaveTextContent('97.00 % → 99.50 %');
    expect(row('open')).toHaveTextContent('in 14 days');
    expect(row('open')).toHaveTextContent('Fewer 5xx after the retry work');
    expect(within(row('open')).getByTestId('goal-status')).toHaveTextContent(
      'open',
    );
    expect(
      within(row('open')).queryByRole('button', { name: 'Follow up' }),
    ).not.toBeInTheDocument();

    expect(within(row('due')).getByTestId('goal-status')).toHaveTextContent(
      'due',
    );
    expect(row('due')).toHaveTextContent('2 days ago');
    expect(row('due')).toHaveTextContent('measured 99.62 %');
    expect(
      within(row('due')).getByRole('button', { name: 'Follow up' }),
    ).toBeEnabled();

    expect(row('met')).toHaveTextContent('12,345 → 15,000');
    expect(row('met')).toHaveTextContent('15,230 · met');
    expect(row('met')).toHaveTextContent('The referral campaign worked');
    expect(
      within(row('met')).getByRole('link', { name: 'jane' }),
    ).toBeInTheDocument();
    expect(row('missed')).toHaveTextContent('99.00 % → 98.00 %');
    expect(row('missed')).toHaveTextContent('98.50 % · missed');

    expect(screen.getByTestId('goal-count-met')).toHaveTextContent('1');
    expect(screen.getByTestId('goal-count-missed')).toHaveTextContent('1');
    expect(screen.getByTestId('goal-count-due')).toHaveTextContent('1');
    expect(screen.getByTestId('goal-count-open')).toHaveTextContent('1');
  });

  it('invites to set a first goal', async () => {
    const api = fakeMetricsApi({ listGoals: async () => [] });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });

    expect(await screen.findByText(/No goals yet/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'New goal' })).toBeEnabled();
  });

  it('shows why the goals could not be read', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => {
        throw await responseError(500, 'Internal Server Error', {
          name: 'Error',
          message: 'database is locked',
        });
      },
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });

    expect(
      await screen.findByText(/Could not read the squad's goals/),
    ).toBeInTheDocument();
    expect(screen.getByTestId('metrics-team-goals')).toHaveTextContent(
      'database is locked',
    );
  });

  it('creates a goal from the measured baseline, with the target in percent sent as a ratio', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => [],
      getMetricValue: async () => measured(),
      createGoal: async (_team, request) =>
        goal({
          baseline: request.baseline!,
          target: request.target,
          dueDate: request.dueDate,
        }),
    });
    await renderTeam(
      <>
        <MaturitySection />
        <GoalsSection view={view} loading={false} />
      </>,
      { api },
    );
    await screen.findByText(/No goals yet/);

    await user.click(screen.getByRole('button', { name: 'New goal' }));
    const dialog = await screen.findByRole('dialog');
    await pickMetric(/availability \(SLO\)/);

    const baseline = within(dialog).getByLabelText('Baseline (%)');
    await waitFor(() => expect(baseline).toHaveValue('98.76'));
    expect(api.getMetricValue).toHaveBeenCalledWith(
      { kind: 'group', namespace: 'default', name: 'mobility-squad' },
      {
        entityRef: 'component:default/customer-api',
        metricId: 'slo:availability',
      },
    );
    expect(dialog).toHaveTextContent('Measured 98.76 % over');
    expect(within(dialog).getByLabelText('Due date')).toHaveValue(
      addDays(TODAY, 28),
    );

    await fill(within(dialog).getByLabelText('Target (%)'), '99.5');
    await fill(
      within(dialog).getByLabelText('Notes'),
      'Retry budget on the payment calls',
    );
    expect(api.getTeamMaturity).toHaveBeenCalledTimes(1);
    await user.click(
      within(dialog).getByRole('button', { name: 'Create goal' }),
    );

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.createGoal).toHaveBeenCalledWith(
      { kind: 'group', namespace: 'default', name: 'mobility-squad' },
      {
        metric: {
          entityRef: 'component:default/customer-api',
          metricId: 'slo:availability',
        },
        // as measured, not as rounded in the field
        baseline: 0.9876,
        target: 0.995,
        dueDate: addDays(TODAY, 28),
        notes: 'Retry budget on the payment calls',
      },
    );
    // the goals and the maturity stage are read again
    await waitFor(() => expect(api.listGoals).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(api.getTeamMaturity).toHaveBeenCalledTimes(2));
  });

  it('sends an edited baseline and KPI values as typed', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => [],
      getMetricValue: async () =>
        measured({
          metric: {
            entityRef: 'component:default/customer-api',
            metricId: 'kpi:sign-ups',
          },
          name: 'sign-ups',
          unit: 'count',
          value: 1200,
          numerator: 1200,
          denominator: undefined,
        }),
      createGoal: async () => goal(),
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findByText(/No goals yet/);

    await user.click(screen.getByRole('button', { name: 'New goal' }));
    const dialog = await screen.findByRole('dialog');
    await pickMetric(/sign-ups \(KPI\)/);
    const baseline = within(dialog).getByLabelText('Baseline');
    await waitFor(() => expect(baseline).toHaveValue('1200'));
    expect(dialog).toHaveTextContent('Measured 1,200 over');

    await user.clear(baseline);
    await fill(baseline, '1100');
    await fill(within(dialog).getByLabelText('Target'), '1,500');
    await user.click(
      within(dialog).getByRole('button', { name: 'Create goal' }),
    );

    await waitFor(() => expect(api.createGoal).toHaveBeenCalled());
    expect(api.createGoal.mock.calls[0][1]).toEqual({
      metric: {
        entityRef: 'component:default/customer-api',
        metricId: 'kpi:sign-ups',
      },
      baseline: 1100,
      target: 1500,
      dueDate: addDays(TODAY, 28),
    });
  });

  it('checks the form before sending it', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => [],
      getMetricValue: async () => measured(),
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findByText(/No goals yet/);

    await user.click(screen.getByRole('button', { name: 'New goal' }));
    const dialog = await screen.findByRole('dialog');
    await user.click(
      within(dialog).getByRole('button', { name: 'Create goal' }),
    );
    expect(dialog).toHaveTextContent('Pick one of the squad’s metrics');

    await pickMetric(/availability \(SLO\)/);
    await fill(within(dialog).getByLabelText('Target (%)'), '120');
    await user.click(
      within(dialog).getByRole('button', { name: 'Create goal' }),
    );
    expect(dialog).toHaveTextContent('Enter a percentage from 0 to 100');
    expect(api.createGoal).not.toHaveBeenCalled();
  });

  it('shows the backend’s error in the dialog and keeps what was typed', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => [],
      getMetricValue: async () => measured({ value: null }),
      createGoal: async () => {
        throw await responseError(400, 'Bad Request', {
          name: 'InputError',
          message: 'No data to measure the baseline of slo:availability',
        });
      },
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findByText(/No goals yet/);

    await user.click(screen.getByRole('button', { name: 'New goal' }));
    const dialog = await screen.findByRole('dialog');
    await pickMetric(/availability \(SLO\)/);
    await waitFor(() => expect(dialog).toHaveTextContent('No data for'));
    await fill(within(dialog).getByLabelText('Target (%)'), '99.9');
    await user.click(
      within(dialog).getByRole('button', { name: 'Create goal' }),
    );

    const error = await within(dialog).findByRole('alert');
    expect(error).toHaveTextContent('Could not create the goal');
    expect(error).toHaveTextContent(
      'No data to measure the baseline of slo:availability',
    );
    expect(api.createGoal.mock.calls[0][1]).not.toHaveProperty('baseline');
    expect(within(dialog).getByLabelText('Target (%)')).toHaveValue('99.9');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('follows a due goal up, pre-filled with the measured outcome', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      createFollowUp: async () => goal({ status: 'missed' }),
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');

    await user.click(
      within(row('due')).getByRole('button', { name: 'Follow up' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Follow up: ridely');
    expect(within(dialog).getByTestId('follow-up-outcome')).toHaveTextContent(
      '99.62 %',
    );
    expect(dialog).toHaveTextContent('95.00 %');
    expect(dialog).toHaveTextContent('99.00 %');
    expect(within(dialog).getByRole('radio', { name: 'Met' })).toBeChecked();
    expect(within(dialog).getByTestId('follow-up-verdict')).toHaveTextContent(
      'Measured: met',
    );

    // the squad overrules the verdict
    await user.click(within(dialog).getByRole('radio', { name: 'Missed' }));
    expect(within(dialog).getByTestId('follow-up-verdict')).toHaveTextContent(
      'Measured: met (overruled)',
    );
    await fill(
      within(dialog).getByLabelText('Notes'),
      'Only thanks to a quiet week',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record follow-up' }),
    );

    await waitFor(() =>
      expect(api.createFollowUp).toHaveBeenCalledWith(
        { kind: 'group', namespace: 'default', name: 'mobility-squad' },
        'due',
        { met: false, notes: 'Only thanks to a quiet week' },
      ),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(api.listGoals).toHaveBeenCalledTimes(2));
  });

  it('leaves the verdict to the backend unless overruled, and shows its errors', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      createFollowUp: async () => {
        throw await responseError(409, 'Conflict', {
          name: 'ConflictError',
          message: 'Goal due was already followed up',
        });
      },
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');

    await user.click(
      within(row('due')).getByRole('button', { name: 'Follow up' }),
    );
    const dialog = await screen.findByRole('dialog');
    await fill(within(dialog).getByLabelText('Notes'), 'Done');
    await user.click(
      within(dialog).getByRole('button', { name: 'Record follow-up' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Goal due was already followed up',
    );
    expect(api.createFollowUp.mock.calls[0][2]).toEqual({ notes: 'Done' });
    expect(within(dialog).getByLabelText('Notes')).toHaveValue('Done');
  });

  it('asks for a verdict when the outcome could not be measured', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => [
        goal({ id: 'due', status: 'due', measuredOutcome: null }),
      ],
      createFollowUp: async () => goal({ status: 'met' }),
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });

    await user.click(await screen.findByRole('button', { name: 'Follow up' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('follow-up-outcome')).toHaveTextContent(
      'no data',
    );
    expect(
      within(dialog).getByRole('radio', { name: 'Met' }),
    ).not.toBeChecked();
    expect(
      within(dialog).getByRole('radio', { name: 'Missed' }),
    ).not.toBeChecked();
    await user.click(
      within(dialog).getByRole('button', { name: 'Record follow-up' }),
    );
    expect(within(dialog).getByTestId('follow-up-verdict')).toHaveTextContent(
      'Say whether the target was met',
    );
    expect(api.createFollowUp).not.toHaveBeenCalled();

    await user.click(within(dialog).getByRole('radio', { name: 'Met' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Record follow-up' }),
    );
    await waitFor(() =>
      expect(api.createFollowUp.mock.calls[0][2]).toEqual({ met: true }),
    );
  });

  it('disables the buttons for those who may not write, and says why', async () => {
    const api = fakeMetricsApi({ listGoals: async () => goals });
    // another squad than the other tests: the permission hook caches answers per resource
    await renderTeam(<GoalsSection view={view} loading={false} />, {
      api,
      entity: squadEntity('locked-squad'),
      permission: mockApis.permission({
        authorize: 'DENY' as AuthorizeResult.DENY,
      }),
    });
    await screen.findAllByTestId('goal-row');

    const newGoal = screen.getByRole('button', { name: 'New goal' });
    await waitFor(() => expect(newGoal).toBeDisabled());
    await user.hover(newGoal.parentElement!);
    expect(
      await screen.findByText('Only members of locked-squad can create goals'),
    ).toBeInTheDocument();

    const followUp = within(row('due')).getByRole('button', {
      name: 'Follow up',
    });
    expect(followUp).toBeDisabled();
    await user.hover(followUp.parentElement!);
    expect(
      await screen.findByText(
        'Only members of locked-squad can follow up goals',
      ),
    ).toBeInTheDocument();
  });

  it('cannot create a goal without metrics to set it on', async () => {
    const api = fakeMetricsApi({ listGoals: async () => [] });
    await renderTeam(
      <GoalsSection view={groupView({ metrics: [] })} loading={false} />,
      { api },
    );
    await screen.findByText(/No goals yet/);

    const newGoal = screen.getByRole('button', { name: 'New goal' });
    await waitFor(() => expect(newGoal).toBeDisabled());
    await user.hover(newGoal.parentElement!);
    expect(
      await screen.findByText("The squad's services declare no metrics yet"),
    ).toBeInTheDocument();
  });
});
