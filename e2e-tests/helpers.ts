import { expect, Page } from '@playwright/test';

export const backendUrl = process.env.BACKEND_URL ?? 'http://localhost:7007';

/** Waits until the backend (started alongside the frontend) answers its health check. */
export async function waitForBackend(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${backendUrl}/api/metrics/health`);
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(`Backend at ${backendUrl} did not become healthy: ${last}`);
}

/** Signs in with the guest provider, as the demo portal asks on first visit. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page.getByRole('link', { name: 'Catalog', exact: true }).first(),
  ).toBeVisible();
}

/** Opens a tab of an entity page by its title. */
export async function openTab(page: Page, title: string) {
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: title, exact: true })
    .click();
}

/**
 * Navigates inside the single-page app without reloading it (the dev bundle takes
 * seconds to load); React Router follows history changes announced by popstate.
 */
export async function navigate(page: Page, path: string) {
  await page.evaluate(to => {
    window.history.pushState({}, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, path);
  await expect(page).toHaveURL(
    new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
  );
}
