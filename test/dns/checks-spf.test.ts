import { describe, expect, it } from 'vitest';
import { checkDomains } from '../../src/dns/checks/index.ts';
import { walkSpf } from '../../src/dns/checks/spf-walk.ts';
import { parseSpfRecord } from '../../src/dns/checks/spf-record.ts';
import { zonesResolver } from './support/zones.ts';

const spfOnly = { checks: ['spf' as const] };
const ids = (findings: { id: string }[]) => findings.map((f) => f.id);

describe('SPF posture', () => {
  it('counts eleven lookups, names which include costs what, and says how to fix it', async () => {
    const resolver = zonesResolver([
      'acme.test',
      `@ TXT "v=spf1 ip4:127.0.10.1 include:big.acme.test include:one.acme.test a mx a:mx.acme.test -all"
@ A 127.0.10.1
@ MX 10 mx
mx A 127.0.10.2
big TXT "v=spf1 include:n1.acme.test include:n2.acme.test include:n3.acme.test include:n4.acme.test include:n5.acme.test -all"
one TXT "v=spf1 include:n6.acme.test -all"
n1 TXT "v=spf1 ip4:192.0.2.1 -all"
n2 TXT "v=spf1 ip4:192.0.2.2 -all"
n3 TXT "v=spf1 ip4:192.0.2.3 -all"
n4 TXT "v=spf1 ip4:192.0.2.4 -all"
n5 TXT "v=spf1 ip4:192.0.2.5 -all"
n6 TXT "v=spf1 ip4:192.0.2.6 -all"
`,
    ]);
    const tree = await walkSpf(resolver, 'acme.test');
    expect(tree.lookups).toBe(11);
    const findings = await checkDomains(['acme.test'], resolver, { ...spfOnly, sendingIps: { 'acme.test': ['127.0.10.1'] } });
    const limit = findings.find((f) => f.id === 'spf.lookup-limit')!;
    expect(limit.severity).toBe('error');
    expect(limit.message).toBe('SPF needs 11 DNS lookups, more than the limit of 10 (include:big.acme.test costs 6, include:one.acme.test costs 2)');
    expect(limit.fix).toMatch(/Remove includes/);
    expect(limit.details).toMatchObject({ lookups: 11, voids: 0 });
    // The real sending address matches the first term, before any lookup: mailauth passes it.
    expect(ids(findings)).not.toContain('spf.not-authorized');
  });

  it('warns at nine or ten lookups, and is silent below', async () => {
    const record = (n: number) => `@ TXT "v=spf1 ${Array.from({ length: n }, () => 'a').join(' ')} -all"\n@ A 127.0.0.1\n`;
    expect(ids(await checkDomains(['acme.test'], zonesResolver(['acme.test', record(10)]), spfOnly))).toEqual(['spf.lookup-limit-near']);
    expect(ids(await checkDomains(['acme.test'], zonesResolver(['acme.test', record(8)]), spfOnly))).toEqual([]);
  });

  it('reports a missing record, several records, +all, ?all and a record without all', async () => {
    const check = async (text: string) => ids(await checkDomains(['acme.test'], zonesResolver(['acme.test', text]), spfOnly));
    expect(await check('@ A 127.0.0.1\n')).toEqual(['spf.missing']);
    expect(await check('@ TXT "v=spf1 -all"\n@ TXT "v=spf1 ~all"\n')).toEqual(['spf.multiple-records']);
    expect(await check('@ TXT "v=spf1 ip4:127.0.0.1 +all"\n')).toEqual(['spf.pass-all']);
    expect(await check('@ TXT "v=spf1 ip4:127.0.0.1 all"\n')).toEqual(['spf.pass-all']);
    expect(await check('@ TXT "v=spf1 ip4:127.0.0.1 ?all"\n')).toEqual(['spf.neutral-all']);
    expect(await check('@ TXT "v=spf1 ip4:127.0.0.1"\n')).toEqual(['spf.no-all']);
    expect(await check('@ TXT "v=spf1 ip4:127.0.0.1 redirect=_spf.acme.test"\n_spf TXT "v=spf1 -all"\n')).toEqual([]);
  });

  it('reports includes that do not resolve and more than two void lookups', async () => {
    const resolver = zonesResolver(['acme.test', '@ TXT "v=spf1 include:gone.acme.test a:x1.acme.test a:x2.acme.test mx:x3.acme.test -all"\n']);
    const findings = await checkDomains(['acme.test'], resolver, spfOnly);
    expect(ids(findings)).toEqual(['spf.include-unresolved', 'spf.void-limit']);
    expect(findings[0].message).toBe('include:gone.acme.test: gone.acme.test has no SPF record (the name does not exist)');
    expect(findings[1].message).toBe('SPF makes 4 lookups that find nothing, more than the limit of 2');
  });

  it('checks that each real sending address is authorized, with mailauth', async () => {
    const resolver = zonesResolver(['acme.test', '@ TXT "v=spf1 ip4:127.0.10.1 ~all"\n']);
    const findings = await checkDomains(['acme.test'], resolver, { ...spfOnly, sendingIps: { 'acme.test': ['127.0.10.1', '127.0.10.11'] } });
    expect(findings.map((f) => [f.id, f.subject, f.message])).toEqual([
      ['spf.not-authorized', '127.0.10.11', '127.0.10.11, which sends mail as acme.test, gets SPF softfail'],
    ]);
    expect(findings[0].fix).toContain('ip4:127.0.10.11');
  });

  it('lists syntax problems of terms', () => {
    expect(parseSpfRecord('v=spf1 ip4:300.1.1.1 include: foo:bar a/33 redirect=x redirect=y.test -all').problems).toEqual([
      '"ip4:300.1.1.1": "300.1.1.1" is not an IPv4 address',
      '"include:": include needs a domain name',
      '"foo:bar": unknown mechanism "foo"',
      '"a/33": /33 is not an IPv4 prefix length',
      '"redirect=x": redirect= needs a domain name',
      'more than one redirect= modifier',
    ]);
  });
});
