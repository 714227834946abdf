import { describe, expect, it } from 'vitest';
import { analyzeMessage } from '../../src/analysis/index.ts';
import type { MessageAnalysis } from '../../src/analysis/types.ts';
import { compose, offline } from './support.ts';

const analyse = (raw: Buffer | string) => analyzeMessage(Buffer.isBuffer(raw) ? raw : Buffer.from(raw), { authservIds: ['mx.strict.test'], resolver: offline });

/** Every analysis must survive a trip through results.json unchanged. */
function jsonSafe(a: MessageAnalysis): void {
  expect(JSON.parse(JSON.stringify(a))).toEqual(a);
}

describe('hostile and broken messages', () => {
  it('reads a message without any Authentication-Results', async () => {
    const a = await analyse(compose());
    expect(a.receiver).toMatchObject({ spf: 'unknown', dkim: 'unknown', dmarc: 'unknown', headers: [], ignored: [] });
    expect(a.reasons).toContain('No Authentication-Results from the receiving provider: its own verdicts are unknown');
    jsonSafe(a);
  });

  it('keeps only the newest 100 of 200 Received fields, and says so', async () => {
    const hops = Array.from({ length: 200 }, (_, i) => `Received: from h${i}.example (h${i}.example [192.0.2.${i % 250}]) by h${i + 1}.example with ESMTPS; Tue, 3 Dec 2024 17:${String(i % 60).padStart(2, '0')}:00 +0000`);
    const a = await analyse(`${hops.join('\r\n')}\r\n${compose()}`);
    expect(a.path.hops).toHaveLength(100);
    expect(a.path.hops.at(-1)?.by).toBe('h1.example');
    expect(a.problems).toContain('200 Received fields: only the 100 newest were read');
    jsonSafe(a);
  });

  it('reads the start of a 5 MB header and does not verify it', async () => {
    const huge = `X-Junk: ${'a'.repeat(5 * 1024 * 1024)}\r\n`;
    const a = await analyse(`Authentication-Results: mx.strict.test; spf=pass\r\n${huge}${compose()}`);
    expect(a.receiver.spf).toBe('pass');
    expect(a.problems).toEqual(expect.arrayContaining([
      'the header block is larger than 1024 KB: only its first 1024 KB were read',
      'not verified: the message or its header is larger than landed reads',
    ]));
    expect(a.verified.dkim.result).toBe('unknown');
    expect(JSON.stringify(a).length).toBeLessThan(20_000);
  });

  it('survives invalid encodings, control characters and NUL bytes', async () => {
    const raw = Buffer.concat([
      Buffer.from('Authentication-Results: mx.strict.test; dkim=pass header.d=\xff\xfe.example\r\nSubject: =?x-unknown?Q?caf=E9?= =?utf-8?B?////?= \x1b[31mred\r\nFrom: "\x00evil" <a@acme.test>\r\n', 'latin1'),
      Buffer.from('\r\nbody\r\n'),
    ]);
    const a = await analyse(raw);
    expect(a.receiver.dkim).toBe('pass');
    expect(a.problems).toContain('the header block contains bytes that are not valid UTF-8 (shown as \uFFFD)');
    expect(a.message?.subject).not.toMatch(/\x1b/);
    expect(a.message?.from).not.toMatch(/\x00/);
    jsonSafe(a);
  });

  it('judges duplicate From, Date and Message-ID against RFC 5322', async () => {
    const raw = compose({ headers: ['From: Other <other@evil.example>', 'Message-ID: <second@evil.example>', 'Date: yesterday'] });
    const a = await analyzeMessage(Buffer.from(raw), { authservIds: ['mx.strict.test'], resolver: offline, requirements: ['gmail'] });
    const rfc = a.requirements.find((r) => r.id === 'gmail.rfc5322');
    expect(rfc).toMatchObject({ status: 'fail', detail: '2 From fields, 2 Date fields, 2 Message-ID fields' });
    expect(a.verified.dmarc).toMatchObject({ result: 'permerror', reason: 'the message has more than one From field' });
  });

  it('answers for empty input, a body only, binary junk and an mbox separator', async () => {
    for (const raw of [Buffer.alloc(0), Buffer.from('\r\n\r\njust a body'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), Buffer.from('From MAILER-DAEMON Tue Dec  3 17:14:01 2024\nFrom: a@acme.test\n\nx\n')]) {
      const a = await analyse(raw);
      expect(a.path.hops).toEqual([]);
      jsonSafe(a);
    }
    const mbox = await analyse('From MAILER-DAEMON Tue Dec  3 17:14:01 2024\nFrom: a@acme.test\n\nx\n');
    expect(mbox.message?.fromDomain).toBe('acme.test');
    expect(mbox.problems).toContain('the file starts with an mbox "From " separator line; it was skipped');
  });

  it('stops reading fields at the cap and lines that are not fields', async () => {
    const fields = Array.from({ length: 3000 }, (_, i) => `X-F${i}: v`).join('\r\n');
    const a = await analyse(`not a header line\r\n${fields}\r\n\r\nbody`);
    expect(a.problems).toEqual(expect.arrayContaining(['header line 1 is not a header field: "not a header line"', 'more than 2000 header fields: the rest were not read']));
  });
});
