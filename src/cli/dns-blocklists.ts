import type { ResolvedConfig } from '../config/types.ts';
import { LandedError } from '../errors.ts';
import type { Resolver } from '../dns/resolver.ts';
import { domainOf } from '../address.ts';
import { spfHosts, type BlocklistSubjects } from '../dns/blocklists/check.ts';
import { blocklistFor, DEFAULT_BLOCKLISTS, isZoneName, type Blocklist } from '../dns/blocklists/lists.ts';

/** --blocklist over landed.yaml's `blocklists` over the default set; `--blocklist none` asks no list. */
export function blocklistsFor(option: string[] | undefined, config: ResolvedConfig | undefined): Blocklist[] {
  const specs = option?.length ? option : (config?.blocklists ?? DEFAULT_BLOCKLISTS);
  if (specs.length === 1 && specs[0] === 'none') return [];
  for (const spec of specs) {
    if (!isZoneName(spec)) throw new LandedError('USAGE', `--blocklist ${spec}: not a DNS zone`, { hint: 'Give a zone like zen.spamhaus.org, domain:dbl.spamhaus.org for a domain list, or none.' });
  }
  return specs.map(blocklistFor);
}

/**
 * What to ask the lists about: per sending domain, the addresses seen sending in the last run, the routes'
 * `localAddress`, and the single hosts its SPF names; and the domains themselves for domain lists.
 */
export async function blocklistSubjects(resolver: Resolver, domains: string[], fromRun: Record<string, string[]>, config: ResolvedConfig | undefined): Promise<BlocklistSubjects> {
  const ips: Record<string, string[]> = {};
  const add = (domain: string, ip: string) => {
    if (!(ips[domain] ??= []).includes(ip)) ips[domain].push(ip);
  };
  for (const [domain, list] of Object.entries(fromRun)) for (const ip of list) add(domain, ip);
  for (const route of config?.routes.values() ?? []) {
    const domain = domainOf(route.envelopeFrom ?? route.from);
    if (domain && route.smtp?.localAddress) add(domain, route.smtp.localAddress);
  }
  for (const domain of domains) for (const ip of await spfHosts(resolver, domain)) add(domain, ip);
  return { ips, domains };
}
