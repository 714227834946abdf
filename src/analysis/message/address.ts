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

/** `<bounce@acme.test>` -> `bounce@acme.test`; `<>` -> '' (the null sender of a bounce). */
export function parsePathAddress(value: string): string | undefined {
  const inner = value.match(/<([^<>]*)>/)?.[1] ?? value;
  const address = inner.trim();
  if (address === '') return '';
  return /^[^\s@]+@[^\s@]+$/.test(address) ? address : undefined;
}
