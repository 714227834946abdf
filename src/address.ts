/**
 * Addresses as landed meets them in landed.yaml, results and received mail: the bare address of
 * "Name <addr>" and its domain. Lenient, never throws; a domain that is not a domain name is no domain,
 * so hostile text never becomes a DNS query or a Message-ID.
 */

/** The bare address of "Name <addr>" (or the string itself, trimmed). */
export function addressOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from.trim();
}

/** The domain of an address (bare or "Name <addr>"), lower-cased, without a trailing dot; undefined when it has none. */
export function domainOf(address: string | undefined): string | undefined {
  if (!address) return undefined;
  const bare = addressOf(address);
  const at = bare.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = bare.slice(at + 1).trim().replace(/\.$/, '').toLowerCase();
  return isDomainName(domain) ? domain : undefined;
}

/** The local part of a bare address: everything before its last '@' (a quoted local part may hold one). */
export function localPartOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? address : address.slice(0, at);
}

function isDomainName(name: string): boolean {
  return name.length <= 253 && /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)*$/i.test(name);
}
