import {
  RecordRevision,
  addDays,
} from '@metrics-suite/backstage-plugin-metrics-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { groupView, ownedMetric } from '../../testData';
import { GoalsSection } from './GoalsSection';
import { WeeklyReviewSection } from './WeeklyReviewSection';
import { fakeMetricsApi, renderTeam } from './__testUtils__/renderTeam';
import {
  THIS_WEEK,
  TODAY,
  goal,
  responseError,
  review,
  squadEntity,
} from './__testUtils__/teamData';

// The dialogs have several fields to fill, which is slow on a busy machine.
jest.setTimeout(30_000);

const user = userEvent.setup({ delay: null });
const squad = { kind: 'group', namespace: 'default', name: 'mobility-squad' };
const availability = {
  entityRef: 'component:default/customer-api',
  metricId: 'slo:availability',
};
const view = groupView({ metrics: [ownedMetric()] });

const goals = [
  goal({ id: 'open', status: 'open', revision: 2 }),
  goal({
    id: 'met',
    dueDate: addDays(TODAY, -3),
    status: 'met',
    updatedAt: `${TODAY}T08:00:00.000Z`,
    updatedBy: 'user:default/joe',
    followUp: {
      goalId: 'met',
      measuredOutcome: 0.996,
      met: true,
      author: 'user:default/jane',
      createdAt: `${addDays(TODAY, -2)}T10:00:00.000Z`,
      revision: 3,
    },
  }),
];

function row(testId: string, id: string): HTMLElement {
  return screen
    .getAllByTestId(testId)
    .find(
      r =>
        r.getAttribute('data-goal-id') === id ||
        r.getAttribute('data-review-id') === id,
    )!;
}

async function choose(rowElement: HTMLElement, action: string) {
  await user.click(
    within(rowElement).getByRole('button', { name: /^Actions on the/ }),
  );
  await user.click(await screen.findByRole('menuitem', { name: action }));
}

async function retype(field: HTMLElement, text: string) {
  await user.clear(field);
  await user.click(field);
  await user.paste(text);
}

describe('editing goals and follow-ups', () => {
  it('edits a goal from its row, pre-filled, sending what changed on its revision', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      updateGoal: async () => goals[0],
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');

    await choose(row('goal-row', 'open'), 'Edit goal');
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Edit goal: availability');
    expect(within(dialog).getByLabelText('Baseline (%)')).toHaveValue('97');
    const target = within(dialog).getByLabelText('Target (%)');
    expect(target).toHaveValue('99.5');
    await retype(target, '99.7');
    await retype(
      within(dialog).getByLabelText('Reason for the change'),
      'Typo in the target',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );

    await waitFor(() =>
      expect(api.updateGoal).toHaveBeenCalledWith(squad, 'open', {
        target: 0.997,
        revision: 2,
        reason: 'Typo in the target',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(api.listGoals).toHaveBeenCalledTimes(2));
  });

  it('says clearly when someone else changed the goal, and reloads it', async () => {
    const message =
      'Goal open was changed by someone else since you loaded it (you edited revision 2, it is now at revision 3); reload it and make your change again';
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      updateGoal: async () => {
        throw await responseError(409, 'Conflict', {
          name: 'ConflictError',
          message,
        });
      },
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');

    await choose(row('goal-row', 'open'), 'Edit goal');
    const dialog = await screen.findByRole('dialog');
    await retype(within(dialog).getByLabelText('Notes'), 'More retries');
    await user.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Could not save the goal');
    expect(alert).toHaveTextContent(message);
    expect(alert).toHaveTextContent('The page now shows the current version');
    await waitFor(() => expect(api.listGoals).toHaveBeenCalledTimes(2));
    expect(within(dialog).getByLabelText('Notes')).toHaveValue('More retries');
  });

  it('shows who edited a goal, and withdraws its follow-up with a reason', async () => {
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      withdrawFollowUp: async () => goal({ id: 'met', status: 'due' }),
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');
    const met = row('goal-row', 'met');
    expect(within(met).getByTestId('edited-note')).toHaveTextContent(
      /edited by joe/,
    );
    expect(
      within(row('goal-row', 'open')).queryByTestId('edited-note'),
    ).not.toBeInTheDocument();

    await choose(met, 'Withdraw follow-up');
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent(
      'Withdraw the follow-up of the goal on availability?',
    );
    expect(dialog).toHaveTextContent('The goal waits for a follow-up again.');
    await retype(within(dialog).getByLabelText('Reason'), 'Wrong week');
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw' }));

    await waitFor(() =>
      expect(api.withdrawFollowUp).toHaveBeenCalledWith(squad, 'met', {
        reason: 'Wrong week',
        revision: 3,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("lists a goal's history: who, when, what changed and why", async () => {
    const api = fakeMetricsApi({
      listGoals: async () => goals,
      getGoalHistory: async (): Promise<RecordRevision[]> => [
        {
          kind: 'goal',
          recordId: 'open',
          revision: 2,
          change: 'edited',
          author: 'user:default/joe',
          at: `${TODAY}T08:00:00.000Z`,
          changes: { target: { from: 0.995, to: 0.997 }, notes: { from: 'x' } },
          reason: 'Typo in the target',
        },
        {
          kind: 'goal',
          recordId: 'open',
          revision: 1,
          change: 'created',
          author: 'user:default/jane',
          at: `${addDays(TODAY, -14)}T09:00:00.000Z`,
          changes: {},
        },
      ],
    });
    await renderTeam(<GoalsSection view={view} loading={false} />, { api });
    await screen.findAllByTestId('goal-row');

    await choose(row('goal-row', 'open'), 'History');
    const dialog = await screen.findByRole('dialog');
    const revisions = await within(dialog).findAllByTestId('revision');
    expect(api.getGoalHistory).toHaveBeenCalledWith(squad, 'open');
    expect(revisions).toHaveLength(2);
    expect(revisions[0]).toHaveTextContent('Goal edited');
    expect(revisions[0]).toHaveTextContent('joe');
    expect(revisions[0]).toHaveTextContent('target: 99.50 % → 99.70 %');
    expect(revisions[0]).toHaveTextContent('notes: x → none');
    expect(revisions[0]).toHaveTextContent('Reason: Typo in the target');
    expect(revisions[1]).toHaveTextContent('Goal created');
    expect(revisions[1]).toHaveTextContent('jane');
  });

  it('offers edits only to those who may write, and says why', async () => {
    const api = fakeMetricsApi({ listGoals: async () => goals });
    await renderTeam(<GoalsSection view={view} loading={false} />, {
      api,
      entity: squadEntity('read-only-squad'),
      permission: mockApis.permission({
        authorize: 'DENY' as AuthorizeResult.DENY,
      }),
    });
    await screen.findAllByTestId('goal-row');
    await user.click(
      within(row('goal-row', 'met')).getByRole('button', {
        name: /^Actions on the/,
      }),
    );
    const edit = await screen.findByRole('menuitem', { name: /Edit goal/ });
    await waitFor(() => expect(edit).toHaveAttribute('aria-disabled', 'true'));
    expect(edit).toHaveTextContent(
      'Only members of read-only-squad can edit goals',
    );
    expect(
      screen.getByRole('menuitem', { name: /Withdraw follow-up/ }),
    ).toHaveAttribute('aria-disabled', 'true');
    expect(
      screen.getByRole('menuitem', { name: 'History' }),
    ).not.toHaveAttribute('aria-disabled', 'true');
  });
});

describe('editing reviews', () => {
  const reviews = [
    review({ id: 'last-week', week: addDays(THIS_WEEK, -7), revision: 4 }),
  ];

  it('edits a review into a decision to act, sending only what changed', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => reviews,
      updateReview: async () => reviews[0],
    });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });
    await screen.findAllByTestId('review-row');

    await choose(row('review-row', 'last-week'), 'Edit review');
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Edit the review');
    expect(
      within(dialog).getByRole('radio', { name: 'No action needed' }),
    ).toBeChecked();
    await user.click(within(dialog).getByRole('radio', { name: 'Act on it' }));
    await retype(within(dialog).getByLabelText(/^Action/), 'Add retries');
    await user.click(
      within(dialog).getByRole('button', { name: 'Save changes' }),
    );

    await waitFor(() =>
      expect(api.updateReview).toHaveBeenCalledWith(squad, 'last-week', {
        decision: 'act',
        actionText: 'Add retries',
        revision: 4,
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    await waitFor(() => expect(api.listReviews).toHaveBeenCalledTimes(2));
  });

  it('withdraws a review and shows its history', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => reviews,
      withdrawReview: async () => reviews[0],
      getReviewHistory: async () => [
        {
          kind: 'review',
          recordId: 'last-week',
          revision: 2,
          change: 'edited',
          author: 'user:default/joe',
          at: `${TODAY}T08:00:00.000Z`,
          changes: {
            decision: { from: 'no-action', to: 'act' },
            linkedMetric: { to: availability },
          },
        },
      ],
    });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });
    await screen.findAllByTestId('review-row');

    await choose(row('review-row', 'last-week'), 'History');
    const history = await screen.findByRole('dialog');
    const [revision] = await within(history).findAllByTestId('revision');
    expect(revision).toHaveTextContent('Review edited');
    expect(revision).toHaveTextContent('decision: no-action → act');
    expect(revision).toHaveTextContent(
      'linked metric: none → slo:availability (customer-api)',
    );
    await user.click(within(history).getByRole('button', { name: 'Close' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await choose(row('review-row', 'last-week'), 'Withdraw review');
    const dialog = await screen.findByRole('dialog');
    await user.click(within(dialog).getByRole('button', { name: 'Withdraw' }));
    await waitFor(() =>
      expect(api.withdrawReview).toHaveBeenCalledWith(squad, 'last-week', {
        revision: 4,
      }),
    );
  });
});
