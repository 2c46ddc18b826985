import { Browser, Page, test as base } from '@playwright/test';
import { signInAsGuest, waitForBackend } from './helpers';

// The dev frontend bundle is large; one signed-in page per worker keeps it cached
// instead of loading it again for every test.
export const test = base.extend<{}, { portal: Page }>({
  portal: [
    async ({ browser }: { browser: Browser }, use) => {
      await waitForBackend();
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAsGuest(page);
      await use(page);
      await context.close();
    },
    { scope: 'worker' },
  ],
});

export { expect } from '@playwright/test';
