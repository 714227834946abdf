import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { CHECKS } from '../../src/analysis/requirements/checks.ts';
import { RULE_SETS, ruleSets } from '../../src/analysis/requirements/rules.ts';
import { quotedTxt, zonesResolver } from '../dns/support/zones.ts';
import { compose, deliver, fixture, offline, rsaKeys, sign } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

const key = rsaKeys();
const dns = zonesResolver(
  ['acme.test', `@ TXT "v=spf1 ip4:192.0.2.10 -all"\ns1._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${key.publicKey}`)}\n_dmarc TXT "v=DMARC1; p=none"\nrelay A 192.0.2.10\n`],
  ['2.0.192.in-addr.arpa', '10 PTR relay.acme.test.\n'],
);
const unsubscribe = ['List-Unsubscribe: <https://acme.test/u/1>, <mailto:u@acme.test>', 'List-Unsubscribe-Post: List-Unsubscribe=One-Click'];

async function newsletter(signedHeaders: boolean) {
  const message = compose({ headers: unsubscribe });
  const signed = signedHeaders ? await sign(message, 'acme.test', 's1', key, ['from', 'to', 'subject', 'date', 'message-id', 'list-unsubscribe', 'list-unsubscribe-post']) : await sign(compose(), 'acme.test', 's1', key).then((s) => s.replace(/\r\n\r\n/, `\r\n${unsubscribe.join('\r\n')}\r\n\r\n`));
  return deliver(signed, { clientIp: '192.0.2.10', mailFrom: 'news@acme.test', verdict: 'dkim=pass; spf=pass; dmarc=pass' });
}

describe('sender requirement rules (data)', () => {
  it('name an existing check, a source URL and a scope for every rule, with unique ids', () => {
    const all = Object.values(RULE_SETS).flat();
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    for (const rule of all) {
      expect(Object.keys(CHECKS)).toContain(rule.check);
      expect(rule.source).toMatch(/^https:\/\//);
      expect(['all', 'bulk']).toContain(rule.appliesTo);
    }
  });

  it('resolve preset names and aliases to rule sets', () => {
    expect(ruleSets(['gmx']).map((r) => r.provider)).toContain('gmx-webde');
    expect(ruleSets(['united-internet'])).toEqual(ruleSets(['webde']));
    expect(ruleSets(['all'])).toHaveLength(Object.values(RULE_SETS).flat().length);
    expect(ruleSets(['no-such-provider'])).toEqual([]);
  });
});

describe('evaluating requirements', () => {
  it('passes a compliant bulk message at Gmail, one-click unsubscribe signed', async () => {
    const a = await analyzeMessage(await newsletter(true), { authservIds: ['mx.strict.test'], resolver: dns, requirements: ['gmail'], bulk: true });
    expect(a.requirements.map((r) => [r.id, r.status])).toEqual([
      ['gmail.spf-or-dkim', 'pass'], ['gmail.ptr', 'pass'], ['gmail.tls', 'pass'], ['gmail.rfc5322', 'pass'], ['gmail.dkim-key', 'pass'],
      ['gmail.spf-and-dkim', 'pass'], ['gmail.dmarc', 'pass'], ['gmail.alignment', 'pass'], ['gmail.one-click-unsubscribe', 'pass'],
    ]);
    expect(a.requirements[0]).toMatchObject({ provider: 'gmail', appliesTo: 'all', source: 'https://support.google.com/a/answer/81126' });
  });

  it('fails one-click unsubscribe when the DKIM signature does not cover it (RFC 8058)', async () => {
    const a = await analyzeMessage(await newsletter(false), { authservIds: ['mx.strict.test'], resolver: dns, requirements: ['yahoo'], bulk: true });
    expect(a.requirements.find((r) => r.id === 'yahoo.one-click-unsubscribe')).toMatchObject({ status: 'fail', detail: 'List-Unsubscribe and List-Unsubscribe-Post are not covered by a passing DKIM signature' });
  });

  it('marks bulk-only rules not applicable for transactional mail', async () => {
    const a = await analyzeMessage(await newsletter(true), { authservIds: ['mx.strict.test'], resolver: dns, requirements: ['outlook'] });
    expect(a.requirements.every((r) => r.status === 'not-applicable' && r.detail === 'applies to bulk senders only')).toBe(true);
  });

  it('judges GMX/WEB.DE alignment, PTR and TLS from the message, taking the rule set from the preset', async () => {
    const a = await analyzeMessage(fixture('outlook.eml'), { ...providerContext('outlook'), resolver: offline, requirements: ['gmx', 'gmail', 't-online'] });
    const status = Object.fromEntries(a.requirements.map((r) => [r.id, `${r.status}${r.detail ? `: ${r.detail}` : ''}`]));
    expect(status).toMatchObject({
      'gmx-webde.dkim-aligned': 'fail: the message is not DKIM-signed',
      'gmx-webde.ptr': 'fail: 198.51.100.11 has no PTR record',
      'gmail.tls': expect.stringMatching(/^fail: the hop into BN1PEPF00004681.mail.protection.outlook.com was not encrypted/),
      'gmail.spf-or-dkim': 'fail: SPF none, DKIM none',
      't-online.imprint': 'unknown: check by hand: the sending host\'s name must lead to a website naming its operator',
    });
    const preset = await analyzeMessage(fixture('gmx.eml'), { ...providerContext('gmx'), resolver: offline });
    expect(preset.requirements.map((r) => r.id)).toContain('gmx-webde.dkim-aligned');
  });

  it('flags a generic PTR name for GMX/WEB.DE', async () => {
    const generic = zonesResolver(['2.0.192.in-addr.arpa', '10 PTR 10-2-0-192.dyn.isp.test.\n'], ['isp.test', '10-2-0-192.dyn A 192.0.2.10\n']);
    const raw = deliver(compose(), { clientIp: '192.0.2.10', mailFrom: 'a@acme.test', verdict: 'spf=pass' });
    const a = await analyzeMessage(raw, { authservIds: ['mx.strict.test'], resolver: generic, requirements: ['gmx'] });
    expect(a.requirements.find((r) => r.id === 'gmx-webde.ptr-individual')).toMatchObject({ status: 'fail', detail: '10-2-0-192.dyn.isp.test looks generic' });
  });
});
