// Takes Chromium screenshots of portal pages, signed in as guest, for looking at UI work.
// Usage: node e2e-tests/tools/screenshot.mjs OUT_DIR [--dark] PATH...
//   e.g. node e2e-tests/tools/screenshot.mjs /tmp/shots /catalog/default/component/auth-service/metrics
import { chromium } from '@playwright/test';
import path from 'node:path';
import fs from 'node:fs';

const [outDir, ...rest] = process.argv.slice(2);
const dark = rest.includes('--dark');
const paths = rest.filter(a => a !== '--dark');
const baseUrl = process.env.PORTAL_URL ?? 'http://localhost:3000';
fs.mkdirSync(outDir, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(baseUrl);
await page.getByRole('button', { name: 'Enter' }).click();
await page
  .locator('nav[aria-label="sidebar nav"]')
  .waitFor({ state: 'attached' });
if (dark) {
  await page.evaluate(() => localStorage.setItem('theme', 'dark'));
  await page.reload();
  await page
    .locator('nav[aria-label="sidebar nav"]')
    .waitFor({ state: 'attached' });
}
for (const p of paths) {
  await page.goto(baseUrl + p);
  await page.waitForLoadState('networkidle');
  // Lazy chunks and views take a few seconds: wait until no progress indicator is left.
  await page.waitForTimeout(3000);
  await page
    .waitForFunction(
      () => !document.querySelector('[role="progressbar"]'),
      null,
      { timeout: 30000 },
    )
    .catch(() => console.warn(`${p}: still loading after 30 s`));
  await page.waitForTimeout(1000);
  const file = path.join(
    outDir,
    `${p.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '')}${
      dark ? '_dark' : ''
    }.png`,
  );
  await page.screenshot({ path: file, fullPage: true });
  console.log(file);
}
await browser.close();
