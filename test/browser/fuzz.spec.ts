/**
 * Fuzz: a few thousand generated hostile messages through the whole analysis and every reporter, then the
 * HTML reports opened in Chromium. Zero crashes, zero reporter failures, zero script executions.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { createReporters } from '../../src/reporters/index.ts';
import { RESULTS_SCHEMA_VERSION, type Placement, type ProbeResult, type RunResult } from '../../src/results/types.ts';
import { hostileMessage } from '../fuzz/hostile-mail.ts';
import { captureOptions } from '../reporters/capture.ts';
import { watch } from './watch.ts';

const MESSAGES = 2400;
const RUNS = 4;
const PLACEMENTS: Placement[] = ['inbox', 'spam', 'rejected', 'missing', 'error'];
const offline = async () => {
  throw Object.assign(new Error('no DNS in the fuzz test'), { code: 'ENOTFOUND' });
};

test.describe.configure({ timeout: 300_000 });

test(`${MESSAGES} hostile messages: analysis and every reporter survive, the HTML runs nothing`, async ({ page }, testInfo) => {
  const perRun = MESSAGES / RUNS;
  for (let r = 0; r < RUNS; r++) {
    const runDir = testInfo.outputPath(`run-${r}`);
    mkdirSync(join(runDir, 'messages'), { recursive: true });
    const probes: ProbeResult[] = [];
    for (let i = r * perRun; i < (r + 1) * perRun; i++) {
      const raw = hostileMessage(i);
      const messageFile = `messages/m${i}.eml`;
      writeFileSync(join(runDir, messageFile), raw);
      const analysis = await analyzeMessage(raw, { authservIds: ['mx.fuzz.test'], resolver: offline, timeoutMs: 200 });
      expect(() => JSON.parse(JSON.stringify(analysis))).not.toThrow();
      const placement = PLACEMENTS[i % PLACEMENTS.length];
      const { spf, dkim, dmarc } = analysis.receiver;
      probes.push({
        id: `fuzz/route-${i % 7}/seed-${i}`, scenario: 'fuzz', route: `route-${i % 7}`, seed: `seed-${i}`, provider: `provider-${i % 5}`,
        token: `landed-${'a'.repeat(16)}`, placement, folder: placement === 'spam' ? 'Junk' : 'INBOX', smtp: { code: 250, attempts: 1, retries: [] },
        auth: { spf, dkim, dmarc }, analysis, messageFile, notes: analysis.problems.slice(0, 3),
        expectations: [{ check: 'placement', expected: 'inbox', actual: placement, ok: placement === 'inbox' }],
      });
    }
    // The generator does produce what analysis has to refuse or cap.
    expect(probes.filter((p) => p.analysis!.problems.length > 0).length).toBeGreaterThan(perRun / 10);
    const run: RunResult = {
      schemaVersion: RESULTS_SCHEMA_VERSION, runId: `fuzz-${r}`, startedAt: '2026-11-22T10:00:00.000Z', finishedAt: '2026-11-22T10:05:00.000Z',
      status: 'failed', config: { file: 'landed.yaml', scenarios: ['fuzz'], routes: [], seeds: [] }, probes,
    };
    const { options, stdout } = captureOptions(runDir, { env: { GITHUB_STEP_SUMMARY: join(runDir, 'step-summary.md') } });
    const reporters = createReporters(['console', 'json', 'junit', 'github', 'markdown', 'html'], options);
    await reporters.onEnd?.(run, runDir);
    expect(reporters.failures).toEqual([]);
    // No line of the log can be taken for a workflow command other than our own ::error lines.
    for (const line of stdout.text.split('\n')) if (line.startsWith('::')) expect(line).toMatch(/^::error /);
    execFileSync('xmllint', ['--noout', '--schema', 'test/reporters/junit.xsd', join(runDir, 'junit.xml')], { stdio: 'pipe' });

    const problems = watch(page);
    await page.goto(`file://${join(runDir, 'report.html')}`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
    const rows = page.locator('tr.probe-row');
    await expect(rows).toHaveCount(perRun);
    // Open a spread of probes: each drill-down renders headers, verdicts, hops and notes from hostile mail.
    let shown = 0;
    for (let k = 0; k < perRun; k += 23) {
      await rows.nth(k).click();
      if ((await page.locator('#detail').textContent())?.includes('__pwned')) shown++;
    }
    // The payloads did reach the page, as text.
    expect(shown).toBeGreaterThan(5);
    expect(await page.locator('#detail script, #detail img, #detail svg, #detail iframe').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(problems).toEqual([]);
  }
});
