import { expect, test } from './fixtures';
import { navigate } from './helpers';

// The guest is a member of mobility-squad, whose team channel is the local webhook receiver
// started next to the portal (playwright.config.ts, app-config.yaml). The squad's
// pricing-service declares `trip-quotes`; trip-planner calls the partner "ridely", a quarter
// of whose failures carry no error class; trip-planner's default availability SLO has spent
// its budget, so the demo's default error-budget policy says "freeze".
const SQUAD_TAB = '/catalog/default/group/mobility-squad/metrics';
const CHANNEL = 'http://127.0.0.1:7099/received?path=/hooks/mobility-squad';
const FREEZE = 'Freeze risky releases; only fixes and rollbacks ship';

test.describe.configure({ timeout: 180_000 });

test("a squad's rituals: north star, TV mode, an alert in its channel, a policy step answered", async ({
  portal: page,
  request,
}) => {
  // The north star: a team writer marks one KPI; it heads the tab.
  await navigate(page, SQUAD_TAB);
  const northStar = page.getByTestId('metrics-north-star');
  await northStar
    .getByRole('button', { name: /^(Choose|Change) north star$/ })
    .click();
  const choose = page.getByRole('dialog', { name: 'Choose north star' });
  await choose.getByLabel('KPI').click();
  await page.getByRole('option').filter({ hasText: 'trip-quotes' }).click();
  await choose.getByRole('button', { name: 'Save' }).click();
  await expect(choose).toBeHidden();
  await expect(northStar).toContainText('trip-quotes');
  await expect(northStar).toContainText(/Last \d+ weeks/);
  const cardTop = (await northStar.boundingBox())!.y;
  const servicesTop = (await page
    .getByText('Services and SLOs')
    .first()
    .boundingBox())!.y;
  expect(cardTop).toBeLessThan(servicesTop);
  await page.screenshot({ path: '.test-results/squad-north-star.png' });

  // TV mode opens on the north star.
  await page.getByRole('button', { name: 'TV mode' }).click();
  await expect(page).toHaveURL(/\/metrics-tv\/default\/mobility-squad$/);
  const slide = page.getByTestId('tv-slide-north-star');
  await expect(slide).toBeVisible();
  await expect(slide).toContainText('trip-quotes');
  await page.screenshot({ path: '.test-results/tv-north-star.png' });
  await page.getByRole('link', { name: 'Exit TV mode' }).click();
  await expect(page).toHaveURL(/\/group\/mobility-squad\/metrics$/);
  // Read again from the backend, not from the page's memory: the squad view shows it at once.
  await expect(northStar).toContainText('trip-quotes');

  // The integration alert reached the team's channel as a Slack message with an absolute link.
  const title =
    'Integration ridely of trip-planner has many failures without an error class';
  await expect
    .poll(
      async () => {
        const received = await (await request.get(CHANNEL)).json();
        return received.map((r: { body: { text?: string } }) => r.body.text);
      },
      { timeout: 120_000, intervals: [2_000] },
    )
    .toContainEqual(expect.stringContaining(title));
  const received = await (await request.get(CHANNEL)).json();
  const alert = received.find((r: { body: { text?: string } }) =>
    r.body.text?.includes(title),
  );
  expect(alert.status).toBe(200);
  expect(JSON.stringify(alert.body.blocks)).toContain(
    '/catalog/default/component/trip-planner/metrics',
  );
  expect(alert.body.text).toMatch(
    /<https?:\/\/[^/|]+\/catalog\/default\/component\/trip-planner\/metrics\|/,
  );

  // The card names the step that applies; the review proposes it and records it answered.
  await navigate(page, '/catalog/default/component/trip-planner/metrics');
  await expect(page.getByTestId('slo-policy-current').first()).toContainText(
    FREEZE,
  );
  await navigate(page, SQUAD_TAB);
  await page.getByRole('button', { name: "Record this week's review" }).click();
  const review = page.getByRole('dialog');
  const proposal = review
    .getByTestId('review-policy-proposal')
    .filter({ hasText: 'trip-planner' })
    .filter({ hasText: FREEZE });
  await proposal.getByRole('button', { name: /^Propose/ }).click();
  await expect(review.getByLabel('Act on it')).toBeChecked();
  await expect(review.getByText(FREEZE).last()).toBeVisible();
  await review.getByRole('button', { name: 'Record review' }).click();
  await expect(review).toBeHidden();
  const reviews = page.getByRole('table', { name: 'Weekly reviews' });
  await expect(reviews.getByTestId('review-policy-step').first()).toContainText(
    'Answers policy step “freeze”',
  );
  await page.screenshot({
    path: '.test-results/squad-policy-review.png',
    fullPage: true,
  });
});
