/**
 * The trend report after three real demo runs on the lab: `landed run` three times into one history, then
 * `landed report --trend`, opened in Chromium: three points per line, one line per route x provider.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { startLab } from '../../src/lab/index.ts';
import { landed, tempDir } from '../e2e/cli.ts';
import { watch } from './watch.ts';

const DEMO = fileURLToPath(new URL('../../scenarios/demo.yaml', import.meta.url));

test.describe.configure({ timeout: 180_000 });

test('three demo runs make a trend report with three points per line', async ({ page }, testInfo) => {
  const lab = await startLab();
  const work = await tempDir('landed-trend-');
  const reports = join(work, 'reports');
  try {
    for (let i = 0; i < 3; i++) {
      const run = await landed(['run', '--config', lab.configFile, '--reports', reports, DEMO], { cwd: work });
      expect(run.code, run.stderr).toBe(0);
    }
  } finally {
    await lab.stop();
  }
  const report = await landed(['report', '--trend', '--history', join(reports, 'history.sqlite'), '--out', reports], { cwd: work });
  expect(report.code, report.stderr).toBe(0);

  const problems = watch(page);
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(`file://${join(reports, 'trend.html')}`);
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('#meta')).toContainText('3 runs');
  // 5 routes x 3 providers is more than a chart shows well: one line per route, until asked for more.
  for (const chart of ['inbox', 'spam', 'missing', 'auth']) {
    await expect(page.locator(`#chart-${chart}`)).toHaveAttribute('data-points', '3');
    await expect(page.locator(`#chart-${chart}`)).toHaveAttribute('data-series', '5');
  }
  await page.locator('#f-lines').selectOption('cell');
  await expect(page.locator('#chart-inbox')).toHaveAttribute('data-series', '15');
  await expect(page.locator('#chart-inbox')).toHaveAttribute('data-points', '3');
  await page.locator('#f-lines').selectOption('route');
  await page.screenshot({ path: testInfo.outputPath('trend-demo.png'), fullPage: true });
  expect(problems).toEqual([]);
  if (process.env.LANDED_UPDATE_SCREENSHOTS) {
    mkdirSync('docs/images', { recursive: true });
    copyFileSync(testInfo.outputPath('trend-demo.png'), 'docs/images/trend-demo.png');
  }
});
