import type { LabWorld } from '../world.ts';
import type { ZoneFile } from './zones.ts';

/**
 * The lab's DNS blocklists, for `landed dns check` (docs/blocklists.md): `bl.lab.test`, a working IP list
 * (RFC 5782 test entry 127.0.0.2, and the internal route's address: the server nobody secured);
 * `dbl.lab.test`, a working domain list that lists only its test entry; `refusing.lab.test`, a list that
 * answers every query with 127.255.255.254, as Spamhaus answers queries from public resolvers.
 */
export const LAB_BLOCKLISTS = { ip: 'bl.lab.test', domain: 'dbl.lab.test', refusing: 'refusing.lab.test' } as const;

export function blocklistZones(world: LabWorld): ZoneFile[] {
  const internal = world.mtas.find((m) => m.id === 'internal')!.address;
  const rev = (ip: string) => ip.split('.').reverse().join('.');
  return [
    zone(world, LAB_BLOCKLISTS.ip, 'a working IP blocklist: the RFC 5782 test entry and the internal route\'s address', [
      `${rev('127.0.0.2')} IN A 127.0.0.2`,
      `${rev('127.0.0.2')} IN TXT "RFC 5782 test entry"`,
      `${rev(internal)} IN A 127.0.0.2`,
      `${rev(internal)} IN TXT "internal.acme.test: listed by the lab (open to the world, not in SPF)"`,
    ]),
    zone(world, LAB_BLOCKLISTS.domain, 'a working domain blocklist: only its RFC 5782 test entry', ['test IN A 127.0.1.2']),
    zone(world, LAB_BLOCKLISTS.refusing, 'a list that refuses this resolver: 127.255.255.254 for every name', ['* IN A 127.255.255.254']),
  ];
}

function zone(world: LabWorld, origin: string, story: string, records: string[]): ZoneFile {
  const ns = world.dns.hostname;
  const text = [`; ${origin}: ${story}`, `$ORIGIN ${origin}.`, '$TTL 300', `@ IN SOA ${ns}. hostmaster.lab.test. ( 1 3600 600 86400 300 )`, `@ IN NS ${ns}.`, ...records].join('\n');
  return { origin, file: `${origin}.zone`, text: `${text}\n` };
}
