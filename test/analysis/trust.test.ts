import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import { fixture, offline } from './support.ts';
import { providerContext } from '../../src/providers/index.ts';

const gmail = { ...providerContext('gmail'), resolver: offline };

describe('which Authentication-Results count', () => {
  it('ignores Authentication-Results the sender wrote, with the provider\'s id or another', async () => {
    const a = await analyzeMessage(fixture('forged-gmail.eml'), gmail);
    expect(a.receiver).toMatchObject({ spf: 'fail', dkim: 'unknown', dmarc: 'fail' });
    expect(a.receiver.headers.map((h) => h.authservId)).toEqual(['mx.google.com']);
    const ignored = a.receiver.ignored.map((h) => [h.authservId, h.origin, h.trustReason]);
    expect(ignored).toEqual([
      ['mx.google.com', 'other-host', expect.stringContaining('below the provider\'s first Received hop (by mx.google.com)')],
      ['trusted-by-you.example', 'other-host', expect.stringContaining('is not this provider\'s')],
    ]);
    expect(a.reasons).toContain('Ignored an Authentication-Results by trusted-by-you.example claiming dkim=pass: not written by the receiving provider');
  });

  it('ignores a same-id header that a Received hop separates from the verdict, even without a provider hop to anchor it', async () => {
    const message = Buffer.from([
      'Authentication-Results: mx.strict.test; dkim=fail header.d=acme.test',
      'Received: from relay.acme.test (relay.acme.test [192.0.2.10]) by relay2.acme.test with ESMTP; Tue, 3 Dec 2024 17:14:03 +0000',
      'Authentication-Results: mx.strict.test; dkim=pass header.d=acme.test',
      'From: a@acme.test', '', 'x', '',
    ].join('\r\n'));
    const a = await analyzeMessage(message, { authservIds: ['mx.strict.test'], resolver: offline });
    expect(a.receiver.dkim).toBe('fail');
    expect(a.receiver.ignored[0].trustReason).toMatch(/a Received hop separates it/);
  });

  it('trusts a provider\'s verdict split over several fields of one hop', async () => {
    const a = await analyzeMessage(fixture('proton.eml'), { authservIds: ['*.protonmail.ch'], resolver: offline });
    expect(a.receiver.headers.map((h) => h.results[0].method)).toEqual(['dkim', 'dmarc', 'spf', 'arc']);
  });

  it('without a provider, takes the topmost header and says so', async () => {
    const a = await analyzeMessage(fixture('forged-gmail.eml'), { authservIds: [], resolver: offline });
    expect(a.receiver.authservId).toBe('mx.google.com');
    expect(a.receiver.spf).toBe('fail');
    expect(a.problems).toContain('no provider given: the topmost Authentication-Results (mx.google.com) is taken as the receiver\'s');
  });

  it('reports when the provider wrote no verdict at all', async () => {
    const a = await analyzeMessage(fixture('gmx.eml'), { ...providerContext('gmail'), resolver: offline });
    expect(a.receiver).toMatchObject({ spf: 'unknown', dkim: 'unknown', dmarc: 'unknown', headers: [] });
    expect(a.receiver.ignored[0].trustReason).toBe('authserv-id gmx.net is not this provider\'s (mx.google.com)');
    expect(a.reasons).toContain('No Authentication-Results from the receiving provider: its own verdicts are unknown');
  });

  it('takes the receiver\'s own ARC set, not an earlier one with the same id', async () => {
    const a = await analyzeMessage(fixture('gmail.eml'), gmail);
    expect(a.receiver.headers.map((h) => [h.header, h.instance])).toEqual([['ARC-Authentication-Results', 1], ['Authentication-Results', undefined]]);
  });

  it('never takes an id-less Microsoft-style header for another provider\'s verdict', async () => {
    const message = Buffer.from([
      'Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=a.example',
      'Received: from out.a.example (out.a.example [192.0.2.1]) by mx.google.com with ESMTPS id 1; Tue, 3 Dec 2024 17:14:03 +0000',
      'authentication-results: dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=a.example;',
      'Received: from host (10.0.0.1) by out.a.example with Microsoft SMTP Server; Tue, 3 Dec 2024 17:14:02 +0000',
      'From: x@a.example', '', 'x', '',
    ].join('\r\n'));
    const a = await analyzeMessage(message, gmail);
    expect(a.receiver.words).toEqual({ spf: 'pass' });
    expect(a.receiver.ignored[0].trustReason).toBe('no authserv-id, and this provider writes one');
  });
});
