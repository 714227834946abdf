/**
 * Just enough RFC 5322 address reading to find the domains authentication is about: the From domain for
 * DMARC alignment, the Return-Path for SPF. Lenient on purpose (broken quoting is common in received
 * mail), and never throws.
 */

/** Addresses (local@domain) in an address-list header value, in order. */
export function extractAddresses(value: string): string[] {
  const angled = [...value.matchAll(/<\s*([^<>\s]+@[^<>\s]+?)\s*>/g)].map((m) => m[1]);
  if (angled.length) return angled;
  const unquoted = stripQuotedAndComments(value);
  return unquoted
    .split(/[,;]/)
    .map((part) => part.trim().match(/([^\s<>"(),:;]+@[^\s<>"(),:;]+)/)?.[1])
    .filter((address): address is string => Boolean(address));
}

function stripQuotedAndComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') { i++; continue; }
    if (quoted) { if (c === '"') quoted = false; continue; }
    if (c === '"' && depth === 0) { quoted = true; continue; }
    if (c === '(') { depth++; continue; }
    if (c === ')' && depth > 0) { depth--; continue; }
    if (depth === 0) out += c;
  }
  return out;
}

/** The domain of an address, lower-cased, without a trailing dot; undefined when it is not a domain name. */
export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const at = address.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = address.slice(at + 1).replace(/\.$/, '').toLowerCase();
  return isDomainName(domain) ? domain : undefined;
}

export function isDomainName(name: string): boolean {
  return name.length <= 253 && /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/i.test(name);
}

/** `<bounce@acme.test>` -> `bounce@acme.test`; `<>` -> '' (the null sender of a bounce). */
export function parsePathAddress(value: string): string | undefined {
  const inner = value.match(/<([^<>]*)>/)?.[1] ?? value;
  const address = inner.trim();
  if (address === '') return '';
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}
