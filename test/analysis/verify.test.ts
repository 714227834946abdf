import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import type { Resolver } from '../../src/dns/resolver.ts';
import { quotedTxt, zonesResolver } from '../dns/support/zones.ts';
import { compose, deliver, rsaKeys, sign } from './support.ts';

/** The lab's story in a memory zone: acme.test signs with s1; erp._domainkey publishes a key nobody signs with. */
const s1 = rsaKeys();
const published = rsaKeys();
const erpSigning = rsaKeys();
const dns = zonesResolver(
  ['acme.test', `@ TXT "v=spf1 ip4:192.0.2.10 -all"
s1._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${s1.publicKey}`)}
erp._domainkey TXT ${quotedTxt(`v=DKIM1; k=rsa; p=${published.publicKey}`)}
_dmarc TXT "v=DMARC1; p=reject"
relay A 192.0.2.10
`],
  ['erp-vendor.test', '@ TXT "v=spf1 ip4:192.0.2.12 -all"\nmta A 192.0.2.12\n'],
  ['2.0.192.in-addr.arpa', '10 PTR relay.acme.test.\n12 PTR mta.erp-vendor.test.\n13 PTR nowhere.erp-vendor.test.\n'],
);
const strict = { authservIds: ['mx.strict.test'], resolver: dns };

describe('independent verification with mailauth', () => {
  it('passes a properly sent message, with the SPF identity from the provider\'s hop', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 's1', s1), {
      clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test; spf=pass smtp.mailfrom=sales@acme.test; dmarc=pass header.from=acme.test',
    });
    const a = await analyzeMessage(raw, strict);
    expect(a.verified.spf).toMatchObject({ result: 'pass', domain: 'acme.test', ip: '192.0.2.10' });
    expect(a.verified.dkim.signatures).toMatchObject([{ domain: 'acme.test', selector: 's1', algorithm: 'rsa-sha256', keyBits: 1024, result: 'pass', bodyHashOk: true, aligned: true }]);
    expect(a.verified.dkim.signatures[0].signedHeaders).toContain('from');
    expect(a.verified.dmarc).toMatchObject({ result: 'pass', policy: 'reject', spfAligned: true, dkimAligned: true });
    expect(a.path.ptr).toEqual({ names: ['relay.acme.test'], forwardConfirmed: true, result: 'pass' });
    expect(a.disagreements).toEqual([]);
    expect(a.reasons).toEqual([]);
  });

  it('explains the ERP route: a stale DKIM key and SPF that passes for the wrong domain', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 'erp', erpSigning), {
      clientIp: '192.0.2.12', helo: 'mta.erp-vendor.test', mailFrom: 'erp@erp-vendor.test', verdict: 'dkim=fail header.d=acme.test; spf=pass smtp.mailfrom=erp@erp-vendor.test; dmarc=fail header.from=acme.test',
    });
    const a = await analyzeMessage(raw, strict);
    expect(a.verified.dkim.signatures[0]).toMatchObject({ result: 'fail', reason: 'bad signature', bodyHashOk: true });
    expect(a.reasons).toEqual([
      'DMARC fails (p=reject) for acme.test: neither SPF nor DKIM aligned',
      'SPF passes for erp-vendor.test but is not aligned with From domain acme.test',
      'DKIM fails: signature d=acme.test s=erp — the key published at erp._domainkey.acme.test is not the one that signed (stale or rotated key)',
    ]);
    expect(a.disagreements).toEqual([]);
  });

  it('names the selector whose key is not published', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 'erp2023', erpSigning), {
      clientIp: '192.0.2.12', mailFrom: 'erp@erp-vendor.test', verdict: 'dkim=fail header.d=acme.test; spf=pass; dmarc=fail',
    });
    const a = await analyzeMessage(raw, strict);
    expect(a.reasons).toContain('DKIM fails: signature d=acme.test s=erp2023 — no key published at erp2023._domainkey.acme.test');
  });

  it('reports a body changed after the receiver checked it as a disagreement', async () => {
    const signed = await sign(compose(), 'acme.test', 's1', s1);
    const raw = deliver(`${signed}-- \r\nAdded by the mailbox\r\n`, {
      clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test; spf=pass; dmarc=pass',
    });
    const a = await analyzeMessage(raw, strict);
    expect(a.verified.dkim.signatures[0].bodyHashOk).toBe(false);
    expect(a.disagreements).toMatchObject([{ check: 'dkim', receiver: 'pass', ours: 'neutral', explanation: expect.stringContaining('the body no longer matches signature d=acme.test') }]);
    expect(a.reasons).toContain('DKIM fails: signature d=acme.test s=s1 — body hash did not verify: the body changed after signing (a footer, a re-encoding on the way)');
  });

  it('reports a provider-side DNS failure as a disagreement, not as the sender\'s fault', async () => {
    const raw = deliver(await sign(compose(), 'acme.test', 's1', s1), {
      clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass header.d=acme.test; spf=temperror smtp.mailfrom=sales@acme.test; dmarc=pass',
    });
    const a = await analyzeMessage(raw, strict);
    expect(a.disagreements).toEqual([{ check: 'spf', receiver: 'temperror', ours: 'pass', explanation: expect.stringContaining('a provider-side timeout') }]);
  });

  it('checks the PTR: missing, and not forward-confirmed', async () => {
    const mk = (ip: string) => deliver(compose(), { clientIp: ip, mailFrom: 'erp@erp-vendor.test', verdict: 'spf=pass' });
    const missing = await analyzeMessage(mk('192.0.2.99'), strict);
    expect(missing.path.ptr).toEqual({ names: [], forwardConfirmed: false, result: 'none' });
    expect(missing.reasons).toContain('The sending IP 192.0.2.99 has no PTR (reverse DNS) record');
    const unconfirmed = await analyzeMessage(mk('192.0.2.13'), strict);
    expect(unconfirmed.path.ptr).toEqual({ names: ['nowhere.erp-vendor.test'], forwardConfirmed: false, result: 'fail' });
  });
});

describe('DNS failures during verification', () => {
  const raw = async () => deliver(await sign(compose(), 'acme.test', 's1', s1), { clientIp: '192.0.2.10', mailFrom: 'sales@acme.test', verdict: 'dkim=pass; spf=pass; dmarc=pass' });

  it('turns a resolver that never answers into temperror within the budget', async () => {
    const silent: Resolver = () => new Promise(() => {});
    const a = await analyzeMessage(await raw(), { ...strict, resolver: silent, timeoutMs: 300 });
    expect(a.verified.spf.result).toBe('temperror');
    expect(a.verified.dkim.result).toBe('temperror');
    expect(a.path.ptr?.result).toBe('temperror');
    expect(a.problems.some((p) => /^DNS lookup failed: TXT .*: ETIMEOUT$/.test(p))).toBe(true);
    expect(a.disagreements).toEqual([]); // our lookups failed: nothing to compare, and the problems say so
  });

  it('treats a resolver that throws without a DNS code as a server failure', async () => {
    const broken: Resolver = async () => { throw new TypeError('socket closed'); };
    const a = await analyzeMessage(await raw(), { ...strict, resolver: broken });
    expect(a.verified.dkim.result).toBe('temperror');
    expect(a.problems).toContain('DNS lookup failed: TXT s1._domainkey.acme.test: ESERVFAIL');
  });
});
