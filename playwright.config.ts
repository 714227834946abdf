import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the HTML reports, on Debian's Chromium (no browser download: CI runners and the lab have
 * no internet). Run with `npx playwright test`; vitest only picks up *.test.ts, these are *.spec.ts.
 */
export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  workers: 2,
  reporter: process.env.CI ? [['list'], ['junit', { outputFile: 'test-results/browser-junit.xml' }]] : 'list',
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    launchOptions: {
      executablePath: process.env.LANDED_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
});
