import { describe, expect, it } from 'vitest';
import { createOverlayResolver } from '../../src/dns/overlay/overlay.ts';
import { parseZone } from '../../src/dns/zone/load.ts';
import type { Resolver } from '../../src/dns/resolver.ts';

const proposed = parseZone(
  `$ORIGIN acme.test.
@ TXT "v=spf1 -all"
@ MX 10 mx1
mx1 A 127.0.0.25
s1._domainkey TXT "v=DKIM1; p=abc"
alias CNAME mx1
far CNAME mail.other.test.
loop1 CNAME loop2
loop2 CNAME loop1
*.wild TXT "wild"
sub NS ns.elsewhere.test.
`,
  'acme.test.zone',
);

/** What "live DNS" holds in these tests: the old acme.test and another domain. */
const liveCalls: string[] = [];
const live: Resolver = async (name, rrtype) => {
  liveCalls.push(`${name} ${rrtype}`);
  const data: Record<string, unknown> = {
    'acme.test TXT': [['v=spf1 ip4:127.0.10.1 -all']],
    'old.acme.test A': ['127.0.0.1'],
    'mail.other.test A': ['127.0.0.80'],
    'x.sub.acme.test A': ['127.0.0.99'],
  };
  const hit = data[`${name} ${rrtype}`];
  if (hit) return hit;
  throw Object.assign(new Error(`${name} ENOTFOUND`), { code: 'ENOTFOUND' });
};

const overlay = createOverlayResolver([proposed], live);
const code = (p: Promise<unknown>) => p.then(() => 'answer', (e: { code: string }) => e.code);

describe('overlay resolver', () => {
  it('answers names under the proposed apex from the proposal only, in node:dns shapes', async () => {
    expect(await overlay('acme.test', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(await overlay('ACME.test.', 'MX')).toEqual([{ exchange: 'mx1.acme.test', priority: 10 }]);
    expect(await overlay('s1._domainkey.acme.test', 'TXT')).toEqual([['v=DKIM1; p=abc']]);
    expect(liveCalls).toEqual([]);
  });

  it('gives NXDOMAIN for a name the proposal removes, NODATA for a missing type and for empty non-terminals', async () => {
    expect(await code(overlay('old.acme.test', 'A'))).toBe('ENOTFOUND');
    expect(await code(overlay('mx1.acme.test', 'TXT'))).toBe('ENODATA');
    expect(await code(overlay('_domainkey.acme.test', 'TXT'))).toBe('ENODATA');
    expect(await code(overlay('_dmarc.acme.test', 'TXT'))).toBe('ENOTFOUND');
    expect(liveCalls).toEqual([]);
  });

  it('asks live DNS for names outside the proposal, including the parents a DMARC tree walk asks for', async () => {
    expect(await overlay('mail.other.test', 'A')).toEqual(['127.0.0.80']);
    expect(await code(overlay('_dmarc.test', 'TXT'))).toBe('ENOTFOUND');
    expect(liveCalls).toEqual(['mail.other.test A', '_dmarc.test TXT']);
  });

  it('follows CNAMEs inside the proposal and out to live DNS, and stops loops', async () => {
    expect(await overlay('alias.acme.test', 'A')).toEqual(['127.0.0.25']);
    expect(await overlay('alias.acme.test', 'CNAME')).toEqual(['mx1.acme.test']);
    expect(await overlay('far.acme.test', 'A')).toEqual(['127.0.0.80']);
    expect(await overlay('alias.acme.test', 'TXT')).toEqual([]);
    expect(await code(overlay('loop1.acme.test', 'A'))).toBe('ESERVFAIL');
  });

  it('matches wildcards at the closest encloser only', async () => {
    expect(await overlay('anything.wild.acme.test', 'TXT')).toEqual([['wild']]);
    expect(await code(overlay('anything.wild.acme.test', 'A'))).toBe('ENODATA');
    expect(await code(overlay('wild.acme.test', 'TXT'))).toBe('ENODATA');
  });

  it('sends names below a delegation in the proposal to live DNS', async () => {
    liveCalls.length = 0;
    expect(await overlay('x.sub.acme.test', 'A')).toEqual(['127.0.0.99']);
    expect(liveCalls).toEqual(['x.sub.acme.test A']);
  });
});
