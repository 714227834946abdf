import { describe, expect, it } from 'vitest';
import { LandedError } from '../../src/errors.ts';
import { parseZone } from '../../src/dns/zone/load.ts';

const yaml = `---
'':
  - type: TXT
    values:
      - v=spf1 ip4:127.0.10.1 -all
  - type: MX
    values:
      - exchange: mx1.acme.test.
        preference: 10
_dmarc:
  type: TXT
  value: v=DMARC1\\; p=reject
long._domainkey:
  type: TXT
  ttl: 600
  value: v=DKIM1\\; k=rsa\\; p=${'A'.repeat(400)}
www:
  type: CNAME
  value: mx1.acme.test.
mx1:
  type: A
  value: 127.0.0.25
`;

describe('OctoDNS zones', () => {
  it('reads names relative to the zone named by the file, values and values lists', () => {
    const zone = parseZone(yaml, 'dns/acme.test.yaml');
    expect(zone.origin).toBe('acme.test');
    expect(zone.format).toBe('octodns');
    expect(zone.records.map((r) => `${r.name} ${r.type}`)).toEqual([
      'acme.test TXT', 'acme.test MX', '_dmarc.acme.test TXT', 'long._domainkey.acme.test TXT', 'www.acme.test CNAME', 'mx1.acme.test A',
    ]);
    expect(zone.records[1]).toMatchObject({ priority: 10, exchange: 'mx1.acme.test', where: 'dns/acme.test.yaml:6' });
    expect(zone.records[2]).toMatchObject({ strings: ['v=DMARC1; p=reject'] });
  });

  it('splits long TXT values into 255-byte strings, as OctoDNS publishes them', () => {
    const zone = parseZone(yaml, 'dns/acme.test.yaml');
    const dkim = zone.records[3] as { strings: string[]; ttl: number };
    expect(dkim.ttl).toBe(600);
    expect(dkim.strings.map((s) => s.length)).toEqual([255, 163]);
    expect(dkim.strings.join('')).toBe(`v=DKIM1; k=rsa; p=${'A'.repeat(400)}`);
  });

  it('reports unescaped semicolons, names without a trailing dot and YAML errors with their line', () => {
    const bad = `'':\n  type: TXT\n  value: v=DMARC1; p=none\nwww:\n  type: CNAME\n  value: acme.test\nmx:\n  type: A\n  value: 1.2.3\n`;
    let problems: string[] = [];
    try {
      parseZone(bad, 'dns/acme.test.yaml');
    } catch (error) {
      expect((error as LandedError).code).toBe('ZONE_INVALID');
      problems = (error as LandedError).problems;
    }
    expect(problems).toEqual([
      `dns/acme.test.yaml:2: '' (apex): unescaped ";" in TXT value: write it as "\\;" (OctoDNS requires it)`,
      'dns/acme.test.yaml:5: www: CNAME value "acme.test" must be a fully qualified name ending in "." (OctoDNS requires it)',
      'dns/acme.test.yaml:8: mx: "1.2.3" is not an IPv4 address',
    ]);
    expect(() => parseZone("'':\n  type: [\n", 'dns/acme.test.yaml')).toThrow(LandedError);
  });
});
