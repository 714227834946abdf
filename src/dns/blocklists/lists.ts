/**
 * DNS blocklists landed knows: what their return codes mean, where to ask for removal, and their usage
 * terms (docs/blocklists.md). A zone landed does not know is used as an IP list, or a domain list when
 * written `domain:ZONE`.
 */
export interface Blocklist {
  zone: string;
  /** `ip`: reversed IPv4/IPv6 nibbles before the zone; `domain`: the domain name before it. */
  kind: 'ip' | 'domain';
  name: string;
  /** Return code -> meaning, where the list documents it. */
  codes?: Record<string, string>;
  delist?: string;
}

const SPAMHAUS_DELIST = 'https://check.spamhaus.org/';

export const KNOWN_BLOCKLISTS: Blocklist[] = [
  {
    zone: 'zen.spamhaus.org', kind: 'ip', name: 'Spamhaus ZEN', delist: SPAMHAUS_DELIST,
    codes: {
      '127.0.0.2': 'SBL: a known spam source or operation',
      '127.0.0.3': 'SBL CSS: snowshoe spam or compromised host',
      '127.0.0.4': 'XBL: exploited or infected host (CBL)',
      '127.0.0.9': 'SBL DROP: hijacked or criminal network',
      '127.0.0.10': 'PBL (ISP): an end-user address that should not send mail directly',
      '127.0.0.11': 'PBL (Spamhaus): an end-user address that should not send mail directly',
    },
  },
  {
    zone: 'dbl.spamhaus.org', kind: 'domain', name: 'Spamhaus DBL', delist: SPAMHAUS_DELIST,
    codes: { '127.0.1.2': 'spam domain', '127.0.1.4': 'phishing domain', '127.0.1.5': 'malware domain', '127.0.1.6': 'botnet C&C domain', '127.0.1.102': 'abused legitimate spam domain', '127.0.1.103': 'abused legitimate redirector', '127.0.1.104': 'abused legitimate phishing', '127.0.1.105': 'abused legitimate malware', '127.0.1.106': 'abused legitimate botnet C&C' },
  },
  { zone: 'b.barracudacentral.org', kind: 'ip', name: 'Barracuda Reputation Block List', delist: 'https://www.barracudacentral.org/rbl/removal-request', codes: { '127.0.0.2': 'poor reputation (spam sent)' } },
  { zone: 'bl.spamcop.net', kind: 'ip', name: 'SpamCop', delist: 'https://www.spamcop.net/bl.shtml', codes: { '127.0.0.2': 'reported as a spam source (listings expire 24 h after the last report)' } },
  { zone: 'psbl.surriel.com', kind: 'ip', name: 'Passive Spam Block List', delist: 'https://psbl.org/remove', codes: { '127.0.0.2': 'sent mail to spam traps' } },
  // Not by default (commercial use needs a subscription), but understood when named:
  { zone: 'multi.surbl.org', kind: 'domain', name: 'SURBL', delist: 'https://surbl.org/surbl-analysis', codes: { '127.0.0.8': 'phishing (PH)', '127.0.0.16': 'malware (MW)', '127.0.0.64': 'abused (ABUSE)', '127.0.0.128': 'cracked site (CR)' } },
  // The lab's test lists (src/lab/files/blocklist-zones.ts):
  { zone: 'bl.lab.test', kind: 'ip', name: 'the lab\'s test list', delist: 'https://lab.test/delist (lab: edit the zone)', codes: { '127.0.0.2': 'listed for the lab\'s tests' } },
  { zone: 'dbl.lab.test', kind: 'domain', name: 'the lab\'s test domain list', delist: 'https://lab.test/delist (lab: edit the zone)', codes: { '127.0.1.2': 'listed for the lab\'s tests' } },
];

/** Used when neither --blocklist nor landed.yaml's `blocklists` names any. */
export const DEFAULT_BLOCKLISTS = ['zen.spamhaus.org', 'b.barracudacentral.org', 'bl.spamcop.net', 'psbl.surriel.com', 'domain:dbl.spamhaus.org'];

/** `ZONE` or `domain:ZONE` (or `ip:ZONE`) -> a list, with what landed knows about it. */
export function blocklistFor(spec: string): Blocklist {
  const m = /^(ip|domain):(.+)$/i.exec(spec.trim());
  const zone = (m ? m[2] : spec).trim().toLowerCase().replace(/\.$/, '');
  const known = KNOWN_BLOCKLISTS.find((b) => b.zone === zone);
  const kind = m ? (m[1].toLowerCase() as 'ip' | 'domain') : (known?.kind ?? 'ip');
  return known ? { ...known, kind } : { zone, kind, name: zone };
}

/** A zone is host-name shaped: letters, digits, hyphens, dots; nothing that could smuggle a query elsewhere. */
export function isZoneName(spec: string): boolean {
  return /^((ip|domain):)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\.?$/i.test(spec.trim());
}
