import { describe, expect, it } from 'vitest';
import { analyzeMessage, formatAnalysis } from '../../src/analysis/index.ts';
import { summarizeRoute } from '../../src/reporters/route-summary.ts';
import type { ProbeResult } from '../../src/results/types.ts';
import { quotedTxt, zonesResolver } from '../dns/support/zones.ts';
import { compose, deliver, fixture, offline, rsaKeys, sign } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

const published = rsaKeys();
const signing = rsaKeys();
const dns = zonesResolver(
  ['acme.test', `@ TXT "v=spf1 ip4:192.0.2.10 -all"\nerp._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${published.publicKey}`)}\n_dmarc TXT "v=DMARC1; p=reject"\n`],
  ['erp-vendor.test', '@ TXT "v=spf1 ip4:192.0.2.12 -all"\nmta A 192.0.2.12\n'],
  ['2.0.192.in-addr.arpa', '12 PTR mta.erp-vendor.test.\n'],
);

function probe(seed: string, fields: Partial<ProbeResult>): ProbeResult {
  return {
    id: `s/erp/${seed}`, scenario: 's', route: 'erp', seed, provider: 'imap', token: 't', placement: 'inbox',
    smtp: { attempts: 1, retries: [] }, auth: { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' }, notes: [], expectations: [], ...fields,
  };
}

describe('per-route summary', () => {
  it('says once what fails at every seed, and why a probe was rejected', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 'erp', signing), { clientIp: '192.0.2.12', helo: 'mta.erp-vendor.test', mailFrom: 'erp@erp-vendor.test', verdict: 'dkim=fail; spf=pass; dmarc=fail' });
    const atBulk = await analyzeMessage(raw, { authservIds: ['mx.strict.test'], resolver: dns });
    const atIsp = await analyzeMessage(raw, { authservIds: ['mx.strict.test'], resolver: dns });
    const line = summarizeRoute([
      probe('bulk-1', { analysis: atBulk, placement: 'spam' }),
      probe('isp-1', { analysis: atIsp }),
      probe('strict-1', { placement: 'rejected', smtp: { attempts: 1, retries: [], code: 550, status: '5.7.26' } }),
    ]);
    expect(line).toBe('route erp: DMARC fails (p=reject) for acme.test: neither SPF nor DKIM aligned (everywhere); '
      + 'SPF passes for erp-vendor.test but is not aligned with From domain acme.test (everywhere); '
      + 'DKIM fails: signature d=acme.test s=erp — the key published at erp._domainkey.acme.test is not the one that signed (stale or rotated key) (everywhere); '
      + 'rejected by strict-1 (550 5.7.26)');
  });

  it('names the seeds where a finding holds when it does not hold everywhere', async () => {
    const message = await sign(compose(), 'acme.test', 'erp', signing);
    const delivery = { clientIp: '192.0.2.12', helo: 'mta.erp-vendor.test', mailFrom: 'erp@erp-vendor.test', verdict: 'dkim=fail; spf=pass; dmarc=fail' };
    const plain = await analyzeMessage(deliver(message, delivery), { authservIds: ['mx.strict.test'], resolver: dns });
    const forged = await analyzeMessage(deliver(`Authentication-Results: gw.acme.test; dkim=pass\r\n${message}`, delivery), { authservIds: ['mx.strict.test'], resolver: dns });
    const line = summarizeRoute([probe('a-1', { analysis: plain }), probe('b-1', { analysis: forged })]);
    expect(line).toMatch(/\(everywhere\); Ignored an Authentication-Results by gw.acme.test claiming dkim=pass: not written by the receiving provider \(at b-1\)$/);
  });

  it('counts seeds, not probes: several scenarios at the same seeds are still "everywhere", a repeated refusal said once', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 'erp', signing), { clientIp: '192.0.2.12', helo: 'mta.erp-vendor.test', mailFrom: 'erp@erp-vendor.test', verdict: 'dkim=fail; spf=pass; dmarc=fail' });
    const analysis = await analyzeMessage(raw, { authservIds: ['mx.strict.test'], resolver: dns });
    const refused = { placement: 'rejected' as const, smtp: { attempts: 1, retries: [], code: 550, status: '5.7.26' } };
    const line = summarizeRoute(['a-1', 'b-1', 'a-1', 'b-1', 'strict-1', 'strict-1'].map((seed, i) => probe(seed, i < 4 ? { analysis } : refused)));
    expect(line).toMatch(/^route erp: DMARC fails \(p=reject\) for acme.test: neither SPF nor DKIM aligned \(everywhere\); /);
    expect(line).toMatch(/; rejected by strict-1 \(550 5.7.26\), 2 probes$/);
    expect(line.match(/rejected by/g)).toHaveLength(1);
  });

  it('says when a route passes or has nothing to analyse', () => {
    expect(summarizeRoute([probe('a-1', { placement: 'missing' })])).toBe('route erp: missing at a-1');
    expect(summarizeRoute([])).toBe('route ?: no message to analyse');
  });
});

describe('formatAnalysis', () => {
  it('prints every section, with the provider\'s hop marked and control characters removed', async () => {
    const raw = Buffer.from(fixture('gmail.eml').toString().replace('Subject: Your invoice 2024-117', 'Subject: \x1b]0;pwned\x07Your invoice'));
    const text = formatAnalysis(await analyzeMessage(raw, { ...providerContext('gmail'), resolver: offline }));
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text).toContain('Receiver\'s verdict (mx.google.com)\n  spf=pass dkim=fail dmarc=fail arc=-');
    expect(text).toContain(' >  2 mta.erp-vendor.example [192.0.2.12] -> mx.google.com ESMTPS TLS +5.0 s');
    expect(text).toContain('  sending IP 192.0.2.12 (the provider\'s Received hop whose client is the IP its verdict names); PTR - (none)');
    expect(text).toMatch(/Findings\n  - /);
  });
});
