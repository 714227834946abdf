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

/** Private, loopback, link-local and shared ranges: an address no outside sender connects from. */
export function isPrivateIp(ip: string): boolean {
  if (isIP(ip) === 4) {
    const [a, b] = ip.split('.').map(Number);
    return a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  const lower = ip.toLowerCase();
  return lower === '::1' || /^f[cd]/.test(lower) || /^fe[89ab]/.test(lower) || lower.startsWith('::ffff:127.') || lower.startsWith('::ffff:10.');
}
