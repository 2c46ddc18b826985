import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e-tests/chromium';

// End-to-end tests drive Debian's Chromium (e2e-tests/chromium.ts).
const appUrl = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

export default defineConfig({
  testDir: 'e2e-tests',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: '.test-results/e2e.json' }],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  outputDir: 'node_modules/.cache/e2e-test-results',
  // The same dev servers as the README start command (frontend on 3000, backend on 7007).
  // Specs wait for the backend themselves (see e2e-tests/helpers.ts).
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        // The squad's team channel: the demo's webhook destination for mobility-squad
        // (app-config.yaml), up before the backend sends its first alert.
        {
          command: 'node e2e-tests/tools/webhookReceiver.mjs --port 7099',
          url: 'http://127.0.0.1:7099/received',
          reuseExistingServer: process.env.PLAYWRIGHT_REUSE_SERVER === '1',
          timeout: 10_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: 'yarn start',
          url: appUrl,
          // A running portal may read another demo world: reuse it only when asked.
          reuseExistingServer: process.env.PLAYWRIGHT_REUSE_SERVER === '1',
          timeout: 240_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  use: {
    baseURL: appUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
