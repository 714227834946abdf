/**
 * The lab world as data: which domain publishes what, which MTA sends from which address, which provider
 * files what where. Everything else in src/lab (zone files, Dovecot configs, the daemon, landed.yaml, the
 * docs table) is derived from this one description, so the story is told once.
 *
 * Every service has its own address in the lab's 127.A.B.0/24, so receivers see distinct client IPs and
 * the reverse zone can name each one.
 */
import { ARC_TRUST, labForwarders, type LabForwarder } from './forwarding.ts';

import { labDrills, type LabDrills } from './world-drills.ts';

/** Fixed ports: every lab has its own /24, so ports never collide and can stay the same everywhere. */
export const LAB_PORTS = { dns: 5353, submission: 2587, smtp: 2525, imap: 1143, lmtp: 2424 } as const;

/** The rua mailbox of acme.test and stale.test, on the senders' mail host: the lab providers' DMARC reports land here. */
export const LAB_RUA = 'dmarc@acme.test';

export type ProviderPolicy = 'strict' | 'lenient' | 'accept';

/** A DKIM key pair the lab generates, by name; its files are DIR/dkim/<name>.key and .pub. */
export type DkimKeyName = 'acme-s1' | 'acme-erp-published' | 'erp-signing' | 'stale-old' | 'stale-new' | 'nodmarc-s1' | LabForwarder['key']['name'];
export const DKIM_KEY_NAMES: DkimKeyName[] = ['acme-s1', 'acme-erp-published', 'erp-signing', 'stale-old', 'stale-new', 'nodmarc-s1', 'forward-arc', 'lists-s1'];

export interface SenderDomain {
  name: string;
  /** Addresses its SPF record authorizes (then `-all`). */
  spf: string[];
  /** Published DKIM keys: the TXT at <selector>._domainkey carries the public half of `key`. */
  dkim: Array<{ selector: string; key: DkimKeyName }>;
  /** The `_dmarc` TXT, or absent for a domain without DMARC. */
  dmarc?: string;
  /** Its mailbox host (MX), where bounces to this domain land. */
  mx: string;
  story: string;
}

/** An outbound MTA in the lab daemon: it accepts mail, queues it and delivers it by MX from its own address. */
export interface LabMta {
  id: 'relay' | 'internal' | 'erp';
  hostname: string;
  /** Listens here and binds it as the source address when delivering. */
  address: string;
  port: number;
  /** relay: AUTH over STARTTLS (submission); the others take anything from loopback. */
  submission: boolean;
  /** DKIM keys it signs with, chosen by the From domain. */
  signs: Array<{ domain: string; selector: string; key: DkimKeyName }>;
}

/** A route as landed.yaml names it: an MTA plus the sender identity used through it. */
export interface LabRoute {
  id: string;
  mta: LabMta['id'];
  from: string;
  envelopeFrom?: string;
  /** Where DSNs for this route's envelope sender land (a mailbox on the mail host). */
  bounceMailbox: string;
  mistake: string;
}

/** A receiving provider (or the senders' own mail host): an MX in the daemon plus its own Dovecot. */
export interface LabMailHost {
  id: string;
  domains: string[];
  mx: { hostname: string; address: string; port: number };
  imap: { hostname: string; address: string; port: number };
  lmtpPort: number;
  /** The authserv-id of its Authentication-Results header. */
  authservId: string;
  policy: ProviderPolicy;
  /** Where it files what fails its checks; `specialUse` false means no \Junk flag at all. */
  junk: { name: string; specialUse: boolean };
  /** The other folders every mailbox has, with their SPECIAL-USE flag when the provider sets one. */
  folders: Array<{ name: string; specialUse?: string }>;
  /** Mailbox users (full addresses). */
  users: string[];
  /** Deliver mail for unknown local parts of a domain into this user (the mail host's bounce boxes). */
  catchAll?: Record<string, string>;
  /** ARC sealers (d= of the newest seal) whose chain may override a DMARC failure here (forwarding.ts). */
  arcTrust?: string[];
  style: string;
}

export interface LabWorld {
  /** "127.A.B" */
  prefix: string;
  dns: { hostname: string; address: string; port: number };
  domains: SenderDomain[];
  mtas: LabMta[];
  routes: LabRoute[];
  /** The receiving providers the seeds live at. */
  providers: LabMailHost[];
  /** Hosts the senders' own mailboxes (bounces); accepts everything into INBOX. */
  mailhost: LabMailHost;
  /** The seeds, by id, at the providers. */
  seeds: Array<{ id: string; address: string; provider: string }>;
  /** The forwarder and the mailing lists, and the seeds behind them (address: the alias; mailbox: the member). */
  forwarders: LabForwarder[];
  forwardedSeeds: Array<{ id: string; address: string; mailbox: string; provider: string; service: LabForwarder['id'] }>;
  relayUser: string;
  /** The company's own inbound MX seed, the forger and the ERP-like application (world-drills.ts). */
  drills: LabDrills;
}

/** `seedsPerProvider` > 1 gives each provider seed1..seedN (benchmarks of many mailboxes). */
export function labWorld(prefix: string, seedsPerProvider = 1): LabWorld {
  const seedUsers = (domain: string) => Array.from({ length: seedsPerProvider }, (_, i) => `seed${i + 1}@${domain}`);
  const at = (n: number) => `${prefix}.${n}`;
  const mtas: LabMta[] = [
    {
      id: 'relay', hostname: 'relay.lab.test', address: at(10), port: LAB_PORTS.submission, submission: true,
      signs: [
        { domain: 'acme.test', selector: 's1', key: 'acme-s1' },
        { domain: 'stale.test', selector: 's2', key: 'stale-new' },
        { domain: 'nodmarc.test', selector: 's1', key: 'nodmarc-s1' },
      ],
    },
    { id: 'internal', hostname: 'internal.acme.test', address: at(11), port: LAB_PORTS.smtp, submission: false, signs: [] },
    {
      id: 'erp', hostname: 'mta.erp-vendor.test', address: at(12), port: LAB_PORTS.smtp, submission: false,
      signs: [{ domain: 'acme.test', selector: 'erp', key: 'erp-signing' }],
    },
  ];
  const mailhostMx = 'mx.mailhost.test';
  const domains: SenderDomain[] = [
    {
      name: 'acme.test', spf: [at(10)], mx: mailhostMx,
      dkim: [{ selector: 's1', key: 'acme-s1' }, { selector: 'erp', key: 'acme-erp-published' }],
      dmarc: `v=DMARC1; p=reject; adkim=r; aspf=r; rua=mailto:${LAB_RUA}`,
      story: 'The company. SPF lists only the relay; DKIM s1 is the relay\'s key; erp._domainkey holds a key the ERP vendor no longer signs with; DMARC p=reject.',
    },
    {
      name: 'erp-vendor.test', spf: [at(12)], mx: mailhostMx, dkim: [],
      story: 'The ERP vendor\'s bounce domain: its SPF authorizes the vendor\'s MTA, which passes SPF for a domain that is not acme.test.',
    },
    {
      name: 'stale.test', spf: [at(10)], mx: mailhostMx, dkim: [{ selector: 's2', key: 'stale-old' }],
      // The company's second domain reports to the same rua mailbox; acme.test authorizes that (zones.ts).
      dmarc: `v=DMARC1; p=quarantine; rua=mailto:${LAB_RUA}`,
      story: 'A botched key rotation: the relay signs with the new s2 key, DNS still publishes the old one. DMARC passes on SPF alone, until a forwarder breaks SPF.',
    },
    {
      name: 'nodmarc.test', spf: [at(10)], mx: mailhostMx, dkim: [{ selector: 's1', key: 'nodmarc-s1' }],
      story: 'SPF and DKIM are right, but there is no DMARC record: receivers have no policy to apply (dmarc=none).',
    },
  ];
  const routes: LabRoute[] = [
    { id: 'relay', mta: 'relay', from: 'Acme Sales <sales@acme.test>', bounceMailbox: 'sales@acme.test', mistake: 'none: the proper relay (like Microsoft 365 or Google Workspace), authorized by SPF and DKIM-signing' },
    { id: 'internal', mta: 'internal', from: 'Acme Sales <sales@acme.test>', bounceMailbox: 'sales@acme.test', mistake: 'the internal server that sends directly: not in SPF, not signing' },
    { id: 'erp', mta: 'erp', from: 'Acme Sales <sales@acme.test>', envelopeFrom: 'erp@erp-vendor.test', bounceMailbox: 'erp@erp-vendor.test', mistake: 'the ERP sending on its own: SPF passes for the vendor\'s domain (not aligned), its DKIM key does not match DNS' },
    { id: 'stale-dkim', mta: 'relay', from: 'Stale Co <sales@stale.test>', bounceMailbox: 'sales@stale.test', mistake: 'a botched DKIM rotation, hidden by aligned SPF' },
    { id: 'no-dmarc', mta: 'relay', from: 'No DMARC Co <sales@nodmarc.test>', bounceMailbox: 'sales@nodmarc.test', mistake: 'no DMARC record: nothing tells receivers what to do with failures' },
  ];
  const host = (id: string, n: number, rest: Omit<LabMailHost, 'id' | 'mx' | 'imap' | 'lmtpPort' | 'authservId' | 'domains'>): LabMailHost => ({
    id,
    domains: [`${id}.test`],
    mx: { hostname: `mx.${id}.test`, address: at(n), port: LAB_PORTS.smtp },
    imap: { hostname: `imap.${id}.test`, address: at(n + 1), port: LAB_PORTS.imap },
    lmtpPort: LAB_PORTS.lmtp,
    authservId: `mx.${id}.test`,
    ...rest,
  });
  const standardFolders = [{ name: 'Sent', specialUse: '\\Sent' }, { name: 'Drafts', specialUse: '\\Drafts' }, { name: 'Trash', specialUse: '\\Trash' }];
  const providers = [
    host('strict', 20, {
      policy: 'strict', junk: { name: 'Junk', specialUse: true }, folders: standardFolders, users: seedUsers('strict.test'),
      style: 'Gmail-like: honours DMARC p=reject with 550 5.7.26; other failures go to Junk (\\Junk)',
    }),
    host('bulk', 30, {
      policy: 'lenient', junk: { name: 'Bulk', specialUse: true }, folders: [{ name: 'Sent', specialUse: '\\Sent' }, { name: 'Draft', specialUse: '\\Drafts' }, { name: 'Trash', specialUse: '\\Trash' }, { name: 'Archive', specialUse: '\\Archive' }], users: seedUsers('bulk.test'),
      style: 'Yahoo-like: accepts DMARC failures and files them in Bulk (\\Junk)',
    }),
    host('isp', 40, {
      policy: 'lenient', junk: { name: 'Spamverdacht', specialUse: false }, folders: [{ name: 'Gesendet' }, { name: 'Entwürfe' }, { name: 'Papierkorb' }], users: seedUsers('isp.test'),
      style: 'An older ISP: files failures in a localized folder, Spamverdacht, without any SPECIAL-USE flag',
    }),
  ];
  const forwarding = labForwarders(at, LAB_PORTS.smtp);
  const aliases = forwarding.forwarders.flatMap((f) => f.aliases.map((a) => ({ ...a, service: f.id })));
  for (const p of providers) {
    p.users.push(...aliases.filter((a) => a.provider === p.id).map((a) => a.member));
    if (ARC_TRUST[p.id]) p.arcTrust = ARC_TRUST[p.id];
  }
  const drills = labDrills(prefix);
  const bounceBoxes = Object.fromEntries(domains.map((d) => [d.name, routes.find((r) => r.bounceMailbox.endsWith(`@${d.name}`))!.bounceMailbox]));
  const mailhost: LabMailHost = {
    ...host('mailhost', 50, { policy: 'accept', junk: { name: 'Junk', specialUse: true }, folders: standardFolders, users: [...Object.values(bounceBoxes), drills.ownSeed.address, LAB_RUA], style: 'The senders\' own mailboxes, where DSNs arrive; accepts everything into INBOX' }),
    domains: domains.map((d) => d.name),
    catchAll: bounceBoxes,
  };
  return {
    prefix,
    dns: { hostname: 'ns.lab.test', address: at(1), port: LAB_PORTS.dns },
    domains: [...domains, ...forwarding.domains],
    mtas,
    routes,
    providers,
    mailhost,
    seeds: providers.flatMap((p) => seedUsers(p.domains[0]).map((address, i) => ({ id: `${p.id}-${i + 1}`, address, provider: p.id }))),
    forwarders: forwarding.forwarders,
    forwardedSeeds: aliases.map((a) => ({ id: a.seed, address: a.address, mailbox: a.member, provider: a.provider, service: a.service })),
    relayUser: 'relay@acme.test',
    drills,
  };
}

/** Every (address, port) the lab listens on, for the free-prefix check. */
export function labEndpoints(world: LabWorld): Array<{ address: string; port: number; udp?: boolean }> {
  const hosts = [...world.providers, world.mailhost];
  return [
    { address: world.dns.address, port: world.dns.port, udp: true },
    { address: world.dns.address, port: world.dns.port },
    ...world.mtas.map((m) => ({ address: m.address, port: m.port })),
    ...world.forwarders.map((f) => ({ address: f.address, port: f.port })),
    ...hosts.flatMap((h) => [h.mx, h.imap, { address: h.imap.address, port: h.lmtpPort }]),
    { address: world.drills.app.address, port: world.drills.app.port },
  ];
}

/** Address -> host name, for the reverse zone and for Received headers. */
export function labHostnames(world: LabWorld): Array<{ address: string; hostname: string }> {
  const hosts = [...world.providers, world.mailhost];
  return [
    { address: world.dns.address, hostname: world.dns.hostname },
    ...world.mtas.map((m) => ({ address: m.address, hostname: m.hostname })),
    ...world.forwarders.map((f) => ({ address: f.address, hostname: f.hostname })),
    ...hosts.flatMap((h) => [{ address: h.mx.address, hostname: h.mx.hostname }, { address: h.imap.address, hostname: h.imap.hostname }]),
    { address: world.drills.app.address, hostname: world.drills.app.hostname },
  ];
}
