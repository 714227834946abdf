import { describe, expect, it } from 'vitest';
import { diffFindings, regressions, rowsFrom } from '../../src/dns-plan/compare.ts';
import type { ReplayVerdicts } from '../../src/dns-plan/types.ts';
import type { Finding } from '../../src/dns/types.ts';

const v = (spf: string, dkim: string, dmarc: string, disposition: ReplayVerdicts['disposition'] = 'none'): ReplayVerdicts => ({ spf, dkim, dmarc, disposition, signatures: [] });

describe('plan comparisons', () => {
  it('counts a lost pass and a stricter DMARC disposition as regressions, nothing else', () => {
    expect(regressions(v('pass', 'pass', 'pass'), v('fail', 'pass', 'pass'))).toEqual(['SPF pass → fail']);
    // DMARC tightened to reject while the route still sends unaligned mail.
    expect(regressions(v('pass', 'fail', 'fail'), v('pass', 'fail', 'fail', 'reject'))).toEqual(['DMARC disposition none → reject']);
    expect(regressions(v('fail', 'fail', 'fail', 'reject'), v('pass', 'pass', 'pass'))).toEqual([]);
    expect(regressions(v('softfail', 'none', 'fail'), v('fail', 'none', 'fail'))).toEqual([]);
  });

  it('groups probes per route x provider, shows the worst verdict, and orders regressions first', () => {
    const rows = rowsFrom([
      { probeId: 's/a/g1', route: 'a', provider: 'gmail', before: v('pass', 'pass', 'pass'), after: v('pass', 'pass', 'pass') },
      { probeId: 's/b/g1', route: 'b', provider: 'gmail', before: v('pass', 'pass', 'pass'), after: v('pass', 'pass', 'pass') },
      { probeId: 's/b/g2', route: 'b', provider: 'gmail', before: v('pass', 'pass', 'pass'), after: v('pass', 'fail', 'fail', 'quarantine') },
    ]);
    expect(rows.map((r) => [r.route, r.probes.length, r.dkim, r.dmarc, r.regression])).toEqual([
      ['b', 2, { before: 'pass', after: 'fail' }, { before: 'pass', after: 'fail (quarantine)' }, true],
      ['a', 1, { before: 'pass', after: 'pass' }, { before: 'pass', after: 'pass' }, false],
    ]);
  });

  it('diffs findings by kind, domain, subject and severity, not by message', () => {
    const f = (id: string, severity: Finding['severity'], message: string, subject?: string): Finding => ({ id, domain: 'acme.test', severity, check: 'spf', message, breaks: '', fix: '', subject });
    const diff = diffFindings(
      [f('spf.lookup-limit-near', 'warning', 'SPF needs 9'), f('spf.not-authorized', 'error', 'x', '192.0.2.1')],
      [f('spf.lookup-limit-near', 'warning', 'SPF needs 10'), f('spf.not-authorized', 'error', 'x', '192.0.2.2')],
    );
    expect(diff.unchanged).toBe(1);
    expect(diff.added.map((x) => x.subject)).toEqual(['192.0.2.2']);
    expect(diff.removed.map((x) => x.subject)).toEqual(['192.0.2.1']);
  });
});
