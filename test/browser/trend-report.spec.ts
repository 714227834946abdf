import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { writeTrendReport } from './reports.ts';
import { watch } from './watch.ts';

const CHARTS = ['inbox', 'spam', 'missing', 'auth', 'latency'];

test.describe('trend report', () => {
  test('after three runs, every chart has three points per line and nothing errs', async ({ page }, testInfo) => {
    const file = writeTrendReport(testInfo.outputPath('trend'));
    const problems = watch(page);
    await page.setViewportSize({ width: 1400, height: 900 }); // two charts side by side, for the README's picture
    await page.goto(`file://${file}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('#meta')).toContainText('3 runs from 2026-11-01 10:00 to 2026-11-03 10:00 UTC · one point per run');
    for (const chart of CHARTS) {
      await expect(page.locator(`#chart-${chart}`)).toHaveAttribute('data-points', '3');
      await expect(page.locator(`#chart-${chart} canvas`)).toHaveCount(1);
    }
    // 3 routes x 4 providers, one line per cell; latency draws p50 and p95 per line.
    await expect(page.locator('#chart-inbox')).toHaveAttribute('data-series', '12');
    await expect(page.locator('#chart-latency')).toHaveAttribute('data-series', '24');
    // Annotated where verdicts changed: ses/yahoo to spam and back, m365/gmail's DKIM and placement.
    await expect(page.locator('#annotations tbody tr')).toHaveText([
      /2026-11-03 10:00\s*m365\s*gmail\s*placement\s*inbox → spam/,
      /2026-11-03 10:00\s*m365\s*gmail\s*dkim\s*pass → fail/,
      /2026-11-03 10:00\s*m365\s*gmail\s*dmarc\s*pass → fail/,
      /2026-11-03 10:00\s*ses\s*yahoo\s*placement\s*spam → inbox/,
      /2026-11-02 10:00\s*ses\s*yahoo\s*placement\s*inbox → spam/,
    ]);
    await page.screenshot({ path: testInfo.outputPath('trend-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    if (process.env.LANDED_UPDATE_SCREENSHOTS) {
      mkdirSync('docs/images', { recursive: true });
      copyFileSync(testInfo.outputPath('trend-report.png'), 'docs/images/trend-report.png');
    }
  });

  test('filters by route, provider and grouping redraw the charts and the tables', async ({ page }, testInfo) => {
    const file = writeTrendReport(testInfo.outputPath('trend'));
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await page.selectOption('#f-route', 'ses');
    await expect(page.locator('#chart-inbox')).toHaveAttribute('data-series', '4');
    await expect(page.locator('#standing tbody tr td:first-child')).toHaveText(['ses · gmail', 'ses · gmx', 'ses · outlook', 'ses · yahoo']);
    await page.selectOption('#f-provider', 'gmx');
    await expect(page.locator('#chart-inbox')).toHaveAttribute('data-series', '1');
    await expect(page.locator('#standing tbody tr td:first-child')).toHaveText(['ses · gmx']);
    for (const row of await page.locator('#annotations tbody tr').all()) await expect(row.locator('td').nth(1)).toHaveText('ses');
    await page.selectOption('#f-route', '');
    await page.selectOption('#f-provider', '');
    await page.selectOption('#f-lines', 'provider');
    await expect(page.locator('#chart-inbox')).toHaveAttribute('data-series', '4');
    await expect(page.locator('#standing tbody tr td:nth-child(2)')).toHaveText(['9', '9', '9', '9']);
    await page.selectOption('#f-period', '1');
    await expect(page.locator('#chart-inbox')).toHaveAttribute('data-points', '1');
    await page.selectOption('#f-check', 'spf');
    await expect(page.locator('#auth-title')).toHaveText('SPF pass rate (% of delivered)');
    expect(problems).toEqual([]);
  });

  test.describe('in a browser whose zone is not UTC (Asia/Kolkata, +05:30)', () => {
    test.use({ timezoneId: 'Asia/Kolkata' });

    test('every time says UTC and is UTC: header, axes, hover readout, tables', async ({ page }, testInfo) => {
      const file = writeTrendReport(testInfo.outputPath('trend'));
      const problems = watch(page);
      await page.goto(`file://${file}`);
      await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
      expect(await page.evaluate(() => new Date(Date.UTC(2026, 10, 1, 10)).getHours())).toBe(15); // the zone took
      await expect(page.locator('#meta')).toContainText('from 2026-11-01 10:00 to 2026-11-03 10:00 UTC');
      await expect(page.locator('#meta')).toContainText('generated 2026-11-04 10:00 UTC · all times UTC');
      await expect(page.locator('#annotations thead th').first()).toHaveText('when (UTC)');
      await expect(page.locator('#annotations tbody tr').first()).toHaveText(/^2026-11-03 10:00/);
      for (const chart of CHARTS) {
        const host = page.locator(`#chart-${chart}`);
        // The axis is named, and its ticks fall on UTC midnights: in local time they would read 05:30 or 18:30.
        await expect(host.locator('.u-axis').first()).toBeAttached();
        const ticks = (await host.getAttribute('data-x-ticks'))!.split('|');
        expect(ticks.length).toBeGreaterThan(0);
        for (const tick of ticks) expect(tick).toMatch(/^\d\d-\d\d( \d\d:00)?$/);
      }
      // Hovering the middle point: the readout says the run's time in UTC (15:30 in the browser's zone).
      const box = (await page.locator('#chart-inbox .u-over').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await expect(page.locator('#chart-inbox .readout')).toHaveText(/^2026-11-02 10:00 UTC: m365 · gmail 100%/);
      expect(problems).toEqual([]);
    });
  });
});
