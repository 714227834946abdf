import { describe, expect, it } from 'vitest';
import { mailauthVerdicts } from '../../src/dns/mailauth-verdicts.ts';
import { fileMessage, type Verdicts } from '../../src/lab/daemon/policy.ts';

const pass: Verdicts = { spf: 'pass', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject', fromDomain: 'acme.test' };

describe('provider policies', () => {
  it('refuses a DMARC failure under p=reject only at the strict provider, with Gmail\'s 550 5.7.26', () => {
    const failing = { ...pass, spf: 'fail', dkim: 'none', dmarc: 'fail' };
    expect(fileMessage('strict', failing)).toEqual({
      action: 'reject', code: 550, status: '5.7.26',
      text: "Unauthenticated email from acme.test is not accepted due to domain's DMARC policy",
    });
    expect(fileMessage('lenient', failing)).toEqual({ action: 'junk', reason: 'dmarc=fail (p=reject)' });
    expect(fileMessage('accept', failing)).toEqual({ action: 'inbox' });
  });

  it('junks a DMARC failure under p=quarantine or p=none everywhere', () => {
    for (const dmarcPolicy of ['quarantine', 'none']) {
      expect(fileMessage('strict', { ...pass, dkim: 'fail', dmarc: 'fail', dmarcPolicy }).action).toBe('junk');
      expect(fileMessage('lenient', { ...pass, dkim: 'fail', dmarc: 'fail', dmarcPolicy }).action).toBe('junk');
    }
  });

  it('junks mail that passes neither SPF nor DKIM even without a DMARC record', () => {
    const unauthenticated = { spf: 'softfail', dkim: 'none', dmarc: 'none' };
    expect(fileMessage('strict', unauthenticated)).toEqual({ action: 'junk', reason: 'neither SPF (softfail) nor DKIM (none) passes' });
    expect(fileMessage('strict', { ...unauthenticated, dkim: 'pass' })).toEqual({ action: 'inbox' });
    expect(fileMessage('lenient', pass)).toEqual({ action: 'inbox' });
  });

  it('reads the verdicts from a mailauth result: any passing signature counts, missing parts are none', () => {
    const result = {
      spf: { status: { result: 'pass' } },
      dkim: { results: [{ signingDomain: 'esp.test', selector: 's1', status: { result: 'fail' } }, { signingDomain: 'acme.test', selector: 's2', status: { result: 'pass' } }] },
      dmarc: { status: { result: 'pass', header: { from: 'Acme.test' } }, policy: 'reject' },
    };
    expect(mailauthVerdicts(result)).toEqual({
      spf: 'pass', dkim: 'pass', dmarc: 'pass', dmarcPolicy: 'reject', fromDomain: 'acme.test',
      signatures: [{ domain: 'esp.test', selector: 's1', result: 'fail' }, { domain: 'acme.test', selector: 's2', result: 'pass' }],
    });
    expect(mailauthVerdicts({ spf: false, dkim: { results: [{ status: { result: 'neutral' } }] }, dmarc: false })).toMatchObject({ dkim: 'neutral' });
    expect(mailauthVerdicts({ spf: false, dkim: { results: [] }, dmarc: false })).toEqual({ spf: 'none', dkim: 'none', dmarc: 'none', dmarcPolicy: undefined, fromDomain: undefined, signatures: [] });
  });
});

describe('an inbound MX that enforces DMARC (knob enforceDmarc)', () => {
  it('refuses a DMARC failure under p=reject with 5.7.1, whatever its policy, and nothing else', () => {
    const forged: Verdicts = { spf: 'fail', dkim: 'none', dmarc: 'fail', dmarcPolicy: 'reject', fromDomain: 'acme.test' };
    expect(fileMessage('accept', forged, true)).toEqual({ action: 'reject', code: 550, status: '5.7.1', text: 'Rejected by DMARC policy for acme.test' });
    expect(fileMessage('accept', forged)).toEqual({ action: 'inbox' });
    expect(fileMessage('accept', { ...forged, dmarcPolicy: 'none' }, true)).toEqual({ action: 'inbox' });
    expect(fileMessage('accept', { ...forged, dmarc: 'none', dmarcPolicy: undefined }, true)).toEqual({ action: 'inbox' });
  });
});
