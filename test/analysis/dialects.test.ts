import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import type { AnalysisContext } from '../../src/analysis/analysis-context.ts';
import { fixture, offline } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

/** Each provider's dialect, read from a fixture written in its layout (see fixtures/README.md). */
const cases: Array<{
  file: string;
  context: Partial<AnalysisContext>;
  words: Record<string, string | undefined>;
  authservId?: string;
  trusted: number;
  sendingIp?: string;
  receiverBy?: string;
  tls?: boolean;
  ignored?: string[];
}> = [
  { file: 'gmail.eml', context: providerContext('gmail'), words: { spf: 'pass', dkim: 'fail', dmarc: 'fail', arc: undefined }, authservId: 'mx.google.com', trusted: 1, sendingIp: '192.0.2.12', receiverBy: 'mx.google.com', tls: true },
  { file: 'outlook.eml', context: providerContext('outlook'), words: { spf: 'softfail', dkim: 'none', dmarc: 'fail', arc: undefined }, trusted: 1, sendingIp: '198.51.100.11', receiverBy: 'BN1PEPF00004681.mail.protection.outlook.com', tls: false },
  { file: 'yahoo.eml', context: providerContext('yahoo'), words: { spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: undefined }, authservId: 'atlas219.free.mail.bf1.yahoo.com', trusted: 1, sendingIp: '192.0.2.10', receiverBy: '10.197.36.1', tls: true },
  { file: 'icloud.eml', context: { authservIds: ['*.icloud.com'] }, words: { spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none' }, authservId: 'bimi.icloud.com', trusted: 5, sendingIp: '192.0.2.10', receiverBy: 'ma-mailsvcp-mx-lapp02.apple.com', tls: true },
  { file: 'gmx.eml', context: providerContext('gmx'), words: { spf: undefined, dkim: 'pass', dmarc: undefined, arc: undefined }, authservId: 'gmx.net', trusted: 1, sendingIp: '192.0.2.10', receiverBy: 'mx-ha.gmx.net', tls: true },
  { file: 'webde.eml', context: providerContext('webde'), words: { spf: undefined, dkim: 'pass', dmarc: undefined, arc: undefined }, authservId: 'web.de', trusted: 1, sendingIp: '192.0.2.10', receiverBy: 'mx-ha.web.de', tls: true },
  { file: 'fastmail.eml', context: providerContext('fastmail'), words: { spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none' }, authservId: 'mx3.messagingengine.com', trusted: 4, sendingIp: '192.0.2.10', receiverBy: 'mx3.messagingengine.com', tls: true, ignored: ['acme-gateway.example'] },
  { file: 'proton.eml', context: providerContext('proton'), words: { spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: 'none' }, authservId: 'mail.protonmail.ch', trusted: 4, sendingIp: '192.0.2.10', receiverBy: 'mailin042.protonmail.ch', tls: true },
  { file: 'postfix-rspamd.eml', context: { authservIds: ['mx.example.org'] }, words: { spf: 'pass', dkim: 'pass', dmarc: 'pass', arc: undefined }, authservId: 'mx.example.org', trusted: 1, sendingIp: '192.0.2.10', receiverBy: 'mx.example.org', tls: true },
  { file: 'postfix-opendkim.eml', context: { authservIds: ['mx.example.org'] }, words: { spf: 'fail', dkim: 'fail', dmarc: 'fail', arc: undefined }, authservId: 'mx.example.org', trusted: 3, sendingIp: '192.0.2.10', receiverBy: 'mx.example.org', tls: false },
];

describe('receiver dialects', () => {
  for (const c of cases) {
    it(`reads ${c.file}`, async () => {
      const a = await analyzeMessage(fixture(c.file), { authservIds: [], resolver: offline, ...c.context });
      expect(a.receiver.words).toEqual(Object.fromEntries(Object.entries(c.words).filter(([, v]) => v !== undefined)));
      expect(a.receiver.authservId).toBe(c.authservId);
      expect(a.receiver.headers.filter((h) => h.header === 'Authentication-Results')).toHaveLength(c.trusted);
      expect(a.path.sendingIp).toBe(c.sendingIp);
      const hop = a.path.hops[a.path.receiverHop!];
      expect(hop.by).toBe(c.receiverBy);
      expect(hop.tls).toBe(c.tls);
      expect(a.receiver.ignored.filter((h) => h.origin === 'other-host').map((h) => h.authservId)).toEqual(c.ignored ?? []);
    });
  }

  it('normalises non-RFC words and keeps Microsoft\'s extras', async () => {
    const a = await analyzeMessage(fixture('outlook.eml'), { ...providerContext('outlook'), resolver: offline });
    expect(a.receiver).toMatchObject({ spf: 'softfail', dkim: 'none', dmarc: 'fail', arc: 'unknown', compauth: 'fail' });
    expect(a.receiver.spamHints).toMatchObject({ 'microsoft.SCL': '5', 'microsoft.SFV': 'SPM', 'microsoft.CAT': 'SPOOF', 'microsoft.orgSCL': '5', 'microsoft.compauthReason': '000', 'dmarc.action': 'oreject' });
    expect(a.receiver.ip).toBe('198.51.100.11');
  });

  it('keeps the spam hints of rspamd, GMX and Proton', async () => {
    const rspamd = await analyzeMessage(fixture('postfix-rspamd.eml'), { authservIds: ['mx.example.org'], resolver: offline });
    expect(rspamd.receiver.spamHints).toMatchObject({ 'rspamd.spam': 'False', 'rspamd.score': '-0.10 / 15.00', 'rspamd.action': 'no action' });
    const gmx = await analyzeMessage(fixture('gmx.eml'), { ...providerContext('gmx'), resolver: offline });
    expect(gmx.receiver.spamHints['united-internet.filter']).toBe('notjunk:1');
    const proton = await analyzeMessage(fixture('proton.eml'), { authservIds: ['*.protonmail.ch'], resolver: offline });
    expect(proton.receiver.spamHints['proton.action']).toBe('inbox');
  });

  it('takes the MAIL FROM from Return-Path and decodes the Subject for display', async () => {
    const a = await analyzeMessage(fixture('yahoo.eml'), { ...providerContext('yahoo'), resolver: offline });
    expect(a.message).toMatchObject({ returnPath: 'sales@acme.example', fromDomain: 'acme.example', subject: 'Grüße aus Acme' });
  });
});
