/**
 * The resolved configuration: every `${VAR}` substituted, every default applied, every path absolute.
 * What the rest of the pipeline reads; src/config/schema.ts describes what the user writes.
 */
import type { Security } from '../providers/types.ts';
import type { Places } from './places.ts';

export interface TlsOptions {
  /** PEM contents of a private CA to trust (read from the `ca` file named in landed.yaml). */
  ca?: string;
  /** Skip certificate verification. Only when the user asked for it explicitly; the run warns. */
  insecure: boolean;
}

export type OAuth2Grant =
  | { grant: 'refresh_token'; refreshToken: string }
  | { grant: 'client_credentials' };

export type OAuth2Config = OAuth2Grant & {
  /** google | microsoft | custom: picks the token endpoint and scope defaults. */
  flavor: 'google' | 'microsoft' | 'custom';
  tokenUrl: string;
  clientId: string;
  clientSecret?: string;
  scope?: string;
};

export type Credentials = { user: string; pass: string } | { user: string; oauth2: OAuth2Config };

export interface ImapEndpoint {
  host: string;
  port: number;
  security: Security;
  auth: Credentials;
  tls: TlsOptions;
}

export interface SmtpEndpoint {
  host: string;
  port: number;
  security: Security;
  auth?: Credentials;
  tls: TlsOptions;
  localAddress?: string;
  helo?: string;
}

/** `direct`: delivery straight to the recipient domain's MX, found through `dnsServers`. */
export interface DirectEndpoint {
  port: number;
  localAddress?: string;
  helo?: string;
  /** The config's DNS servers (dns.servers); empty: the system resolver. */
  dnsServers: string[];
}

/** `http`: a request that makes the application send; `${VAR}` already substituted, templates not yet. */
export interface HttpEndpoint {
  url: string;
  method: 'POST' | 'PUT' | 'GET' | 'PATCH';
  headers: Record<string, string>;
  body?: string | Record<string, unknown>;
  status?: string;
  timeoutMs: number;
}

/** `command`: a program run with the probe as JSON on standard input, in `cwd`. */
export interface CommandEndpoint {
  run: string[];
  env: Record<string, string>;
  cwd: string;
  timeoutMs: number;
}

export interface ResolvedRoute {
  id: string;
  /**
   * The route's kind is whichever of smtp, direct, http, command is set (exactly one). SMTP routes keep
   * `smtp` as before; the run picks the implementation by kind (routes/index.ts).
   */
  smtp?: SmtpEndpoint;
  direct?: DirectEndpoint;
  http?: HttpEndpoint;
  command?: CommandEndpoint;
  /** Default From header, e.g. "Acme Sales <sales@acme.example>". */
  from: string;
  /** MAIL FROM when it differs from the From address. */
  envelopeFrom?: string;
  /** DKIM selectors the route signs with, as written: "s1" (the From domain) or "domain:s1". */
  dkimSelectors: string[];
  /** Transient refusals: tries in all, and the backoff between them. */
  retry: { attempts: number; firstDelayMs: number; maxDelayMs: number };
  /** Mailbox that receives this route's bounces (DSNs), watched during the run. */
  bounces?: { imap: ImapEndpoint; folders: string[] };
}

export interface ResolvedSeed {
  id: string;
  address: string;
  /** Provider preset id (gmail, outlook, ..., imap). */
  provider: string;
  imap: ImapEndpoint;
  /** Overrides of folder detection; absent means SPECIAL-USE, then the preset, then a guess. */
  folders: { inbox?: string; spam?: string };
  /** Whose Authentication-Results to trust: the preset's, unless the seed says otherwise. */
  authservIds: string[];
  /** Sender-requirement rule sets to judge its probes against (analysis/requirements). */
  requirements: string[];
  tags: string[];
  cleanup: 'keep' | 'delete' | 'move';
  /** Folder to move found probes into when cleanup is `move`. */
  cleanupFolder?: string;
  /** Simultaneous IMAP connections landed may open to this mailbox. */
  maxConnections: number;
  /*
   * The provider preset's facts, copied here once at load: nothing downstream looks a preset up again.
   */
  /** Folder names to try when the server flags none, most likely first (the preset's). */
  folderNames: { inbox: string; spam: readonly string[] };
  /** The provider writes Authentication-Results without an authserv-id (trusted only by position). */
  authResultsWithoutId: boolean;
  /** The inbox has Gmail category tabs (read with X-GM-RAW when the server allows). */
  gmailTabs: boolean;
  /** What to check when the login is refused. */
  loginHint?: string;
}

/** `Places` (from places.ts): reportsDir, historyFile, dnsServers, with the command line's overrides applied. */
export interface ResolvedConfig extends Places {
  /** Absolute path of landed.yaml. */
  file: string;
  dir: string;
  routes: Map<string, ResolvedRoute>;
  seeds: Map<string, ResolvedSeed>;
  /** Where scenarios are read from (default: scenarios/ beside landed.yaml). */
  scenariosDir: string;
  reporters: string[];
  /** DNS blocklists for `landed dns check` (ZONE or domain:ZONE); absent: the default set. */
  blocklists?: string[];
  /** The rua mailbox `landed dmarc fetch` reads, when landed.yaml has a `dmarc:` section. */
  dmarc?: ResolvedDmarc;
  /** Every secret value (from the environment or, discouraged, from the file), for the redactor. */
  secrets: string[];
  /** What the user should fix but need not stop for (a secret written into the file). */
  warnings: string[];
}

export interface ResolvedDmarc {
  address: string;
  provider: string;
  imap: ImapEndpoint;
  folders: string[];
  alerts: { unknownMessages: number; passRateDrop: number };
}
