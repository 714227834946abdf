import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { cellLabel, worstPlacement } from '../../src/reporters/summary.ts';
import { HOSTILE_ID, hostileRun, PAYLOADS, writeRunReport } from './reports.ts';
import { watch } from './watch.ts';

test.describe('run report', () => {
  test('shows the right cell for every route x provider and no console errors', async ({ page }, testInfo) => {
    const run = hostileRun();
    const file = await writeRunReport(testInfo.outputPath('run'), run);
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const routes = [...new Set(run.probes.map((p) => p.route))].sort();
    const providers = [...new Set(run.probes.map((p) => p.provider))].sort();
    await expect(page.locator('table.matrix thead th')).toHaveText(['route', ...providers]);
    for (const route of routes)
      for (const provider of providers) {
        const probes = run.probes.filter((p) => p.route === route && p.provider === provider);
        const cell = page.locator(`td.cell[data-route="${route}"][data-column="${provider}"]`);
        await expect(cell).toHaveClass(new RegExp(`placement-${worstPlacement(probes)}`));
        await expect(cell.locator('.label')).toHaveText(cellLabel(probes));
      }
    await page.screenshot({ path: testInfo.outputPath('run-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    // The README's picture: refreshed on demand only, so that a test run leaves the work tree clean.
    if (process.env.LANDED_UPDATE_SCREENSHOTS) {
      mkdirSync('docs/images', { recursive: true });
      copyFileSync(testInfo.outputPath('run-report.png'), 'docs/images/run-report.png');
    }
  });

  test('says a forged mail in an inbox first, as text, with what to change', async ({ page }, testInfo) => {
    const file = await writeRunReport(testInfo.outputPath('run'), hostileRun());
    const problems = watch(page);
    await page.goto(`file://${file}`);
    const finding = page.locator('#findings > li').first();
    await expect(finding).toContainText(`CRITICAL ${HOSTILE_ID}: forged ${PAYLOADS.img}`);
    await expect(finding.locator('li')).toHaveText([`fix: ${PAYLOADS.script}`]);
    expect(problems).toEqual([]);
  });

  test('clicking a cell lists its probes and opens the drill-down', async ({ page }, testInfo) => {
    const file = await writeRunReport(testInfo.outputPath('run'), hostileRun());
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await page.locator('td.cell[data-route="ses"][data-column="outlook"] button').click();
    await expect(page.locator('#filter')).toContainText('Showing ses × outlook');
    await expect(page.locator('tr.probe-row')).toHaveCount(1);
    await expect(page.locator('#detail h2')).toHaveText('newsletter/ses/outlook-1');
    await expect(page.locator('#detail')).toContainText('Expectations');
    await page.locator('#filter button').click();
    await expect(page.locator('tr.probe-row')).toHaveCount(12);
    expect(problems).toEqual([]);
  });

  test('a probe carrying <script> and <img onerror> in subject and headers executes nothing', async ({ page }, testInfo) => {
    const file = await writeRunReport(testInfo.outputPath('run'), hostileRun());
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await page.locator(`tr.probe-row[data-probe="${HOSTILE_ID}"]`).click();
    const detail = page.locator('#detail');
    await expect(detail.locator('pre.headers')).toContainText(`Subject: ${PAYLOADS.script} ${PAYLOADS.img}`);
    await expect(detail.locator('pre.headers')).toContainText('X-Evil: </script><script>window.__pwned = "header"</script>');
    await expect(detail).toContainText(`Subject was ${PAYLOADS.script}`);
    await expect(detail).toContainText(PAYLOADS.svg);
    // The payloads are text: no element of theirs exists, nothing ran, the javascript: link is not a link.
    expect(await page.locator('#detail img, #detail svg, #detail script').count()).toBe(0);
    expect(await page.locator('a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
    await page.screenshot({ path: testInfo.outputPath('hostile-probe.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
