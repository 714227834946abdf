import { isIP } from 'node:net';

/** An IP address found in text (`[192.0.2.1]`, `(2603:10b6::18)`, `IPv6:...`), validated; else undefined. */
export function asIp(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const candidate = text.trim().replace(/^\[|\]$/g, '').replace(/^ipv6:/i, '');
  return isIP(candidate) ? candidate.toLowerCase() : undefined;
}

/** Every valid IPv4 or IPv6 address mentioned in a piece of text, in order. */
export function ipsIn(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(/(?:IPv6:)?[0-9a-fA-F:.]{7,45}/g)) {
    const ip = asIp(match[0].replace(/[.:]+$/, ''));
    if (ip && !found.includes(ip)) found.push(ip);
  }
  return found;
}

/** The DNS name a PTR lookup asks for: 4.3.2.1.in-addr.arpa, or the nibbles of an IPv6 address in ip6.arpa. */
export function reverseName(ip: string): string {
  if (isIP(ip) === 4) return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
  return `${expandIpv6(ip).replace(/:/g, '').split('').reverse().join('.')}.ip6.arpa`;
}

function expandIpv6(ip: string): string {
  const [head, tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const last = right.length ? right[right.length - 1] : left[left.length - 1];
  if (last?.includes('.')) {
    // IPv4-mapped tail (::ffff:192.0.2.1): two groups of hex.
    const octets = last.split('.').map(Number);
    const groups = [((octets[0] << 8) | octets[1]).toString(16), ((octets[2] << 8) | octets[3]).toString(16)];
    if (right.length) right.splice(-1, 1, ...groups); else left.splice(-1, 1, ...groups);
  }
  const missing = 8 - left.length - right.length;
  const groups = ip.includes('::') ? [...left, ...Array(missing).fill('0'), ...right] : left;
  return groups.map((g) => g.padStart(4, '0')).join(':');
}
