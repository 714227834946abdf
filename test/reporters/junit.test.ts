import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createJunitReporter } from '../../src/reporters/junit/index.ts';
import { renderJunit } from '../../src/reporters/junit/render.ts';
import { captureOptions } from './capture.ts';
import { makeAnalysis, makeRun } from './fixtures.ts';

// xmllint comes from Debian's libxml2-utils (installed by .ci/prerequisites, npm test's pretest step).
const schema = new URL('./junit.xsd', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'landed-junit-'));

function validate(xml: string): { ok: boolean; output: string } {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.xml`);
  writeFileSync(file, xml);
  const result = spawnSync('xmllint', ['--noout', '--schema', schema, file], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.stderr };
}

const xpath = (xml: string, expr: string) => {
  const file = join(dir, 'query.xml');
  writeFileSync(file, xml);
  return execFileSync('xmllint', ['--xpath', expr, file], { encoding: 'utf8' }).trim();
};

const hostile = 'Subject <script>alert(1)</script> ]]> & "quoted" \u0007bell \u0000nul \ud800 lone';

describe('junit reporter', () => {
  const run = makeRun({
    override: {
      'newsletter/m365/gmail-1': {
        placement: 'spam',
        analysis: makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }, [hostile]),
        expectations: [{ check: 'placement', expected: 'inbox', actual: 'spam', ok: false }],
      },
      'newsletter/ses/outlook-1': { placement: 'error', error: 'IMAP login failed', expectations: [] },
      'newsletter/ses/yahoo-1': { placement: 'interrupted', expectations: [{ check: 'placement', expected: 'inbox', actual: 'interrupted', ok: false }] },
    },
  });

  it('validates against the JUnit schema CI parsers read, with hostile text in it', () => {
    const result = validate(renderJunit(run));
    expect(result.output).toMatch(/validates/);
    expect(result.ok).toBe(true);
  });

  it('the schema check itself rejects a malformed report', () => {
    const broken = renderJunit(run).replace(/<testsuite name="[^"]*" tests="\d+"/, '<testsuite name="x" tests="-1"');
    expect(validate(broken).ok).toBe(false);
    expect(validate('<testsuites><testcase name="a"/></testsuites>').ok).toBe(false);
  });

  it('has one testcase per expectation, failures with expected vs actual and the reasons', () => {
    const xml = renderJunit(run);
    const expectations = run.probes.reduce((n, p) => n + Math.max(1, p.expectations.length), 0);
    expect(Number(xpath(xml, 'count(//testcase)'))).toBe(expectations);
    const interrupted = 1;
    const errors = 1;
    const failed = run.probes.filter((p) => p.placement !== 'interrupted' && p.placement !== 'error').flatMap((p) => p.expectations.filter((e) => !e.ok)).length;
    expect(Number(xpath(xml, 'count(//failure)'))).toBe(failed);
    expect(Number(xpath(xml, 'count(//error)'))).toBe(errors);
    expect(Number(xpath(xml, 'count(//skipped)'))).toBe(interrupted);
    expect(xpath(xml, 'string(/testsuites/@failures)')).toBe(String(failed));
    const failure = xpath(xml, 'string(//testsuite[@name="newsletter/m365"]/testcase[@name="gmail-1: placement"]/failure/@message)');
    expect(failure).toBe('placement: expected inbox, got spam');
    const body = xpath(xml, 'string(//testsuite[@name="newsletter/m365"]/testcase[@name="gmail-1: placement"]/failure)');
    expect(body).toContain('Subject <script>alert(1)</script> ]]> & "quoted"');
    expect(xpath(xml, 'string(//testcase[@name="outlook-1: delivered"]/error/@message)')).toBe('IMAP login failed');
  });

  it('writes junit.xml into the run directory', async () => {
    const { options } = captureOptions(dir);
    await createJunitReporter(options).onEnd!(run, dir);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe(renderJunit(run));
  });
});
