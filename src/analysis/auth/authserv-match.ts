/**
 * authserv-id patterns as provider presets write them: an exact name (`mx.google.com`) or `*.suffix`
 * for a family of hosts (`*.yahoo.com` matches `atlas219.free.mail.bf1.yahoo.com`, not `yahoo.com`).
 */
export function matchesAuthservId(id: string, patterns: readonly string[]): boolean {
  const name = id.toLowerCase().replace(/\.$/, '');
  if (!name) return false;
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? name.endsWith(p.slice(1)) : name === p;
  });
}

/**
 * Host patterns for finding the provider's own Received hops: its authserv-ids widened to their parent
 * domain (`mx.google.com` -> `*.google.com`), since receiving hosts are rarely named like the authserv-id.
 */
export function receiverHostPatterns(authservIds: readonly string[], extraHosts: readonly string[] = []): string[] {
  const patterns = new Set<string>(extraHosts.map((h) => h.toLowerCase()));
  for (const id of authservIds) {
    const name = id.toLowerCase().replace(/^\*\./, '');
    const labels = name.split('.').filter(Boolean);
    if (labels.length < 2) continue;
    const parent = labels.slice(-2).join('.');
    patterns.add(`*.${parent}`);
    patterns.add(parent);
  }
  return [...patterns];
}
