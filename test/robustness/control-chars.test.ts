/**
 * Finding 5: control characters from mail and file names never reach an output. Every string a run result
 * carries from mail (SMTP answers, DSN status, DKIM d=/s=, Authentication-Results words, reasons, errors)
 * is made hostile at once: terminal escapes (clear screen, window title), C1 controls, bidi overrides and a
 * newline that would start a workflow command. Each reporter, `inspect` and the CLI's error lines are checked.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeMessage, formatAnalysis } from '../../src/analysis/index.ts';
import { createConsoleReporter } from '../../src/reporters/console/index.ts';
import { createGithubReporter } from '../../src/reporters/github.ts';
import { renderMarkdown } from '../../src/reporters/markdown/render.ts';
import type { RunResult } from '../../src/results/types.ts';
import { runLanded } from '../dns/support/cli.ts';
import { captureOptions } from '../reporters/capture.ts';
import { makeRun } from '../reporters/fixtures.ts';

const EVIL = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\u2066\r\n::warning::injected';
/** What must never be written: C0 controls but tab and newline, DEL, C1, bidi embeddings/overrides/isolates. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const injectedLine = (text: string) => text.split(/\r?\n/).filter((l) => l.startsWith('::warning::injected'));

/** Every string under the fields that come from mail or servers gets the hostile suffix. */
function poison<T>(value: T): T {
  if (typeof value === 'string') return `${value}${EVIL}` as T;
  if (Array.isArray(value)) return value.map(poison) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, poison(v)])) as T;
  return value;
}

function hostileRun(): RunResult {
  const run = makeRun({ random: 3 });
  for (const probe of run.probes) {
    probe.smtp = { ...probe.smtp, response: poison(probe.smtp.response ?? '550 refused'), status: `5.7.1${EVIL}` };
    probe.error = poison(probe.error ?? 'not found');
    probe.notes = poison(['a note']);
    probe.bounce = { status: `5.1.1${EVIL}`, action: 'failed', diagnostic: poison('smtp; 550 no such user'), reportingMta: poison('mx.test') } as never;
    if (probe.analysis) probe.analysis = poison(probe.analysis);
    probe.expectations = probe.expectations.map((e) => ({ ...e, ok: false }));
  }
  run.status = 'failed';
  return run;
}

describe('no control character from data reaches an output', () => {
  it('console, GitHub annotations and Markdown summary', async () => {
    const run = hostileRun();
    const dir = mkdtempSync(join(tmpdir(), 'landed-ctl-'));
    const { options, stdout } = captureOptions(dir, { isTTY: false, env: { NO_COLOR: '1' } });
    const consoleReporter = createConsoleReporter(options);
    await consoleReporter.onEnd?.(run, dir);
    const summary = join(dir, 'summary.md');
    const github = captureOptions(dir, { env: { GITHUB_STEP_SUMMARY: summary } });
    await createGithubReporter(github.options).onEnd?.(run, dir);
    const outputs = { console: stdout.text, github: github.stdout.text, stepSummary: readFileSync(summary, 'utf8'), markdown: renderMarkdown(run) };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text.length, name).toBeGreaterThan(100);
      expect(text.match(FORBIDDEN)?.[0], name).toBeUndefined();
      expect(injectedLine(text), name).toEqual([]);
    }
  });

  it('inspect: DKIM d=/s= and Authentication-Results words with escapes', async () => {
    const raw = [
      `Authentication-Results: mx.test; dkim=pass${EVIL} header.d=acme.test\u001b[2J header.s=s1\u009b; spf=pass\u202e smtp.mailfrom=a@acme.test`,
      `DKIM-Signature: v=1; a=rsa-sha256; d=acme.test\u001b]0;t\u0007; s=s1\u001b[2J\u202e; h=from; bh=AAAA; b=AAAA`,
      `From: a@acme.test${EVIL}`,
      'To: b@example.test',
      `Subject: hi\u001b[2J\u009b`,
      '',
      'body',
      '',
    ].join('\r\n');
    const analysis = await analyzeMessage(Buffer.from(raw), { authservIds: ['mx.test'], resolver: async () => { throw Object.assign(new Error('no dns'), { code: 'ENOTFOUND' }); } });
    const text = formatAnalysis(analysis);
    expect(text).toContain('mx.test');
    expect(text.match(FORBIDDEN)?.[0]).toBeUndefined();
    expect(injectedLine(text)).toEqual([]);
  });

  it('a scenario file name with a newline cannot inject a workflow command into stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-ctl-'));
    writeFileSync(join(dir, 'landed.yaml'), 'routes: {}\nseeds: {}\n');
    const name = `bad\u001b[2J\n::warning::injected\u202e.yaml`;
    writeFileSync(join(dir, name), 'routes: [nope]\nmessage: { subject: x, text: y }\n');
    const result = await runLanded(['plan', name], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('bad');
    expect(result.stderr.match(FORBIDDEN)?.[0]).toBeUndefined();
    expect(injectedLine(result.stderr)).toEqual([]);
  });
});
