import { expect, test } from '@playwright/test';
import fs from 'node:fs';
import { navigate, signInAsGuest, waitForBackend } from '../helpers';

// A fresh app with the packed suite installed shows a service's availability as the demo
// world's ground truth says (the same check as metrics-numbers.spec.ts on this repo's app).
const truthFile = process.env.DEMO_TRUTH_FILE;

test('the Metrics tab of a fresh app shows the ground-truth availability', async ({
  page,
}) => {
  expect(truthFile, 'DEMO_TRUTH_FILE is set by scripts/test.sh').toBeTruthy();
  const truth = JSON.parse(fs.readFileSync(truthFile!, 'utf8'));
  const availability: number =
    truth.services['customer-api'].windows['28d'].availability;
  // Installing and first bundling take a while in a fresh app.
  await waitForBackend(200_000);
  await signInAsGuest(page);
  await navigate(
    page,
    `/catalog/default/component/customer-api/metrics?range=7d&end=${encodeURIComponent(
      truth.t0Iso,
    )}`,
  );
  await expect(
    page.getByText('Current SLI (over 28d)', { exact: true }).locator('..'),
  ).toContainText(`${(availability * 100).toFixed(3)} %`);
});
