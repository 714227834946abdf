import { readDmarcRecord, reportUris } from '../../dns/checks/dmarc-record.ts';
import type { DkimKeyName, LabWorld } from '../world.ts';
import { labHostnames } from '../world.ts';

/**
 * The lab's DNS as ordinary zone files, which are what a person reads to understand the lab. The lab
 * serves the root zone too (SOA and NS only), so any name outside the lab zones gets NXDOMAIN, as on the
 * internet, instead of REFUSED: the DMARC tree walk asks for `_dmarc.test` and must hear "no such name".
 */
export interface ZoneFile {
  origin: string;
  file: string;
  text: string;
}

interface ZoneRecord {
  name: string;
  type: 'A' | 'MX' | 'TXT' | 'PTR' | 'NS';
  value: string;
  comment?: string;
}

/** `dkimPublic`: the base64 SPKI of each key, as published in `p=`. */
export function labZones(world: LabWorld, dkimPublic: Record<DkimKeyName, string>): ZoneFile[] {
  const ns = world.dns.hostname;
  const zones = new Map<string, { story?: string; records: ZoneRecord[] }>();
  const zone = (origin: string, story?: string) => zones.set(origin, { story, records: [] });
  const add = (record: ZoneRecord) => zones.get(zoneOf(record.name, [...zones.keys()]))!.records.push(record);

  zone('.', 'The root: nothing but SOA and NS, so every name outside the lab zones is NXDOMAIN.');
  zone('lab.test', 'The lab\'s own hosts: its name server and the proper relay.');
  for (const d of world.domains) zone(d.name, d.story);
  for (const h of [...world.providers, world.mailhost]) zone(`${h.id}.test`, h.style);
  const reverse = `${world.prefix.split('.').reverse().join('.')}.in-addr.arpa`;
  zone(reverse, 'Reverse names (PTR) of every lab address, so receivers can check them like real ones.');

  for (const d of world.domains) {
    add({ name: d.name, type: 'MX', value: `10 ${d.mx}.` });
    const spf = `v=spf1 ${d.spf.map((a) => `ip4:${a}`).join(' ')} -all`;
    add({ name: d.name, type: 'TXT', value: spf, comment: `SPF: only ${d.spf.join(', ')} may send as ${d.name}` });
    for (const k of d.dkim) {
      add({ name: `${k.selector}._domainkey.${d.name}`, type: 'TXT', value: `v=DKIM1; k=rsa; p=${dkimPublic[k.key]}`, comment: `DKIM key "${k.key}"` });
    }
    if (d.dmarc) add({ name: `_dmarc.${d.name}`, type: 'TXT', value: d.dmarc });
  }
  // A domain whose reports go to a mailbox of another lab domain: that domain says it accepts them (RFC 9990
  // section 3), or receivers, the lab's among them, send nothing there.
  for (const d of world.domains) {
    const rua = d.dmarc ? reportUris(readDmarcRecord(d.dmarc).tags.get('rua')) : [];
    for (const target of new Set(rua.map((u) => u.mailDomain).filter((t): t is string => Boolean(t) && t !== d.name && zones.has(t!)))) {
      add({ name: `${d.name}._report._dmarc.${target}`, type: 'TXT', value: 'v=DMARC1', comment: `${target} accepts the DMARC reports of ${d.name}` });
    }
  }
  for (const h of [...world.providers, world.mailhost]) {
    for (const domain of h.domains.filter((name) => !world.domains.some((d) => d.name === name))) {
      add({ name: domain, type: 'MX', value: `10 ${h.mx.hostname}.` });
    }
  }

  // Hosts last, so each zone file reads: the domain's policy records, then its machines.
  for (const { address, hostname } of labHostnames(world)) {
    add({ name: hostname, type: 'A', value: address });
    add({ name: `${address.split('.').reverse().join('.')}.in-addr.arpa`, type: 'PTR', value: `${hostname}.` });
  }
  for (const m of world.mtas) {
    add({ name: m.hostname, type: 'TXT', value: 'v=spf1 a -all', comment: `SPF for the HELO name, checked on bounces (MAIL FROM:<>) from ${m.id}` });
  }

  return [...zones].map(([origin, { story, records }]) => ({
    origin,
    file: origin === '.' ? 'root.zone' : `${origin}.zone`,
    text: renderZone(origin, ns, story, records),
  }));
}

function zoneOf(name: string, origins: string[]): string {
  let best = '.';
  for (const origin of origins) {
    if (origin !== '.' && (name === origin || name.endsWith(`.${origin}`)) && origin.length > best.length) best = origin;
  }
  return best;
}

function renderZone(origin: string, ns: string, story: string | undefined, records: ZoneRecord[]): string {
  const fqdn = origin === '.' ? '.' : `${origin}.`;
  const lines = [
    `; ${origin === '.' ? 'root zone' : origin}${story ? `: ${story}` : ''}`,
    `$ORIGIN ${fqdn}`,
    '$TTL 300',
    `@ IN SOA ${ns}. hostmaster.lab.test. ( 1 3600 600 86400 300 )`,
    `@ IN NS ${ns}.`,
  ];
  for (const r of records) {
    if (r.comment) lines.push(`; ${r.comment}`);
    const owner = r.name === origin ? '@' : r.name.slice(0, -(origin.length + 1));
    lines.push(`${owner} IN ${r.type} ${r.type === 'TXT' ? quoteTxt(r.value) : r.value}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A TXT value as zone-file strings: at most 255 characters each, several of them for a DKIM key. */
function quoteTxt(value: string): string {
  const chunks = value.match(/.{1,255}/g) ?? [''];
  const quoted = chunks.map((c) => `"${c.replace(/["\\]/g, '\\$&')}"`);
  return quoted.length === 1 ? quoted[0] : `( ${quoted.join('\n    ')} )`;
}
