/** The overlay, given only a zone, must answer like NSD serving the same zone file. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOverlayResolver } from '../../src/dns/overlay/overlay.ts';
import { parseZone } from '../../src/dns/zone/load.ts';
import type { Resolver } from '../../src/dns/resolver.ts';
import { startNsd, type TestNsd } from './support/nsd.ts';

const text = `$ORIGIN overlay.test.
$TTL 300
@ SOA ns hostmaster 1 7200 3600 1209600 300
@ NS ns
ns A 127.0.0.53
@ TXT "v=spf1 ip4:192.0.2.1" " -all"
@ MX 10 mx1
@ MX 20 mx2
mx1 A 192.0.2.25
mx2 AAAA 2001:db8::25
sel._domainkey TXT "v=DKIM1; k=rsa; p=" "MIIB\\059x"
alias CNAME mx1
alias2 CNAME alias
dangling CNAME gone
*.wild TXT "from the wildcard"
caa CAA 0 issue "ca.example"
`;

const questions: Array<[string, string]> = [
  ['overlay.test', 'TXT'], ['overlay.test', 'MX'], ['overlay.test', 'A'], ['mx1.overlay.test', 'A'],
  ['mx2.overlay.test', 'AAAA'], ['mx2.overlay.test', 'A'], ['sel._domainkey.overlay.test', 'TXT'],
  ['_domainkey.overlay.test', 'TXT'], ['nothere.overlay.test', 'TXT'], ['_dmarc.overlay.test', 'TXT'],
  ['alias.overlay.test', 'A'], ['alias2.overlay.test', 'A'], ['alias.overlay.test', 'CNAME'], ['alias.overlay.test', 'TXT'], ['alias2.overlay.test', 'AAAA'], ['dangling.overlay.test', 'A'],
  ['x.wild.overlay.test', 'TXT'], ['x.y.wild.overlay.test', 'TXT'], ['x.wild.overlay.test', 'A'], ['wild.overlay.test', 'TXT'],
  ['caa.overlay.test', 'CAA'], ['overlay.test', 'NS'],
];

async function ask(resolver: Resolver, name: string, type: string): Promise<unknown> {
  try {
    const answer = await resolver(name, type);
    return Array.isArray(answer) ? [...answer].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : answer;
  } catch (error) {
    return (error as { code: string }).code;
  }
}

describe('overlay answers like NSD', () => {
  let nsd: TestNsd;
  beforeAll(async () => {
    nsd = await startNsd('127.53.6.1', [{ origin: 'overlay.test', text }]);
  });
  afterAll(() => nsd?.stop());

  it.each(questions)('%s %s', async (name, type) => {
    const overlay = createOverlayResolver([parseZone(text, 'overlay.test.zone')]);
    expect(await ask(overlay, name, type)).toEqual(await ask(nsd.resolver, name, type));
  });
});
