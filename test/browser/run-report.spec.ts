import { copyFileSync, mkdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { renderRunText } from '../../src/reporters/console/render.ts';
import { cellLabel, worstPlacement } from '../../src/reporters/summary.ts';
import { palette } from '../../src/text/colour.ts';
import { makeAnalysis, makeRun } from '../reporters/fixtures.ts';
import { HOSTILE_ID, hostileRun, PAYLOADS, writeRunReport } from './reports.ts';
import { watch } from './watch.ts';

test.describe('run report', () => {
  test('shows the right cell for every route x seed, headed as the console heads it, and no console errors', async ({ page }, testInfo) => {
    const run = hostileRun();
    const file = await writeRunReport(testInfo.outputPath('run'), run);
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const routes = [...new Set(run.probes.map((p) => p.route))].sort();
    const seeds = [...new Set(run.probes.map((p) => p.seed))].sort();
    // The console's table: its header row names the columns the HTML must name too.
    const consoleHeader = renderRunText(run, palette(false, {})).find((line) => line.startsWith('route'))!.trim().split(/\s+/);
    await expect(page.locator('#meta')).toContainText('2026-11-01 10:00 UTC · 5m0s');
    await expect(page.locator('table.matrix thead th:first-child')).toHaveText('route');
    await expect(page.locator('table.matrix thead th .seed')).toHaveText(consoleHeader.slice(1));
    await expect(page.locator('table.matrix thead th .provider')).toHaveText(seeds.map((s) => run.probes.find((p) => p.seed === s)!.provider));
    for (const route of routes)
      for (const seed of seeds) {
        const probes = run.probes.filter((p) => p.route === route && p.seed === seed);
        const cell = page.locator(`td.cell[data-route="${route}"][data-column="${seed}"]`);
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

  test('opens with what to fix first, above the grid: a forged mail first, as text, with what to change', async ({ page }, testInfo) => {
    const file = await writeRunReport(testInfo.outputPath('run'), hostileRun());
    const problems = watch(page);
    await page.goto(`file://${file}`);
    const section = page.locator('#fix-first');
    const top = (await section.boundingBox())!;
    const grid = (await page.locator('table.matrix').boundingBox())!;
    expect(top.y + top.height).toBeLessThanOrEqual(grid.y);
    // And first in the document: the grid is a later sibling of the section.
    await expect(page.locator('main > #fix-first ~ #matrix')).toHaveCount(1);
    const items = section.locator('#fix-list > li');
    await expect(items).toHaveCount(5); // the rest behind "N more"
    const first = items.first();
    await expect(first.locator('.severity')).toHaveText('✗ CRITICAL');
    await expect(first.locator('.fix-text')).toHaveText(`forged ${PAYLOADS.img}`);
    await expect(first.locator('.fix-where')).toHaveText('route m365, at 1 of 4 seeds (gmail-1)');
    await expect(first.locator('.fix-steps li')).toHaveText([`fix: ${PAYLOADS.script}`]);
    // Every item says its severity in words, whatever colour it has.
    for (const badge of await section.locator('.severity').all()) await expect(badge).toHaveText(/^(✗ CRITICAL|✗ FIX|! WARNING)$/);
    await expect(page.locator('#fix-more summary')).toHaveText(/^\d+ more$/);
    const dkim = section.locator('li.fix-item', { hasText: `DKIM fails: signature d=acme.test s=${PAYLOADS.svg}` });
    await expect(dkim.locator('.fix-text')).toHaveText(`DKIM fails: signature d=acme.test s=${PAYLOADS.svg} — fail`);
    await expect(dkim.locator('.fix-steps li')).toHaveText([`fix: compare the key the route signs with to the one published at ${PAYLOADS.svg}._domainkey.acme.test`]);
    // Mail text in the section stays text: no element of its own, nothing ran.
    expect(await section.locator('img, svg, script').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  test('a run with nothing to fix says so where the list would be', async ({ page }, testInfo) => {
    const run = makeRun({ runId: 'clean-run' });
    const pass = { spf: 'pass', dkim: 'pass', dmarc: 'pass' } as const;
    run.probes = run.probes.map((p) => ({ ...p, placement: 'inbox', error: undefined, auth: { ...pass }, analysis: makeAnalysis(pass, []), smtp: { code: 250, attempts: 1, retries: [] } }));
    const file = await writeRunReport(testInfo.outputPath('run'), run);
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('#fix-first #fix-none')).toHaveText(/^✓ Nothing to fix/);
    await expect(page.locator('#fix-list')).toHaveCount(0);
    expect(problems).toEqual([]);
  });

  test('verdict badges read without colour: each says its check and a mark for its verdict', async ({ page }, testInfo) => {
    const run = hostileRun();
    const file = await writeRunReport(testInfo.outputPath('run'), run);
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('#status')).toHaveText('✗ failed');
    const mark: Record<string, string> = { pass: '✓', fail: '✗', mixed: '±', softfail: '~', unknown: '–' };
    const cell = page.locator('td.cell[data-route="m365"][data-column="outlook-1"]');
    const probe = run.probes.find((p) => p.id === 'newsletter/m365/outlook-1')!;
    await expect(cell.locator('.auth')).toHaveText(['spf', 'dkim', 'dmarc'].map((k) => `${k} ${mark[probe.auth[k as 'spf']]}`));
    for (const badge of await page.locator('td.cell .auth').all()) await expect(badge).toHaveText(/^(spf|dkim|dmarc) [✓✗~±–]$/);
    // Greyscale the page: the marks are still there to read (they are text, not colour).
    await page.emulateMedia({ forcedColors: 'active' });
    await expect(cell.locator('.auth').nth(1)).toHaveText(`dkim ${mark[probe.auth.dkim]}`);
    expect(problems).toEqual([]);
  });

  test('clicking a cell lists its probes and opens the drill-down', async ({ page }, testInfo) => {
    const file = await writeRunReport(testInfo.outputPath('run'), hostileRun());
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await page.locator('td.cell[data-route="ses"][data-column="outlook-1"] button').click();
    await expect(page.locator('#filter')).toContainText('Showing ses × outlook-1');
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
