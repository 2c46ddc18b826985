import { expect, test } from './fixtures';
import { navigate } from './helpers';

// mobility-squad's pricing-service declares `checkout-price-quotes` as sensitive
// (examples/entities.yaml). The guest is a member of the squad and may read it on the
// squad tab; a screen in a room never shows it.
const SENSITIVE = 'checkout-price-quotes';

test('TV mode shows a squad full screen, dark and large, without its sensitive metrics', async ({
  portal: page,
}) => {
  await navigate(page, '/catalog/default/group/mobility-squad/metrics');
  await expect(page.getByText(SENSITIVE).first()).toBeVisible();
  await page.getByRole('button', { name: 'TV mode' }).click();
  await expect(page).toHaveURL(/\/metrics-tv\/default\/mobility-squad$/);

  await navigate(page, '/metrics-tv/default/mobility-squad?slide=2');
  const screen = page.getByTestId('tv-screen');
  await expect(screen).toBeVisible();
  await expect(page.getByTestId(/^tv-slide-/)).toBeVisible();

  // Dark, covering the window (the app's sidebar included).
  const box = await screen.evaluate(el => {
    const style = getComputedStyle(el);
    const rect = el.getBoundingClientRect();
    return {
      background: style.backgroundColor,
      color: style.color,
      covers:
        rect.left === 0 &&
        rect.top === 0 &&
        rect.width === window.innerWidth &&
        rect.height === window.innerHeight,
      onTop:
        document.elementFromPoint(5, window.innerHeight / 2) !== null &&
        el.contains(document.elementFromPoint(5, window.innerHeight / 2)),
    };
  });
  expect(box).toEqual({
    background: 'rgb(11, 15, 20)',
    color: 'rgb(255, 255, 255)',
    covers: true,
    onTop: true,
  });

  // Every text at least 24px; the largest (a value) at least 64px.
  const sizes = await screen.evaluate(el =>
    [...el.querySelectorAll('*')]
      .filter(
        e =>
          [...e.childNodes].some(
            n => n.nodeType === Node.TEXT_NODE && n.textContent?.trim(),
          ) && e.closest('svg') === null,
      )
      .map(e => parseFloat(getComputedStyle(e).fontSize)),
  );
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(24);
  expect(Math.max(...sizes)).toBeGreaterThanOrEqual(64);

  // The slides turn (usage, then system health, every 2 s); none shows the sensitive KPI.
  const seen = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const slide = await page
      .getByTestId(/^tv-slide-/)
      .getAttribute('data-testid');
    seen.add(slide ?? '');
    await expect(screen).not.toContainText(SENSITIVE);
    await expect(page.getByTestId(/^tv-slide-/)).not.toHaveAttribute(
      'data-testid',
      slide ?? '',
      { timeout: 10_000 },
    );
  }
  expect([...seen]).toEqual(
    expect.arrayContaining(['tv-slide-usage', 'tv-slide-health']),
  );
  await expect(screen).toContainText(
    '1 sensitive metric never shown on screens',
  );

  await expect(page.getByTestId('tv-slide-health')).toBeVisible({
    timeout: 10_000,
  });
  await page.screenshot({ path: '.test-results/tv-mode.png' });

  await page.getByRole('link', { name: 'Exit TV mode' }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/group\/mobility-squad\/metrics$/,
  );
});
