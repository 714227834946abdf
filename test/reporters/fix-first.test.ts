import { describe, expect, it } from 'vitest';
import type { ProbeResult, RunResult } from '../../src/results/types.ts';
import { fixFirst, fixWhere } from '../../src/reporters/fix-first.ts';
import { makeAnalysis, makeRun } from './fixtures.ts';

const SEEDS = ['bulk-1', 'isp-1', 'strict-1'].map((id) => ({ id, provider: 'imap' }));
const pass = { spf: 'pass', dkim: 'pass', dmarc: 'pass' } as const;

/** Every probe in the inbox with passing auth, then `change` applied per probe. */
function cleanRun(change: (p: ProbeResult) => Partial<ProbeResult> = () => ({})): RunResult {
  const run = makeRun({ routes: ['relay', 'erp'], seeds: SEEDS });
  run.probes = run.probes.map((p) => {
    const clean: ProbeResult = { ...p, placement: 'inbox', folder: 'INBOX', error: undefined, auth: { ...pass }, analysis: makeAnalysis(pass, []),
      smtp: { code: 250, response: '250 ok', attempts: 1, retries: [] }, expectations: [] };
    return { ...clean, ...change(clean) };
  });
  return run;
}

function noKey(): ReturnType<typeof makeAnalysis> {
  const a = makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'pass' }, []);
  a.verified.dkim.signatures[0] = { ...a.verified.dkim.signatures[0], selector: 'erp2023', reason: 'no key', aligned: true };
  return a;
}

describe('fix first', () => {
  it('is empty for a run where everything landed and authenticated', () => {
    expect(fixFirst(cleanRun())).toEqual([]);
  });

  it('says a problem once per route with the seeds where it was seen, and its fix', () => {
    const run = cleanRun((p) => (p.route === 'erp' ? { analysis: noKey() } : {}));
    const [item, ...rest] = fixFirst(run);
    // With its DKIM failing, the route's DMARC rests on SPF alone: said after, as a warning.
    expect(rest.map((f) => [f.severity, f.key])).toEqual([['warning', 'dmarc:spf-only']]);
    expect(item).toMatchObject({ severity: 'error', key: 'dkim:no-key:acme.test:erp2023', route: 'erp', seeds: ['bulk-1', 'isp-1', 'strict-1'] });
    expect(item.text).toBe('DKIM fails: signature d=acme.test s=erp2023 — no key published at erp2023._domainkey.acme.test');
    expect(item.fix).toEqual(["publish the route's public key as a TXT record at erp2023._domainkey.acme.test, or make the route sign with a selector that is published"]);
    expect(fixWhere(item)).toBe('route erp, at all 3 seeds (bulk-1, isp-1, strict-1)');
  });

  it('ranks critical first, then what keeps mail out by how many seeds it touches, then failing checks, warnings last', () => {
    const ptr = makeAnalysis(pass, []);
    ptr.path.ptr = { result: 'none', names: [], forwardConfirmed: false } as never;
    const run = cleanRun((p) => {
      if (p.route === 'relay') return { placement: 'spam', folder: 'Junk', ...(p.seed === 'bulk-1' ? { analysis: ptr } : {}) };
      if (p.seed === 'strict-1') return { analysis: makeAnalysis({ spf: 'pass', dkim: 'fail', dmarc: 'fail' }, []) };
      if (p.seed === 'bulk-1') return { findings: [{ severity: 'critical', key: 'drill:spoof-inbox', text: 'forged mail in the inbox of bulk-1', fix: ['publish p=reject'] }] };
      return {};
    });
    // Spam at all three seeds of relay outranks DMARC failing at one seed of erp, though analysis is gathered
    // first; erp's DKIM failure, which DMARC's item already covers, comes after both.
    expect(fixFirst(run).map((f) => [f.severity, f.key, f.route, f.seeds.length])).toEqual([
      ['critical', 'drill:spoof-inbox', 'erp', 1],
      ['error', 'placement:spam', 'relay', 3],
      ['error', 'dmarc:fail', 'erp', 1],
      ['error', 'dkim:fail:acme.test:s1', 'erp', 1],
      ['warning', 'ptr:none', 'relay', 1],
    ]);
  });

  it('groups failed probes by their reason, which names what failed and what to do', () => {
    const reason = 'seed strict-1: IMAP login refused; check the password for strict-1 in landed.yaml';
    const run = cleanRun((p) => (p.seed === 'strict-1' ? { placement: 'error', error: reason, analysis: undefined, smtp: { attempts: 0, retries: [] } } : {}));
    const [item] = fixFirst(run);
    expect(item).toMatchObject({ severity: 'error', route: undefined, seeds: ['strict-1'], text: `${reason} [2 probes, none sent]`, fix: [] });
    expect(fixWhere(item)).toBe('at 1 of 3 seeds (strict-1)');
  });

  it('for spam, points at the route\'s failing authentication, then at the content rules with a fix', () => {
    const run = cleanRun((p) => (p.route === 'relay' ? { placement: 'spam', analysis: noKey() } : {}));
    run.content = [{ scenario: 'newsletter', route: 'relay', result: { scorer: 'rspamd', score: 7, action: 'add header', thresholds: { greylist: 4, junk: 6, reject: 15 }, elapsedMs: 1,
      symbols: [
        { name: 'LANDED_URL_SHORTENER', score: 4, meaning: 'shortener', fix: 'link to your own domain directly', details: [] },
        { name: 'DMARC_POLICY_ALLOW', score: -0.5, meaning: 'ok', fix: 'never shown', details: [] },
        { name: 'SOME_RULE', score: 1, meaning: 'no fix', details: [] },
      ] } }];
    const spam = fixFirst(run).find((f) => f.key === 'placement:spam')!;
    expect(spam.fix).toEqual([
      'first the authentication items of route relay in this list: receivers junk mail that fails them',
      'link to your own domain directly (LANDED_URL_SHORTENER, +4)',
    ]);
  });

  it('says a forwarding failure once (its fix is not repeated in its text) and leaves the expected SPF failure out', () => {
    const a = makeAnalysis({ spf: 'fail', dkim: 'none', dmarc: 'fail' }, []);
    a.verified.dkim = { result: 'none', signatures: [] };
    a.verified.dmarc = { ...a.verified.dmarc, spfAligned: false, dkimAligned: false };
    a.forwarded = { by: 'forward.test', evidence: ['ARC i=1 by forward.test'] } as never;
    const run = cleanRun((p) => (p.route === 'relay' && p.seed === 'bulk-1' ? { analysis: a } : {}));
    const items = fixFirst(run);
    const forwarded = items.find((f) => f.key === 'dmarc:forwarded:forward.test')!;
    expect(forwarded.text).not.toContain('fix:');
    expect(forwarded.fix).toEqual(['sign with a DKIM key of acme.test (aligned) so DMARC survives forwarding']);
    expect(items.some((f) => f.key.startsWith('spf:fail'))).toBe(false);
  });
});
