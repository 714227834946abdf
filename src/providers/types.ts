/**
 * A mailbox provider preset: what `provider: gmail` in landed.yaml stands for. Presets are data (one file
 * per provider in this folder); every value can be overridden per seed in landed.yaml.
 */
export type Security = 'tls' | 'starttls' | 'none';

export interface ProviderPreset {
  id: string;
  name: string;
  /** Where its IMAP service is; absent for the generic `imap` preset (the seed must say). */
  imap?: { host: string; port: number; security: Security };
  /** How a seed can log in. */
  auth: Array<'password' | 'app-password' | 'oauth2'>;
  oauth2?: { flavor: 'google' | 'microsoft'; tokenUrl: string; scope: string };
  /** Folder names to try when the server gives no SPECIAL-USE flag, most likely first (all languages). */
  folders: { inbox: string; spam: string[] };
  /**
   * authserv-ids whose Authentication-Results this provider writes. Exact names, or `*.suffix` for a
   * family of hosts (Microsoft writes its front-end host name).
   */
  authservIds: string[];
  /** Simultaneous IMAP connections allowed per account (Gmail: 15, shared with every client). */
  maxConnections?: number;
  /** Typical delivery delay worth waiting for before calling a probe missing, in ms. */
  typicalDelayMs?: number;
  /** Inbox is split into category tabs readable with X-GM-RAW (Gmail). */
  gmailTabs?: boolean;
  /** Which sender-requirements rules apply (analysis/requirements), e.g. 'gmail', 'yahoo'. */
  requirements?: string;
  /**
   * Writes Authentication-Results without an authserv-id (Microsoft: `spf=pass (sender IP is ...) ...`), so
   * such a header can only be trusted by its position (added by the provider's own last hop).
   */
  authResultsWithoutId?: boolean;
  /** What to check when the login is refused (app passwords, where IMAP access is switched on). */
  loginHint?: string;
  /** Pitfalls a user should know, shown by `landed providers`. */
  notes?: string[];
}
