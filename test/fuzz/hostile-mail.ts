/**
 * A deterministic generator of hostile and broken messages, for the fuzz tests: script payloads in every
 * place a report shows, encoded words, invalid charsets, NUL bytes, terminal escapes, huge headers, long
 * Received chains, thousands of MIME parts, deep nesting, broken boundaries, forged verdicts, binary noise.
 */

import { rng as seeded } from '../reporters/fixtures.ts';

/** Each payload sets `window.__pwned` (or opens a dialog) if it ever runs. */
export const PAYLOADS = [
  '<script>window.__pwned="script"</script>',
  '<img src=x onerror="window.__pwned=\'img\';alert(1)">',
  '<svg onload="window.__pwned=\'svg\'">',
  '</script><script>window.__pwned="close"</script>',
  '<a href="javascript:window.__pwned=\'href\'">click</a>',
  '<iframe srcdoc="<script>parent.__pwned=1</script>">',
  '"><body onload=window.__pwned=1>',
  '<!--<script>window.__pwned=1</script>-->',
  '{{constructor.constructor("window.__pwned=1")()}}',
  '${window.__pwned=1}',
  '\r\n::error::injected annotation',
  '\u001b[2J\u001b[31mterminal takeover\u001b[0m',
  '\u202eevil\u202c bidi',
  '| table | break |\n# heading',
  ']]></testcase><testcase name="x">',
  '\u0000NUL\u0000',
];

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const payload = (rng: Rng) => pick(rng, PAYLOADS);

function encodedWord(rng: Rng, text: string): string {
  const charset = pick(rng, ['utf-8', 'iso-8859-1', 'x-unknown-charset', 'utf-7', '']);
  return rng() < 0.5
    ? `=?${charset}?B?${Buffer.from(text).toString('base64')}?=`
    : `=?${charset}?Q?${Buffer.from(text).toString('latin1').replace(/[^A-Za-z0-9]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)}?=`;
}

function headers(rng: Rng, n: number): string[] {
  const lines = [
    `Authentication-Results: mx.fuzz.test; spf=${pick(rng, ['pass', 'fail', payload(rng)])} smtp.mailfrom=${payload(rng)}; dkim=pass (${payload(rng)}) header.d=${payload(rng)}`,
    `Authentication-Results: forged.evil.test; dkim=pass; dmarc=pass ${payload(rng)}`,
    `Received: from ${payload(rng)} ([${pick(rng, ['192.0.2.1', 'not-an-ip', payload(rng), '::1'])}]) by mx.fuzz.test with ${payload(rng)}; ${pick(rng, ['Mon, 2 Nov 2026 10:00:00 +0000', 'yesterday', payload(rng)])}`,
    `From: ${rng() < 0.5 ? encodedWord(rng, payload(rng)) : `"${payload(rng)}"`} <${pick(rng, ['a@acme.test', payload(rng), ''])}>`,
    `Subject: ${rng() < 0.5 ? encodedWord(rng, payload(rng)) : payload(rng)} [landed-aaaaaaaaaaaaaaaa]`,
    `Date: ${pick(rng, ['Mon, 2 Nov 2026 10:00:00 +0000', payload(rng), ''])}`,
    `Message-ID: <${payload(rng)}@fuzz>`,
    `X-Forefront-Antispam-Report: SCL:${pick(rng, ['9', '-1', payload(rng)])};SFV:${payload(rng)}`,
    `DKIM-Signature: v=1; a=rsa-sha256; d=${payload(rng)}; s=${payload(rng)}; b=${payload(rng)}; bh=x`,
    `ARC-Authentication-Results: i=${pick(rng, ['1', '999999999999', payload(rng)])}; ${payload(rng)}`,
  ];
  return Array.from({ length: n }, () => pick(rng, lines).replace(/\r?\n/g, () => (rng() < 0.5 ? '\r\n ' : '\n')));
}

function multipart(rng: Rng, depth: number, parts: number): string {
  const boundary = rng() < 0.1 ? payload(rng) : `b${depth}-${Math.floor(rng() * 1e9)}`;
  const body = Array.from({ length: parts }, () =>
    depth > 0 && rng() < 0.3
      ? `--${boundary}\r\n${multipart(rng, depth - 1, 2)}`
      : `--${boundary}\r\nContent-Type: ${pick(rng, ['text/html', 'text/plain; charset=x-bogus', 'application/octet-stream', payload(rng)])}\r\nContent-Transfer-Encoding: ${pick(rng, ['base64', 'quoted-printable', '8bit', 'bogus'])}\r\n\r\n${payload(rng)}\r\n`,
  ).join('');
  return `Content-Type: multipart/mixed; boundary="${boundary}"\r\n\r\n${body}${rng() < 0.8 ? `--${boundary}--` : ''}\r\n`;
}

/** The i-th hostile message; the same i always gives the same bytes. */
export function hostileMessage(i: number): Buffer {
  const rng = seeded(i + 1);
  const shape = rng();
  if (shape < 0.03) return Buffer.from(Array.from({ length: 2000 + Math.floor(rng() * 20000) }, () => Math.floor(rng() * 256)));
  const lines = headers(rng, 3 + Math.floor(rng() * 12));
  if (shape < 0.06) lines.push(`X-Huge: ${'A'.repeat(200_000)}${payload(rng)}`);
  if (shape < 0.09) for (let n = 0; n < 200; n++) lines.push(`Received: from h${n}.${payload(rng)} by x; Mon, 2 Nov 2026 10:00:${String(n % 60).padStart(2, '0')} +0000`);
  let body: string;
  if (shape < 0.12) body = `MIME-Version: 1.0\r\n${multipart(rng, 0, 1500)}`;
  else if (shape < 0.15) body = `MIME-Version: 1.0\r\n${multipart(rng, 60, 2)}`;
  else if (shape < 0.5) body = `MIME-Version: 1.0\r\n${multipart(rng, 3, 4)}`;
  else body = `Content-Type: text/html; charset=${pick(rng, ['utf-8', 'x-nonsense'])}\r\n\r\n<html>${payload(rng)}${payload(rng)}</html>\r\n`;
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n'), Buffer.from(body), rng() < 0.1 ? Buffer.from([0, 0xff, 0xfe, 0]) : Buffer.alloc(0)]);
}
