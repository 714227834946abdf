/** In-memory DNS for unit tests: BIND text in, a Resolver answering only from it (everything else NXDOMAIN). */
import { generateKeyPairSync } from 'node:crypto';
import { createOverlayResolver } from '../../../src/dns/overlay/overlay.ts';
import { parseZone } from '../../../src/dns/zone/load.ts';
import type { Resolver } from '../../../src/dns/resolver.ts';

export function zonesResolver(...zones: Array<[origin: string, text: string]>): Resolver {
  return createOverlayResolver(zones.map(([origin, text]) => parseZone(`$ORIGIN ${origin}.\n${text}`, `${origin}.zone`)));
}

/** The base64 SPKI of a fresh RSA key, as a DKIM record publishes it. */
export function rsaPublicKey(bits: number): string {
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  return publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
}

/** Splits a long TXT value into quoted 255-byte strings for a zone file. */
export function quotedTxt(value: string): string {
  return (value.match(/.{1,250}/g) ?? ['']).map((s) => `"${s}"`).join(' ');
}
