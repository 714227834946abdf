/** Domain-name helpers shared by the zone readers, the overlay and the checks. */

/** Lower-cased, without the trailing dot; the root is "". */
export function normalizeName(name: string): string {
  return name.trim().replace(/\.$/, '').toLowerCase();
}

/** True when `name` is `apex` or a name below it. */
export function isAtOrBelow(name: string, apex: string): boolean {
  const n = normalizeName(name);
  const a = normalizeName(apex);
  return a === '' || n === a || n.endsWith(`.${a}`);
}

/** The parent name ("a.b.c" -> "b.c"); undefined for the root. */
export function parentName(name: string): string | undefined {
  const dot = name.indexOf('.');
  return name === '' ? undefined : dot < 0 ? '' : name.slice(dot + 1);
}

/** The name a PTR for `ip` lives at (IPv4 and IPv6). */
export function reverseName(ip: string): string {
  if (ip.includes(':')) {
    const groups = expandIpv6(ip);
    return `${groups.join('').split('').reverse().join('.')}.ip6.arpa`;
  }
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

function expandIpv6(ip: string): string[] {
  const [head, tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array(tail === undefined ? 0 : missing).fill('0'), ...right];
  return groups.map((g) => g.padStart(4, '0').toLowerCase());
}
