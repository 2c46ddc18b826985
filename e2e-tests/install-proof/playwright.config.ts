import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../chromium';

// The installation proof (scripts/lib/install-proof.sh): a fresh app from create-app with the
// packed suite installed, already started by the script on PLAYWRIGHT_URL.
export default defineConfig({
  testDir: '.',
  testMatch: '*.proof.ts',
  timeout: 240_000,
  expect: { timeout: 60_000 },
  workers: 1,
  reporter: [['list']],
  outputDir: '../../node_modules/.cache/install-proof-results',
  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:3100',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
