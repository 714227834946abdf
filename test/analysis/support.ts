/**
 * Helpers for the analysis tests: fixture files, an offline resolver, and DKIM-signed messages delivered
 * through a pretend provider that writes its own trace fields (Received, Received-SPF,
 * Authentication-Results) the way providers do.
 */
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dkimSign } from '../../src/dns/mailauth.ts';
import type { Resolver } from '../../src/dns/resolver.ts';
import { dnsError } from '../../src/dns/overlay/dns-errors.ts';

export const fixture = (name: string): Buffer => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** Every name is NXDOMAIN: for tests about what the receiver wrote, not about DNS. */
export const offline: Resolver = async (name, rrtype) => {
  throw dnsError('ENOTFOUND', name, rrtype);
};

export interface KeyPair { privateKey: string; publicKey: string }

/** An RSA key pair: PEM private key for signing, base64 SPKI as a DKIM record publishes it. */
export function rsaKeys(bits = 1024): KeyPair {
  const pair = generateKeyPairSync('rsa', { modulusLength: bits });
  return {
    privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: pair.publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
  };
}

export interface Composed { from?: string; to?: string; subject?: string; headers?: string[]; body?: string }

/** A plain RFC 5322 message, CRLF line ends. */
export function compose(m: Composed = {}): string {
  const lines = [
    `From: ${m.from ?? 'Acme Sales <sales@acme.test>'}`,
    `To: ${m.to ?? 'seed1@strict.test'}`,
    `Subject: ${m.subject ?? 'Invoice 2024-117'}`,
    'Date: Tue, 3 Dec 2024 17:14:01 +0000',
    'Message-ID: <inv-2024-117@acme.test>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    ...(m.headers ?? []),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${m.body ?? 'Invoice attached.\r\n'}`;
}

/** Prepends a DKIM-Signature made with `key` for d=domain s=selector (over `headerList`, else mailauth's default). */
export async function sign(message: string, domain: string, selector: string, key: KeyPair, headerList?: string[]): Promise<string> {
  // mailauth's signer reads signatureData; its typings still demand the old top-level fields.
  const options = { signatureData: [{ signingDomain: domain, selector, privateKey: key.privateKey }], ...(headerList ? { headerList } : {}) };
  const signed = await dkimSign(message, options as unknown as Parameters<typeof dkimSign>[1]);
  if (signed.errors.length) throw new Error(`signing failed: ${JSON.stringify(signed.errors)}`);
  return signed.signatures + message;
}

export interface Delivery {
  /** The receiving provider's authserv-id and MX host. */
  authservId?: string;
  mx?: string;
  clientIp: string;
  helo?: string;
  mailFrom: string;
  /** What the provider wrote in its Authentication-Results (after the `authserv-id;`). */
  verdict: string;
  tls?: boolean;
}

/** The message as a provider delivers it: Return-Path, its Received hop, Received-SPF and its verdict on top. */
export function deliver(message: string, d: Delivery): Buffer {
  const mx = d.mx ?? 'mx.strict.test';
  const helo = d.helo ?? 'relay.acme.test';
  const trace = [
    `Return-Path: <${d.mailFrom}>`,
    `Received: from ${helo} (${helo} [${d.clientIp}])\r\n\tby ${mx} with ${d.tls === false ? 'ESMTP' : 'ESMTPS'} id 4Y2abc\r\n\tfor <seed1@strict.test>; Tue, 03 Dec 2024 17:14:03 +0000`,
    `Received-SPF: pass client-ip=${d.clientIp};`,
    `Authentication-Results: ${d.authservId ?? mx};\r\n ${d.verdict}`,
  ];
  return Buffer.from(`${trace.join('\r\n')}\r\n${message}`);
}
