import { describe, expect, it } from 'vitest';
import { LandedError } from '../../src/errors.ts';
import { parseZone } from '../../src/dns/zone/load.ts';

const zone = `
$ORIGIN acme.test.
$TTL 1h
@   IN SOA ns1 hostmaster ( 2026010101 ; serial
        7200 3600 1209600 300 )
    IN NS ns1
    IN MX 10 mx1
    TXT "v=spf1 ip4:127.0.10.1" " -all"   ; two strings, glued by SPF
ns1 300 IN A 127.0.0.53
mx1 A 127.0.0.25
s1._domainkey IN TXT ( "v=DKIM1; k=rsa; "
                       "p=MIIB" )
_dmarc TXT "v=DMARC1\\; p=reject; rua=mailto:d@acme.test"
esc TXT "say \\"hi\\"" "caf\\195\\169"
www CNAME mx1.acme.test.
@ CAA 0 issue "letsencrypt.org"
`;

describe('BIND zone files', () => {
  const parsed = parseZone(zone, 'dns/acme.test.zone');

  it('takes the origin from the SOA, expands @ and relative names, inherits owners', () => {
    expect(parsed.origin).toBe('acme.test');
    const names = parsed.records.map((r) => `${r.name} ${r.type}`);
    expect(names).toEqual([
      'acme.test SOA', 'acme.test NS', 'acme.test MX', 'acme.test TXT', 'ns1.acme.test A', 'mx1.acme.test A',
      's1._domainkey.acme.test TXT', '_dmarc.acme.test TXT', 'esc.acme.test TXT', 'www.acme.test CNAME', 'acme.test CAA',
    ]);
    expect(parsed.records.find((r) => r.type === 'MX')).toMatchObject({ priority: 10, exchange: 'mx1.acme.test', ttl: 3600 });
    expect(parsed.records.find((r) => r.name === 'ns1.acme.test')).toMatchObject({ ttl: 300, value: '127.0.0.53', where: 'dns/acme.test.zone:9' });
  });

  it('joins parentheses across lines and decodes escapes in quoted strings', () => {
    const soa = parsed.records.find((r) => r.type === 'SOA');
    expect(soa).toMatchObject({ nsname: 'ns1.acme.test', hostmaster: 'hostmaster.acme.test', serial: 2026010101, minttl: 300 });
    const txt = (name: string) => parsed.records.find((r) => r.name === name && r.type === 'TXT') as { strings: string[] };
    expect(txt('s1._domainkey.acme.test').strings).toEqual(['v=DKIM1; k=rsa; ', 'p=MIIB']);
    expect(txt('_dmarc.acme.test').strings).toEqual(['v=DMARC1; p=reject; rua=mailto:d@acme.test']);
    expect(txt('esc.acme.test').strings).toEqual(['say "hi"', 'café']);
    expect(txt('acme.test').strings).toEqual(['v=spf1 ip4:127.0.10.1', ' -all']);
  });

  it('uses the file name as origin when there is no $ORIGIN', () => {
    const z = parseZone('@ TXT "v=spf1 -all"\nmail A 127.0.0.9\n', 'db.example.test');
    expect(z.records.map((r) => r.name)).toEqual(['example.test', 'mail.example.test']);
  });

  function problemsOf(text: string, file = 'dns/acme.test.zone'): string[] {
    try {
      parseZone(text, file);
    } catch (error) {
      expect(error).toBeInstanceOf(LandedError);
      expect((error as LandedError).code).toBe('ZONE_INVALID');
      return (error as LandedError).problems;
    }
    throw new Error('expected the zone to be refused');
  }

  it('names the file and line of every syntax error at once', () => {
    const problems = problemsOf('$ORIGIN acme.test.\n@ A 127.0.0.1\nmx1 A 300.1.1.1\n\nbad TXT "open\n@ MX ten mx1\nx BOGUS 1\n');
    expect(problems).toEqual([
      'dns/acme.test.zone:5: quoted string is not closed on this line',
      'dns/acme.test.zone:3: "300.1.1.1" is not an IPv4 address',
      'dns/acme.test.zone:6: MX preference "ten" is not a number from 0 to 65535',
      'dns/acme.test.zone:7: "BOGUS" is not a record type landed knows',
    ]);
  });

  it('flags a TXT character-string longer than 255 bytes', () => {
    const long = 'p='.padEnd(300, 'A');
    const problems = problemsOf(`$ORIGIN acme.test.\nsel._domainkey TXT "v=DKIM1; ${long}"\n`);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^dns\/acme\.test\.zone:2: TXT character-string is 309 bytes, more than the 255/);
  });

  it('refuses unclosed parentheses, out-of-zone names, CNAME with other data and $INCLUDE', () => {
    expect(problemsOf('$ORIGIN acme.test.\n@ SOA ns1 host ( 1 2 3 4 5 6\n')[0]).toBe('dns/acme.test.zone:2: "(" is never closed');
    expect(problemsOf('$ORIGIN acme.test.\n@ A 127.0.0.1\nother.test. A 127.0.0.2\n')).toEqual([
      'dns/acme.test.zone:3: other.test is outside the zone acme.test',
    ]);
    expect(problemsOf('$ORIGIN acme.test.\nwww CNAME @\nwww A 127.0.0.1\n')).toEqual([
      'dns/acme.test.zone:2: www.acme.test has a CNAME and other records; a CNAME must be the only record at its name',
    ]);
    expect(problemsOf('$INCLUDE /etc/passwd\n')[0]).toMatch(/:1: \$INCLUDE is not supported/);
  });

  it('refuses relative names when no origin is known', () => {
    expect(problemsOf('www A 127.0.0.1\n', 'zonefile')).toEqual(['zonefile:1: relative name "www" used before $ORIGIN is known']);
  });
});
