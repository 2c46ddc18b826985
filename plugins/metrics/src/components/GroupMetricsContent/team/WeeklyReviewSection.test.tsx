import { addDays } from '@metrics-suite/backstage-plugin-metrics-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { mockApis } from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { groupEntity, groupView, ownedMetric, sloItem } from '../../testData';
import { MaturitySection } from './MaturitySection';
import { WeeklyReviewSection } from './WeeklyReviewSection';
import { fakeMetricsApi, renderTeam } from './__testUtils__/renderTeam';
import {
  THIS_WEEK,
  responseError,
  review,
  squadEntity,
} from './__testUtils__/teamData';

// The dialog has several fields to fill, which is slow on a busy machine.
jest.setTimeout(30_000);

const user = userEvent.setup({ delay: null });

const availability = {
  entityRef: 'component:default/customer-api',
  metricId: 'slo:availability',
};
const signUps = {
  entityRef: 'component:default/customer-api',
  metricId: 'kpi:sign-ups',
};

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

const reviews = [
  review({
    id: 'last-week',
    week: addDays(THIS_WEEK, -7),
    metricsLookedAt: [availability, signUps],
    decision: 'act',
    actionText: 'Add a retry budget to the payment calls',
    linkedMetric: availability,
    policyStep: {
      metric: availability,
      step: 'reliability-first',
      action: 'Reliability work first',
      budgetRemaining: 0.2,
    },
    author: 'user:default/joe',
  }),
  review({ id: 'two-weeks-ago', week: addDays(THIS_WEEK, -14) }),
];

function rows(): HTMLElement[] {
  return screen.getAllByTestId('review-row');
}

async function openDialog(): Promise<HTMLElement> {
  await user.click(
    await screen.findByRole('button', { name: "Record this week's review" }),
  );
  return screen.findByRole('dialog');
}

describe('WeeklyReviewSection', () => {
  it('lists the recent reviews and says this week is not reviewed yet', async () => {
    const api = fakeMetricsApi({ listReviews: async () => reviews });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });

    await screen.findAllByTestId('review-row');
    expect(api.listReviews).toHaveBeenCalledWith({
      kind: 'group',
      namespace: 'default',
      name: 'mobility-squad',
    });
    expect(screen.getByTestId('review-this-week')).toHaveTextContent(
      'This week: not reviewed yet',
    );
    const [lastWeek, before] = rows();
    expect(lastWeek).toHaveTextContent('act');
    expect(lastWeek).toHaveTextContent(
      'Add a retry budget to the payment calls',
    );
    expect(lastWeek).toHaveTextContent('availability');
    expect(lastWeek).toHaveTextContent('2 metrics');
    expect(
      within(lastWeek).getByRole('link', { name: 'joe' }),
    ).toBeInTheDocument();
    expect(
      within(lastWeek).getByTestId('review-policy-step'),
    ).toHaveTextContent(
      'Answers policy step “reliability-first” (budget left 20.0 %)',
    );
    expect(
      within(before).queryByTestId('review-policy-step'),
    ).not.toBeInTheDocument();
    expect(before).toHaveTextContent('no action');
    expect(before).toHaveTextContent('1 metric');
  });

  it('shows this week as reviewed once it is', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => [review({ id: 'now', week: THIS_WEEK })],
    });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });

    await waitFor(() =>
      expect(screen.getByTestId('review-this-week')).toHaveTextContent(
        'This week: reviewed ✓',
      ),
    );
  });

  it('records a review ending in an action, which needs the action text', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => [],
      createReview: async () => review({ week: THIS_WEEK }),
    });
    await renderTeam(
      <>
        <MaturitySection />
        <WeeklyReviewSection view={view} loading={false} />
      </>,
      { api },
    );
    expect(
      await screen.findByText(/No reviews recorded yet/),
    ).toBeInTheDocument();

    const dialog = await openDialog();
    // every metric the squad owns is ticked to start with
    expect(
      within(dialog).getByRole('checkbox', { name: /availability/ }),
    ).toBeChecked();
    expect(
      within(dialog).getByRole('checkbox', { name: /sign-ups/ }),
    ).toBeChecked();

    await user.click(within(dialog).getByRole('radio', { name: 'Act on it' }));
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );
    expect(dialog).toHaveTextContent(
      'Describe the action the squad decided on',
    );
    expect(api.createReview).not.toHaveBeenCalled();

    await user.click(within(dialog).getByLabelText(/Action/));
    await user.paste('Add a retry budget to the payment calls');
    await user.click(
      within(dialog).getByRole('button', { name: /Linked metric/ }),
    );
    await user.click(
      await screen.findByRole('option', { name: /availability \(SLO\)/ }),
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );

    await waitFor(() =>
      expect(api.createReview).toHaveBeenCalledWith(
        { kind: 'group', namespace: 'default', name: 'mobility-squad' },
        {
          metricsLookedAt: [availability, signUps],
          decision: 'act',
          actionText: 'Add a retry budget to the payment calls',
          linkedMetric: availability,
        },
      ),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // the reviews and the maturity stage are read again
    await waitFor(() => expect(api.listReviews).toHaveBeenCalledTimes(2));
    await waitFor(() => expect(api.getTeamMaturity).toHaveBeenCalledTimes(2));
  });

  it('records the metrics looked at and a decision not to act', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => reviews,
      createReview: async () => review({ week: THIS_WEEK }),
    });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });

    const dialog = await openDialog();
    await user.click(
      within(dialog).getByRole('checkbox', { name: /sign-ups/ }),
    );
    await user.click(
      within(dialog).getByRole('radio', { name: 'No action needed' }),
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );

    await waitFor(() =>
      expect(api.createReview.mock.calls[0][1]).toEqual({
        metricsLookedAt: [availability],
        decision: 'no-action',
      }),
    );
  });

  it('proposes a triggered policy step as the decision and records that it answers it', async () => {
    const freeze = {
      name: 'freeze',
      below: 0,
      action: 'Freeze risky releases',
    };
    const burning = groupView({
      ...view,
      entities: {
        status: 'ok',
        items: [
          groupEntity({
            slos: [
              sloItem({
                budgetRemaining: -0.4,
                state: 'breaching',
                policy: {
                  steps: [
                    { name: 'reliability-first', below: 25, action: 'R' },
                    freeze,
                  ],
                  current: freeze,
                },
              }),
            ],
          }),
        ],
      },
    });
    const api = fakeMetricsApi({
      listReviews: async () => [],
      createReview: async () => review({ week: THIS_WEEK }),
    });
    await renderTeam(<WeeklyReviewSection view={burning} loading={false} />, {
      api,
    });

    const dialog = await openDialog();
    // Looked at only the KPI so far: proposing the step ticks its SLO too.
    await user.click(
      within(dialog).getByRole('checkbox', { name: /availability/ }),
    );
    const proposal = within(dialog).getByTestId('review-policy-proposal');
    expect(proposal).toHaveTextContent('Freeze risky releases');
    expect(proposal).toHaveTextContent(
      'availability · customer-api: budget spent; budget left: −40.0 % (overspent)',
    );
    await user.click(
      within(dialog).getByRole('button', {
        name: 'Propose “Freeze risky releases” for availability',
      }),
    );
    expect(
      within(dialog).getByRole('radio', { name: 'Act on it' }),
    ).toBeChecked();
    expect(within(dialog).getByLabelText(/Action/)).toHaveValue(
      'Freeze risky releases',
    );
    expect(
      within(dialog).getByRole('checkbox', { name: /availability/ }),
    ).toBeChecked();
    expect(
      within(dialog).getByTestId('review-policy-answered'),
    ).toHaveTextContent(
      'The review records that it answers the step “freeze” of availability.',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );

    await waitFor(() =>
      expect(api.createReview.mock.calls[0][1]).toEqual({
        metricsLookedAt: [availability, signUps],
        decision: 'act',
        actionText: 'Freeze risky releases',
        linkedMetric: availability,
        policyStep: { metric: availability, step: 'freeze' },
      }),
    );
  });

  it('proposes nothing when no policy step applies', async () => {
    const api = fakeMetricsApi({ listReviews: async () => [] });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });
    const dialog = await openDialog();
    expect(
      within(dialog).queryByTestId('review-policy-proposals'),
    ).not.toBeInTheDocument();
  });

  it('needs at least one metric and a decision', async () => {
    const api = fakeMetricsApi({ listReviews: async () => [] });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });

    const dialog = await openDialog();
    await user.click(
      within(dialog).getByRole('button', { name: 'Untick all' }),
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );
    expect(dialog).toHaveTextContent('Tick the metrics the squad looked at');
    expect(dialog).toHaveTextContent('Say what the squad decided');
    expect(api.createReview).not.toHaveBeenCalled();
  });

  it('shows the backend’s error in the dialog and keeps the form', async () => {
    const api = fakeMetricsApi({
      listReviews: async () => [],
      createReview: async () => {
        throw await responseError(400, 'Bad Request', {
          name: 'InputError',
          message:
            'kpi:sign-ups is not a metric of group:default/mobility-squad',
        });
      },
    });
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
    });

    const dialog = await openDialog();
    await user.click(
      within(dialog).getByRole('radio', { name: 'No action needed' }),
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Record review' }),
    );

    const error = await within(dialog).findByRole('alert');
    expect(error).toHaveTextContent('Could not record the review');
    expect(error).toHaveTextContent(
      'kpi:sign-ups is not a metric of group:default/mobility-squad',
    );
    expect(
      within(dialog).getByRole('radio', { name: 'No action needed' }),
    ).toBeChecked();
  });

  it('disables recording for those who may not, and says why', async () => {
    const api = fakeMetricsApi({ listReviews: async () => reviews });
    // another squad than the other tests: the permission hook caches answers per resource
    await renderTeam(<WeeklyReviewSection view={view} loading={false} />, {
      api,
      entity: squadEntity('locked-squad'),
      permission: mockApis.permission({
        authorize: 'DENY' as AuthorizeResult.DENY,
      }),
    });
    await screen.findAllByTestId('review-row');

    const button = screen.getByRole('button', {
      name: "Record this week's review",
    });
    await waitFor(() => expect(button).toBeDisabled());
    await user.hover(button.parentElement!);
    expect(
      await screen.findByText(
        'Only members of locked-squad can record reviews',
      ),
    ).toBeInTheDocument();
  });
});
