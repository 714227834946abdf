import { expect, test } from '@playwright/test';
import { PAYLOADS, writeDmarcTrendReport, writeTrendReport } from './reports.ts';
import { watch } from './watch.ts';

test.describe('trend report: DMARC section', () => {
  test('pass rates per route beside placement, per day, and the unknown senders listed with hostile names as text', async ({ page }, testInfo) => {
    const file = await writeDmarcTrendReport(testInfo.outputPath('trend'));
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const section = page.locator('#dmarc');
    await expect(section).toBeVisible();
    // m365: 30 reported messages, 20 passing; its seed probes over the same trend: every one in the inbox but
    // m365 -> gmail on the third run.
    await expect(section.locator('#dmarc-routes tbody tr')).toHaveText([
      /^m365\s*91\.7% of 12 probes\s*66\.7% \(30\)$/,
      /^unknown senders\s*0% \(65\)$/,
    ]);
    await expect(section.locator('#dmarc-table thead th')).toHaveText(['day (UTC)', 'm365', 'unknown senders']);
    await expect(section.locator('#dmarc-table tbody tr')).toHaveText([
      /^2026-11-02\s*50% \(20\)\s*2 sources, 25 messages, 0% pass$/,
      /^2026-11-01\s*100% \(10\)\s*1 sources, 40 messages, 0% pass$/,
    ]);
    const senders = section.locator('#dmarc-unknown tbody tr');
    await expect(senders).toHaveCount(2);
    await expect(senders.nth(0).locator('td')).toHaveText(['192.0.2.66', '60', '0%', '2026-11-01 to 2026-11-02', 'acme.example', `${PAYLOADS.img}, google.com`]);
    // The hostile From domain and org are shown as the text they are (the From domain lowercased, as parsed).
    await expect(senders.nth(1).locator('td')).toHaveText(['198.51.100.9', '5', '0%', '2026-11-02', PAYLOADS.script.toLowerCase(), PAYLOADS.img]);
    await expect(section.locator('img, script, svg')).toHaveCount(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: string }).__pwned)).toBeUndefined();
    await page.screenshot({ path: testInfo.outputPath('trend-dmarc.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  test('stays hidden when the history holds no DMARC reports', async ({ page }, testInfo) => {
    const file = writeTrendReport(testInfo.outputPath('trend'));
    const problems = watch(page);
    await page.goto(`file://${file}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    await expect(page.locator('#dmarc')).toBeHidden();
    expect(problems).toEqual([]);
  });
});
