import { describe, expect, it } from 'vitest';
import { labZones } from '../../src/lab/files/zones.ts';
import { DKIM_KEY_NAMES, labWorld } from '../../src/lab/world.ts';

const world = labWorld('127.77.5');
const keys = Object.fromEntries(DKIM_KEY_NAMES.map((name, i) => [name, `${'A'.repeat(300)}${i}`])) as never;
const zones = new Map(labZones(world, keys).map((z) => [z.origin, z]));

describe('lab zone files', () => {
  it('serve the root zone too, so unknown names are NXDOMAIN rather than REFUSED', () => {
    expect(zones.get('.')?.text).toMatch(/^@ IN SOA ns\.lab\.test\. /m);
    expect(zones.get('.')?.text.split('\n').filter((l) => / IN /.test(l))).toHaveLength(2);
  });

  it('tell acme.test\'s story: SPF for the relay only, two DKIM keys, DMARC p=reject', () => {
    const acme = zones.get('acme.test')!.text;
    expect(acme).toContain('@ IN TXT "v=spf1 ip4:127.77.5.10 -all"');
    expect(acme).toContain('_dmarc IN TXT "v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:dmarc@acme.test"');
    expect(acme).toContain('@ IN MX 10 mx.mailhost.test.');
    expect(acme).toContain('internal IN A 127.77.5.11');
    // A DKIM key longer than 255 characters is split into several strings of one TXT record.
    expect(acme).toMatch(/s1\._domainkey IN TXT \( "v=DKIM1; k=rsa; p=A{237}"\n {4}"A{63}0" \)/);
    expect(acme).toMatch(/erp\._domainkey IN TXT \( "v=DKIM1; k=rsa; p=A+"\n {4}"A+1" \)/);
  });

  it('send stale.test\'s reports to acme.test\'s rua mailbox, which acme.test authorizes (RFC 9990 section 3)', () => {
    expect(zones.get('stale.test')!.text).toContain('_dmarc IN TXT "v=DMARC1; p=quarantine; rua=mailto:dmarc@acme.test"');
    expect(zones.get('acme.test')!.text).toContain('stale.test._report._dmarc IN TXT "v=DMARC1"');
    // Only for a domain reporting elsewhere: acme.test's own reports need no authorization, lists.test asks for none.
    expect(zones.get('acme.test')!.text.match(/_report\._dmarc/g)).toHaveLength(1);
  });

  it('leave nodmarc.test without DMARC and give every lab address a PTR', () => {
    expect(zones.get('nodmarc.test')!.text).not.toContain('_dmarc');
    const reverse = zones.get('5.77.127.in-addr.arpa')!.text;
    expect(reverse).toContain('10 IN PTR relay.lab.test.');
    expect(reverse).toContain('20 IN PTR mx.strict.test.');
    expect(reverse).toContain('66 IN PTR mx.forward.test.');
    expect(reverse.match(/ IN PTR /g)).toHaveLength(15);
  });

  it('give the forwarder and the lists their own SPF, MX and keys, and no address in anyone else\'s SPF', () => {
    expect(zones.get('forward.test')!.text).toContain('@ IN TXT "v=spf1 ip4:127.77.5.66 -all"');
    expect(zones.get('lists.test')!.text).toContain('@ IN MX 10 mx.lists.test.');
    expect(zones.get('lists.test')!.text).toMatch(/l1\._domainkey IN TXT/);
    for (const d of ['acme.test', 'stale.test', 'nodmarc.test']) expect(zones.get(d)!.text).not.toMatch(/127\.77\.5\.6[67]/);
  });
});
