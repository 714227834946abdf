import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createGithubReporter, escapeData } from '../../src/reporters/github.ts';
import { createMarkdownReporter } from '../../src/reporters/markdown/index.ts';
import { renderMarkdown } from '../../src/reporters/markdown/render.ts';
import { brokenExpectations } from '../../src/reporters/summary.ts';
import { captureOptions } from './capture.ts';
import { makeAnalysis, makeRun } from './fixtures.ts';

const hostileReason = 'From <img src=x onerror=alert(1)> | [click](javascript:alert(1)) *bold*\n::error::injected';
// The DKIM selector comes from the message's signature: analysis's route summary quotes it.
const hostileAnalysis = makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }, [hostileReason]);
hostileAnalysis.verified.dkim.signatures[0].selector = 's1<img src=x onerror=alert(1)>|[click](javascript:alert(1))';
const run = makeRun({
  override: {
    'newsletter/m365/yahoo-1': {
      placement: 'spam',
      analysis: hostileAnalysis,
      expectations: [{ check: 'placement', expected: 'inbox', actual: 'spam', ok: false }],
    },
  },
});

/** Cells of a Markdown table row, honouring `\|` escapes. */
const cells = (line: string) => line.replace(/\\\|/g, '\u0000').split('|').slice(1, -1).map((c) => c.trim().replace(/\u0000/g, '\\|'));

describe('markdown reporter', () => {
  it('renders the routes x seeds matrix as a Markdown table whose every row has the header width', () => {
    const md = renderMarkdown(run);
    const lines = md.split('\n');
    const start = lines.findIndex((l) => l.startsWith('| route |'));
    const header = cells(lines[start]);
    expect(header).toEqual(['route', 'gmail-1', 'gmx-1', 'outlook-1', 'yahoo-1']);
    expect(cells(lines[start + 1])).toEqual(header.map(() => '---'));
    const body = lines.slice(start + 2, start + 2 + 3);
    expect(body.map((l) => cells(l)[0])).toEqual(['m365', 'postfix', 'ses']);
    for (const row of body) expect(cells(row)).toHaveLength(header.length);
    expect(cells(body[0])[4]).toBe('🟡 spam ✓✓✓');
  });

  it('keeps text from mail as text: no tags, links or table pipes of its own', () => {
    const md = renderMarkdown(run);
    expect(md).not.toContain('<img');
    expect(md).not.toContain('](javascript');
    expect(md).toContain('s1&lt;img src=x onerror=alert\\(1\\)&gt;\\|\\[click\\]\\(javascript:alert\\(1\\)\\)');
    const routeLine = md.split('\n').find((l) => l.startsWith('- route m365'))!;
    expect(routeLine).toContain('s1&lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('says a forged mail in an inbox first, critical, with what to change, before the table', () => {
    const spoofed = makeRun({
      override: {
        'newsletter/m365/yahoo-1': {
          placement: 'inbox',
          findings: [{ severity: 'critical', key: 'drill:spoof-inbox', text: 'a mail forged as acme.test reached the inbox of yahoo-1 | <b>', fix: ['publish DMARC p=reject'] }],
        },
      },
    });
    const md = renderMarkdown(spoofed);
    const fixFirst = md.indexOf('### Fix first');
    const critical = md.indexOf('1. 🚨 **CRITICAL** a mail forged as acme.test reached the inbox of yahoo-1 \\| &lt;b&gt;');
    expect(fixFirst).toBeGreaterThan(0);
    expect(critical).toBeGreaterThan(fixFirst);
    expect(critical).toBeLessThan(md.indexOf('| route |'));
    expect(md).toContain('   route m365, at 1 of 4 seeds \\(yahoo-1\\)\n   - fix: publish DMARC p=reject\n');
    expect(renderMarkdown(run)).not.toContain('CRITICAL');
  });

  it('opens with what to fix first: the top five, ranked, mail text escaped, the rest counted', () => {
    const reply = '550 5.7.26 <img src=x onerror=alert(1)> | [click](javascript:alert(1))';
    const hostile = structuredClone(run);
    hostile.probes.find((p) => p.id === 'newsletter/postfix/yahoo-1')!.smtp.response = reply;
    const md = renderMarkdown(hostile, { reportLink: 'report.html' });
    const section = md.slice(md.indexOf('### Fix first'), md.indexOf('| route |'));
    const items = section.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items).toHaveLength(5);
    // DMARC fails at two seeds of m365: it outranks what touches one seed, and DKIM (a check, DMARC aside) comes later.
    expect(items[0]).toMatch(/^1\. ❌ \*\*FIX\*\* DMARC fails \\\(p=reject\\\) for acme\.test/);
    expect(section).toContain('route m365, at 2 of 4 seeds \\(outlook-1, yahoo-1\\)');
    expect(section).toContain('refused by the receiver \\(5.7.26\\): 550 5.7.26 &lt;img src=x onerror=alert\\(1\\)&gt; \\| \\[click\\]\\(javascript:alert\\(1\\)\\)');
    expect(section).not.toContain('<img');
    expect(section).not.toContain('](javascript');
    expect(section).not.toContain('DKIM fails');
    expect(section).toMatch(/…and \d+ more in the HTML report\./);
  });

  it('writes summary.md into the run directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-md-'));
    await createMarkdownReporter(captureOptions(dir).options).onEnd!(run, dir);
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(renderMarkdown(run));
  });
});

describe('github reporter', () => {
  it('appends the summary to $GITHUB_STEP_SUMMARY and prints one ::error per broken expectation', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-gh-'));
    const summary = join(dir, 'summary.md');
    writeFileSync(summary, '# earlier step\n');
    const { options, stdout } = captureOptions(dir, { env: { GITHUB_STEP_SUMMARY: summary } });
    await createGithubReporter(options).onEnd!(run, dir);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${renderMarkdown(run)}\n`);
    const lines = stdout.text.trimEnd().split('\n');
    expect(lines).toHaveLength(brokenExpectations(run.probes).length);
    for (const line of lines) expect(line).toMatch(/^::error title=landed newsletter\/[^:,]+::\w+: expected /);
    const hostile = lines.find((l) => l.includes('yahoo-1'))!;
    expect(hostile).toBe(
      `::error title=landed newsletter/m365/yahoo-1::placement: expected inbox, got spam (${escapeData(hostileReason)})`,
    );
    expect(hostile).toContain('%0A::error::injected');
  });

  it('escapes workflow command data and properties as GitHub does', () => {
    expect(escapeData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
  });

  it('without $GITHUB_STEP_SUMMARY still annotates and writes no file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-gh-'));
    const { options, stdout } = captureOptions(dir);
    await createGithubReporter(options).onEnd!(run, dir);
    expect(stdout.text).toContain('::error ');
  });
});
