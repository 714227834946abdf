/** The receiver's own non-RFC words (dkim=test, spf=bestguesspass, dkim=timeout) are kept and quoted by the reasons. */
import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { getProvider } from '../../src/providers/index.ts';
import { compose, offline } from './support.ts';

const analyse = (ar: string) =>
  analyzeMessage(Buffer.from(compose({ headers: [`Authentication-Results: mx.google.com; ${ar}`] })), { authservIds: ['mx.google.com'], resolver: offline });

describe('the receiver\'s own word', () => {
  it('keeps dkim=test beside its normalized pass and says what it means', async () => {
    const a = await analyse('spf=pass smtp.mailfrom=acme.test; dkim=test header.d=acme.test; dmarc=pass header.from=acme.test');
    expect(a.receiver).toMatchObject({ dkim: 'pass', words: { dkim: 'test' } });
    // The copy carries no signature, so our check disagrees: the comparison quotes the receiver's word.
    expect(a.reasons.join('\n')).toMatch(/The receiver says DKIM test \(pass\), our check says none/);
    const agreed = await analyse('spf=pass smtp.mailfrom=acme.test; dmarc=pass header.from=acme.test; arc=unknown');
    expect(agreed.reasons).toContain('The receiver wrote arc=unknown: nothing was checked');
  });

  it('quotes bestguesspass and timeout as written, in the reasons that compare verdicts too', async () => {
    const a = await analyse('spf=bestguesspass smtp.mailfrom=acme.test; dkim=timeout header.d=acme.test; dmarc=none header.from=acme.test');
    expect(a.receiver).toMatchObject({ spf: 'bestguesspass', dkim: 'temperror', words: { spf: 'bestguesspass', dkim: 'timeout' } });
    const text = a.reasons.join('\n');
    expect(text).toMatch(/The receiver wrote spf=bestguesspass: the domain publishes no SPF record/);
    expect(text).toMatch(/The receiver says DKIM timeout \(temperror\)|The receiver wrote dkim=timeout: the receiver gave up on a DNS lookup/);
  });
});

describe('the Proton Mail (Bridge) preset', () => {
  it('trusts Proton\'s inbound authserv-ids and reads through Bridge', () => {
    const proton = getProvider('proton')!;
    expect(proton).toMatchObject({ imap: { host: '127.0.0.1', port: 1143, security: 'starttls' }, folders: { spam: ['Spam'] } });
    expect(proton.authservIds).toEqual(['*.protonmail.ch']);
  });
});
