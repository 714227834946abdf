/**
 * Record data from the text of a zone (BIND tokens or OctoDNS values) into RecordData, with the checks a
 * name server would make before loading it. Each builder throws RdataError with a message for the user.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { RecordData } from './types.ts';
import { normalizeName } from './names.ts';

export class RdataError extends Error {}

/** Types whose data we model; everything in OTHER_TYPES is accepted as opaque. */
export const MODELLED_TYPES = new Set(['A', 'AAAA', 'CNAME', 'PTR', 'NS', 'TXT', 'MX', 'SOA', 'CAA']);
export const OTHER_TYPES = new Set([
  'SRV', 'TLSA', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'NSEC3PARAM', 'HTTPS', 'SVCB', 'SSHFP', 'NAPTR',
  'LOC', 'HINFO', 'RP', 'SPF', 'URI', 'DNAME', 'CDS', 'CDNSKEY', 'OPENPGPKEY', 'SMIMEA', 'ALIAS',
]);

export function isKnownType(type: string): boolean {
  return MODELLED_TYPES.has(type) || OTHER_TYPES.has(type) || /^TYPE\d+$/.test(type);
}

/** A TXT character-string holds at most 255 bytes (RFC 1035 section 3.3). */
export const TXT_STRING_MAX = 255;

/** A name in record data: "@" is the origin, names without a trailing dot are relative to it. */
export function absoluteName(text: string, origin: string | undefined): string {
  if (text === '@') {
    if (origin === undefined) throw new RdataError('"@" used before $ORIGIN is known');
    return origin;
  }
  if (text.endsWith('.')) return checkName(normalizeName(text));
  if (origin === undefined) throw new RdataError(`relative name "${text}" used before $ORIGIN is known`);
  return checkName(normalizeName(origin ? `${text}.${origin}` : text));
}

function checkName(name: string): string {
  if (name.length > 253) throw new RdataError(`name is longer than 253 characters: ${name.slice(0, 40)}...`);
  for (const label of name.split('.')) {
    if (name && !label) throw new RdataError(`empty label in "${name}"`);
    if (label.length > 63) throw new RdataError(`label longer than 63 characters in "${name}"`);
  }
  return name;
}

export function ipv4(text: string): string {
  if (!isIPv4(text)) throw new RdataError(`"${text}" is not an IPv4 address`);
  return text;
}

export function ipv6(text: string): string {
  if (!isIPv6(text)) throw new RdataError(`"${text}" is not an IPv6 address`);
  return text.toLowerCase();
}

export function uint(text: string | number, max: number, what: string): number {
  const value = typeof text === 'number' ? text : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RdataError(`${what} "${text}" is not a number from 0 to ${max}`);
  return value;
}

export function txtStrings(strings: { text: string; byteLength: number }[]): RecordData {
  if (!strings.length) throw new RdataError('TXT record has no character-string');
  for (const s of strings) {
    if (s.byteLength > TXT_STRING_MAX) {
      throw new RdataError(
        `TXT character-string is ${s.byteLength} bytes, more than the ${TXT_STRING_MAX} one string can hold: split it into several quoted strings ("..." "...")`,
      );
    }
  }
  return { type: 'TXT', strings: strings.map((s) => s.text) };
}

/** Record data from BIND-style fields (already unescaped tokens). */
export function rdataFromFields(type: string, fields: { text: string; byteLength: number; quoted: boolean }[], origin: string | undefined): RecordData {
  const texts = fields.map((f) => f.text);
  const need = (n: number, shape: string) => {
    if (fields.length !== n) throw new RdataError(`${type} needs ${shape}, found ${fields.length} field(s)`);
  };
  switch (type) {
    case 'A':
      need(1, 'one IPv4 address');
      return { type, value: ipv4(texts[0]) };
    case 'AAAA':
      need(1, 'one IPv6 address');
      return { type, value: ipv6(texts[0]) };
    case 'CNAME':
    case 'PTR':
    case 'NS':
      need(1, 'one domain name');
      return { type, value: absoluteName(texts[0], origin) };
    case 'MX':
      need(2, 'a preference and an exchange name');
      return { type, priority: uint(texts[0], 65535, 'MX preference'), exchange: absoluteName(texts[1], origin) };
    case 'TXT':
      return txtStrings(fields);
    case 'SOA': {
      need(7, 'mname rname serial refresh retry expire minimum');
      const [serial, refresh, retry, expire, minttl] = texts.slice(2).map((t) => uint(t, 4294967295, 'SOA field'));
      return { type, nsname: absoluteName(texts[0], origin), hostmaster: absoluteName(texts[1], origin), serial, refresh, retry, expire, minttl };
    }
    case 'CAA':
      need(3, 'flags, tag and value');
      if (!/^[a-z0-9]+$/i.test(texts[1])) throw new RdataError(`CAA tag "${texts[1]}" must be letters and digits`);
      return { type, critical: uint(texts[0], 255, 'CAA flags'), tag: texts[1].toLowerCase(), value: texts[2] };
    default:
      if (!fields.length) throw new RdataError(`${type} record has no data`);
      return { type: 'OTHER', rrtype: type, text: texts.join(' ') };
  }
}
