/**
 * What the lab tells its users (tests, the demo, `landed lab status`). JSON-safe: it is also what the
 * control channel and lab.json carry.
 */
import type { ProviderPolicy } from './world.ts';

export interface LabEndpoint {
  host: string;
  port: number;
}

export interface LabRouteInfo {
  id: string;
  /** The lab MTA behind the route: relay, internal or erp (stale-dkim and no-dmarc go through relay). */
  mta: string;
  host: string;
  port: number;
  /** relay: AUTH over STARTTLS with the lab CA; the others: plain, unauthenticated. */
  security: 'starttls' | 'none';
  auth?: { user: string; pass: string };
  /** The address the MTA delivers from, as receivers see it. */
  egress: string;
  hostname: string;
  from: string;
  envelopeFrom?: string;
  /** The DKIM selectors its MTA signs the From domain with (none: it does not sign). */
  dkimSelectors: string[];
  /** The mailbox its DSNs arrive in (see bounceMailboxes). */
  bounceMailbox: string;
  mistake: string;
}

export interface LabProviderInfo {
  id: string;
  domains: string[];
  mx: LabEndpoint & { hostname: string };
  imap: LabEndpoint & { hostname: string; security: 'starttls' };
  authservId: string;
  policy: ProviderPolicy;
  junkFolder: string;
  /** Whether the junk folder carries the \Junk SPECIAL-USE flag. */
  junkSpecialUse: boolean;
  style: string;
}

export interface LabMailbox {
  address: string;
  imap: LabEndpoint & { security: 'starttls' };
  user: string;
  pass: string;
}

export interface LabInfo {
  id: string;
  dir: string;
  /** "127.A.B": the lab's /24. */
  prefix: string;
  dns: LabEndpoint;
  /** PEM of the lab CA that signed every lab server certificate. */
  caFile: string;
  configFile: string;
  envFile: string;
  routes: Record<string, LabRouteInfo>;
  providers: Record<string, LabProviderInfo>;
  /** The senders' own mail host, where bounces land. */
  mailhost: LabProviderInfo;
  seeds: Record<string, LabMailbox & { provider: string }>;
  /**
   * Seeds behind the forwarder and the mailing lists (fwd-1, list-1...): `address` is the forwarding address
   * probes are sent to, `user` the member mailbox at `provider` where they arrive (docs/lab.md, Forwarding).
   */
  forwardedSeeds: Record<string, LabMailbox & { provider: string; service: string }>;
  /** By address: one mailbox per sender domain, catching everything sent to that domain. */
  bounceMailboxes: Record<string, LabMailbox>;
  /** Where the lab domains' DMARC aggregate reports (rua) arrive: `landed dmarc fetch` reads it. */
  dmarcMailbox: LabMailbox;
  passwords: { relay: string; seed: string; bounce: string; app: string };
  /** The drills' side of the lab: the company's own inbound MX seed, the forger, the ERP-like application. */
  drills: LabDrillsInfo;
}

export interface LabDrillsInfo {
  /** An employee's mailbox behind the company's own inbound MX (the mail host); password `bounce`. */
  ownSeed: LabMailbox & { id: string };
  /** The address a forger delivers from (`localAddress` of a direct route), and its HELO. */
  outsider: { address: string; helo: string };
  ownDomain: string;
  lookalikeDomain: string;
  /** The ERP-like application: POST {url}/api/mail with `Authorization: Bearer <passwords.app>`. */
  app: { url: string; route: string };
}

/** Knobs of the ERP-like application (its queue and worker). */
export interface AppKnobs {
  /** The worker does not run: requests are accepted and the queue grows. */
  workerStopped: boolean;
  /** The next N messages are taken off the queue and never sent (the application still says `sent`). */
  dropNext: number;
  /** The next N messages are sent twice. */
  duplicateNext: number;
}

/** Knobs of one receiving provider's MX (issue 8's fault injection builds on these). */
export interface ProviderKnobs {
  /** 451 4.7.1 on the first attempt of each (client IP, sender, recipient) triplet. */
  greylist: boolean;
  /** A retried triplet is accepted only after this long. */
  greylistMs: number;
  /** Accept at once, but file into the mailbox this much later. */
  deliveryDelayMs: number;
  /** '421': answer every connection with 421 4.3.2; 'refuse': stop listening (connection refused). */
  unavailable: false | '421' | 'refuse';
  /**
   * Refuse mail whose DMARC fails for a domain publishing p=reject (550 5.7.1), as an inbound MX that
   * enforces DMARC does. The company's own inbound MX (the mail host) accepts everything without it.
   */
  enforceDmarc: boolean;
}

/** Knobs of one lab MTA (relay, internal, erp). */
export interface MtaKnobs {
  /**
   * Drop the connection of the next message after its data is received, before replying. 'discard'
   * forgets the message (the client must send again); 'deliver' still delivers it (a retry duplicates).
   */
  dropNextData: false | 'discard' | 'deliver';
  /** DKIM-sign List-Unsubscribe-Post too (RFC 8058 wants it signed); false: signed without it, as many MTAs do. */
  signListUnsubscribePost: boolean;
}

/** Parts that can be stopped and started: dns, dovecot:<host>, mx:<host>, mta:<relay|internal|erp>. */
export type LabPart = 'dns' | `dovecot:${string}` | `mx:${string}` | `mta:${string}` | `app:${string}`;

/** One thing that happened in the daemon, for tests and `landed lab status`. */
export interface LabEvent {
  at: string;
  part: string;
  kind: 'accepted' | 'queued' | 'delivered' | 'deferred' | 'bounced' | 'dsn' | 'filed' | 'rejected' | 'greylisted' | 'dropped' | 'error' | 'dmarc-report' | 'unsubscribe';
  queueId?: string;
  from?: string;
  to?: string;
  /** Folder, SMTP reply or error text. */
  detail?: string;
  attempt?: number;
}

export interface LabStatus {
  parts: Record<string, 'running' | 'stopped'>;
  /** Messages the MTAs are still trying to deliver. */
  queue: Array<{ queueId: string; mta: string; to: string; attempts: number; nextAttemptAt: string; lastError?: string }>;
  knobs: { providers: Record<string, ProviderKnobs>; mtas: Record<string, MtaKnobs>; apps?: Record<string, AppKnobs> };
}

/** One aggregate report a lab provider mailed (`landed lab dmarc-reports`). */
export interface LabDmarcReport {
  provider: string;
  domain: string;
  to: string;
  reportId: string;
  records: number;
  messages: number;
  /** delivered, deferred or failed, as the delivery to the rua's MX went. */
  outcome: string;
}
