import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { navigate } from './helpers';

// Runs before the other specs (alphabetical order, one worker): the guest is a member of the
// mobility squad, which the demo history gives only two past reviews (older weeks cannot be
// made through the UI), so it starts at stage 0 and climbs through the UI alone.

const SQUAD_TAB = '/catalog/default/group/mobility-squad/metrics';

function scorecardRow(page: Page, team: string) {
  return page.getByRole('row').filter({ hasText: team });
}

async function expectStage(page: Page, stage: number, name: string) {
  await expect(page.getByText(`Stage ${stage} of 6 · ${name}`)).toBeVisible();
}

test.describe.configure({ timeout: 180_000 });

test('a squad climbs from stage 0 to stage 4 through the UI', async ({
  portal: page,
}) => {
  // The org scorecard: every squad with the stage its evidence supports.
  await navigate(page, '/metrics-maturity');
  await expect(
    page.getByRole('heading', { name: 'Teams by maturity stage' }),
  ).toBeVisible();
  await expect(scorecardRow(page, 'Mobility squad')).toContainText(
    '0not started',
  );
  await expect(scorecardRow(page, 'Checkout squad')).toContainText(
    '6regularly acting',
  );
  await expect(scorecardRow(page, 'Core API squad')).toContainText(
    '0not started',
  );

  // Stage 1: a member looks at the squad's metrics.
  await page
    .getByRole('link', { name: 'Mobility squad', exact: true })
    .first()
    .click();
  await expect(page).toHaveURL(/\/group\/mobility-squad/);
  await navigate(page, SQUAD_TAB);
  await expect(page.getByText('Services and SLOs')).toBeVisible();
  await navigate(page, '/metrics-maturity');
  await expect(scorecardRow(page, 'Mobility squad')).toContainText(
    '1one-off queries',
  );
  await navigate(page, SQUAD_TAB);
  await expectStage(page, 1, 'one-off queries');

  // Stage 2: a goal with the current value as baseline and a target.
  await page.getByRole('button', { name: 'New goal' }).click();
  const goalDialog = page.getByRole('dialog');
  await goalDialog.getByLabel('Metric').click();
  await page
    .getByRole('option')
    .filter({ hasText: 'availability (SLO)' })
    .filter({ hasText: 'trip-planner' })
    .click();
  const baseline = goalDialog.getByLabel('Baseline (%)');
  await expect(baseline).not.toHaveValue('');
  const measured = Number(await baseline.inputValue());
  expect(measured).toBeGreaterThan(90);
  expect(measured).toBeLessThanOrEqual(100);
  await goalDialog.getByLabel('Target (%)').fill('99.9');
  const today = new Date().toISOString().slice(0, 10);
  await goalDialog.getByLabel('Due date').fill(today);
  await goalDialog.getByRole('button', { name: 'Create goal' }).click();
  await expect(goalDialog).toBeHidden();
  await expectStage(page, 2, 'project preplanning');

  // Stage 3: the goal is due today; the follow-up records the measured outcome.
  const goalRow = page
    .getByRole('table', { name: 'Goals' })
    .getByRole('row')
    .filter({ hasText: 'availability' });
  await expect(goalRow).toContainText('due');
  await goalRow.getByRole('button', { name: 'Follow up' }).click();
  const followUp = page.getByRole('dialog');
  // Measured over the 7 complete days up to today: the same days as the baseline.
  await expect(followUp).toContainText('Measured outcome');
  await expect(followUp).toContainText(`${measured.toFixed(2)} %`);
  await expect(followUp).toContainText('Measured: missed');
  await followUp.getByLabel('Notes').fill('Client-side retries cut the 5xx');
  await followUp.getByRole('button', { name: 'Record follow-up' }).click();
  await expect(followUp).toBeHidden();
  await expectStage(page, 3, 'project follow-up');

  // Stage 4: this week's review, after the reviews of the two weeks before.
  await page.getByRole('button', { name: "Record this week's review" }).click();
  const review = page.getByRole('dialog');
  await review.getByLabel('No action needed').check();
  await review.getByRole('button', { name: 'Record review' }).click();
  await expect(review).toBeHidden();
  await expect(page.getByText('This week: reviewed')).toBeVisible();
  await expectStage(page, 4, 'regularly looking');

  // The scorecard follows.
  await navigate(page, '/metrics-maturity');
  await expect(scorecardRow(page, 'Mobility squad')).toContainText(
    '4regularly looking',
  );
});
