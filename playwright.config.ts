// Browser tests drive Debian's Chromium (never a downloaded browser).
import { defineConfig } from '@playwright/test';

export const chromiumLaunch = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-dev-shm-usage',
    '--disable-quic',
  ],
};

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.e2e.ts',
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: '.ci/results/playwright.json' }]],
  outputDir: 'test-results',
  use: { launchOptions: chromiumLaunch, screenshot: 'only-on-failure' },
});
