import fs from 'node:fs';
import { expect, test } from './fixtures';
import { navigate } from './helpers';

// The numbers on the Metrics tabs against the demo world's ground truth. scripts/test.sh
// starts the world and the portal over it and sets DEMO_TRUTH_FILE.
const truthFile = process.env.DEMO_TRUTH_FILE;
test.skip(!truthFile, 'DEMO_TRUTH_FILE is not set: run scripts/test.sh');

type Window = {
  availability: number;
  slo: Record<string, { errorBudgetRemaining: number }>;
  callers: Array<{ caller: string; share: number }>;
  integrations: Record<string, { successRate: number }>;
};
type Truth = {
  t0Iso: string;
  services: Record<string, { windows: Record<string, Window> }>;
};
const truth: Truth = truthFile
  ? JSON.parse(fs.readFileSync(truthFile, 'utf8'))
  : { t0Iso: '', services: {} };

// The UI's formats (plugins/metrics/src/components/shared/format.ts).
const percent = (ratio: number, decimals: number) =>
  `${(ratio * 100).toFixed(decimals)} %`;

function at(path: string, range: string) {
  return `${path}?range=${range}&end=${encodeURIComponent(truth.t0Iso)}`;
}

test('a busy service shows its SLO and callers as the ground truth says', async ({
  portal: page,
}) => {
  const api = truth.services['customer-api'].windows;
  await navigate(
    page,
    at('/catalog/default/component/customer-api/metrics', '7d'),
  );

  const slo = page
    .getByText('Current SLI (over 28d)', { exact: true })
    .locator('..');
  await expect(slo).toContainText(percent(api['28d'].availability, 3));
  await expect(
    page.getByText('Error budget left', { exact: true }).locator('..'),
  ).toContainText(percent(api['28d'].slo['99.9'].errorBudgetRemaining, 1));

  const portalRow = page.getByRole('row').filter({ hasText: 'partner-portal' });
  const share7d = api['7d'].callers.find(
    c => c.caller === 'partner-portal',
  )!.share;
  await expect(portalRow).toContainText(percent(share7d, 1));

  // Switching the range changes the numbers: partner-portal spiked within the last day.
  await page.getByRole('button', { name: '24h' }).click();
  await expect(page).toHaveURL(/range=1d/);
  const share1d = api['1d'].callers.find(
    c => c.caller === 'partner-portal',
  )!.share;
  expect(percent(share1d, 1)).not.toEqual(percent(share7d, 1));
  await expect(
    page.getByRole('row').filter({ hasText: 'partner-portal' }),
  ).toContainText(percent(share1d, 1));
});

test('a caller that is a catalog entity links to its page', async ({
  portal: page,
}) => {
  await navigate(
    page,
    at('/catalog/default/component/customer-api/metrics', '7d'),
  );
  await page
    .getByRole('row')
    .filter({ hasText: 'Mobility squad' })
    .getByRole('link', { name: 'Trip planner' })
    .click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/trip-planner$/);
});

test('a flaky integration shows its success rate and unclassified failures', async ({
  portal: page,
}) => {
  const ridely =
    truth.services['trip-planner'].windows['7d'].integrations.ridely;
  await navigate(
    page,
    at('/catalog/default/component/trip-planner/metrics', '7d'),
  );
  const row = page.getByRole('row').filter({ hasText: 'ridely' });
  await expect(row).toContainText(percent(ridely.successRate, 2));
  await expect(row).toContainText('unclassified');
});

test('a squad page rolls up its services worst first with the same numbers', async ({
  portal: page,
}) => {
  const trip = truth.services['trip-planner'].windows;
  await navigate(
    page,
    at('/catalog/default/group/mobility-squad/metrics', '7d'),
  );
  const services = page.getByRole('table').first();
  await expect(
    services.getByRole('link', { name: 'Pricing service' }),
  ).toBeVisible();
  await expect(
    services.getByRole('row').filter({ hasText: 'Trip planner' }),
  ).toContainText(percent(trip['28d'].availability, 3));
  await expect(
    page
      .getByRole('row')
      .filter({ hasText: 'Trip planner' })
      .filter({ hasText: 'ridely' })
      // the integrations table (a goal or review row may name the integration too)
      .filter({ hasText: 'calls' })
      .first(),
  ).toContainText(percent(trip['7d'].integrations.ridely.successRate, 2));
  await expect(page.getByText('Ownership gaps')).toBeVisible();
});
