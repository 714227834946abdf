import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonForScript, renderPage } from '../../src/reporters/html/page.ts';
import { renderRunReport } from '../../src/reporters/html/run-report.ts';
import { renderRunText } from '../../src/reporters/console/render.ts';
import { palette } from '../../src/text/colour.ts';
import { makeAnalysis, makeRun } from './fixtures.ts';

const embedded = (html: string) => JSON.parse(/<script type="application\/json" id="landed-data">(.*?)<\/script>/s.exec(html)![1]);

describe('HTML page', () => {
  it('embeds JSON that no string can break out of', () => {
    const hostile = { subject: '</script><script>alert(1)</script><!-- & \u2028' };
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(hostile);
  });

  it('escapes the text it writes into the page itself (the title), so a hostile run name stays text', () => {
    const html = renderPage({ title: 'run </title><script>alert(1)</script> & "x"', data: {}, styles: [], scripts: [], body: '' });
    expect(html).toContain('<title>run &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</title>');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('allows exactly its own inline script and style by hash, and nothing from the network', () => {
    const html = renderPage({ title: 't', data: {}, styles: ['body{color:red}'], scripts: ['var a = 1', 'var b = 2'], body: '<p></p>' });
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)![1].replace(/&#39;/g, "'");
    const inline = /<script>(.*?)<\/script>/s.exec(html)![1];
    const style = /<style>(.*?)<\/style>/s.exec(html)![1];
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp.split('; ')).toEqual([
      "default-src 'none'",
      `script-src ${hash(inline)}`,
      `style-src ${hash(style)}`,
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it('refuses an inline asset that would close its own element', () => {
    expect(() => renderPage({ title: 't', data: {}, styles: [], scripts: ['x = "</script>"'], body: '' })).toThrow(/closing tag/);
  });

  it('heads its columns with the seeds as the console does, each with its provider', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'landed-html-'));
    const lab = makeRun({ seeds: ['bulk-1', 'isp-1', 'strict-1'].map((id) => ({ id, provider: 'imap' })) });
    const labView = embedded(await renderRunReport(lab, dir));
    expect(labView.columns).toEqual(['bulk-1', 'isp-1', 'strict-1']);
    const run = makeRun();
    const view = embedded(await renderRunReport(run, dir));
    const consoleHeader = renderRunText(run, palette(false, {})).find((line) => line.startsWith('route'))!;
    expect(['route', ...view.columns]).toEqual(consoleHeader.trim().split(/\s+/));
    expect(view.providers).toEqual({ 'gmail-1': 'gmail', 'gmx-1': 'gmx', 'outlook-1': 'outlook', 'yahoo-1': 'yahoo' });
  });

  it('carries what to fix first, ranked, with where each item was seen', async () => {
    const view = embedded(await renderRunReport(makeRun(), mkdtempSync(join(tmpdir(), 'landed-html-'))));
    expect(view.fixFirst.map((f: { key: string; where: string }) => [f.key, f.where])).toEqual([
      ['dmarc:fail', 'route m365, at 1 of 4 seeds (outlook-1)'],
      ['rejected:5.7.26', 'route postfix, at 1 of 4 seeds (yahoo-1)'],
      ['placement:spam', 'route ses, at 1 of 4 seeds (gmx-1)'],
      ['placement:missing', 'route m365, at 1 of 4 seeds (gmx-1)'],
      ['dkim:fail:acme.test:s1', 'route m365, at 1 of 4 seeds (outlook-1)'],
    ]);
  });

  it('caps every string of a probe: one absurd header does not make an absurd report', async () => {
    const huge = 'A'.repeat(100_000);
    const run = makeRun({ override: { 'newsletter/m365/gmail-1': { analysis: makeAnalysis({ spf: 'pass', dkim: 'pass', dmarc: 'pass' }, [huge]) } } });
    const html = await renderRunReport(run, mkdtempSync(join(tmpdir(), 'landed-html-')));
    const probe = embedded(html).probes.find((p: { id: string }) => p.id === 'newsletter/m365/gmail-1');
    expect(probe.analysis.reasons[0]).toBe(`${'A'.repeat(2000)}…`);
    expect(html.length).toBeLessThan(200_000);
  });
});
