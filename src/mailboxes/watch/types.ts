import type { GmailTab } from '../gmail-tabs.ts';
import type { WatchTiming } from './timing.ts';

/** A probe found in a seed mailbox, handed to the run (which saves `raw`). */
export interface FoundProbe {
  token: string;
  seedId: string;
  folder: string;
  placement: 'inbox' | 'spam';
  /** Gmail inbox tab, for Gmail seeds whose server speaks X-GM-EXT-1. */
  tab?: GmailTab;
  uid: number;
  /** IMAP INTERNALDATE: when the server stored it. */
  internalDate: Date;
  /** When the watcher recognised it. */
  detectedAt: Date;
  /** When the server's untagged EXISTS announcing it reached landed (else when the search that found it began). */
  noticedAt: Date;
  /** The message as stored, cut at the size cap. */
  raw: Buffer;
  truncated: boolean;
  /** A further copy of a token already found (a duplicate delivery); its `raw` is empty. */
  copy?: boolean;
}

/** A delivery status notification matched to a probe by its token. */
export interface FoundBounce {
  token: string;
  /** SMTP reply code, e.g. 550. */
  code?: number;
  /** Enhanced status code, e.g. 5.7.26. */
  status?: string;
  diagnostic: string;
  reportingMta?: string;
  remoteMta?: string;
  recipient?: string;
  /** Message-IDs the notification returns (see bounces/trust.ts). */
  messageIds?: string[];
  /** INTERNALDATE of the notification. */
  receivedAt: Date;
}

export interface WatchProblem {
  /** Fatal: this mailbox cannot be watched any more (its probes are errors); otherwise informational. */
  fatal: boolean;
  /** Already free of secrets. */
  message: string;
}

export interface WatchOptions {
  /** Start of the run: older messages are not looked at. */
  since: Date;
  /** Tokens to wait for; the watch ends by itself once all are found. */
  tokens: Iterable<string>;
  signal: AbortSignal;
  onProblem(problem: WatchProblem & { seedId: string }): void;
  log?(message: string): void;
  /**
   * Keep watching once every token is found and report each further copy of a found token (`copy: true`):
   * a message delivered twice. The watch then ends only when stopped.
   */
  copies?: boolean;
  /** Overrides of the default clocks (tests, the lab). */
  timing?: Partial<WatchTiming>;
}

/** A running watch of one mailbox. */
export interface SeedWatch {
  /** More tokens to wait for. Add them before sending: the watch does not go back for mail it already passed. */
  add(tokens: Iterable<string>): void;
  /** Stops watching and resolves when every connection is closed. */
  stop(): Promise<void>;
  /** Resolves when the watch ended (all found, aborted, or a fatal problem); never rejects. */
  readonly done: Promise<void>;
  /**
   * Resolves once the mailbox was logged into and its folders found, or the watch ended first (a refused
   * login is then already reported as a fatal problem); never rejects. Absent: ready at once.
   */
  readonly ready?: Promise<void>;
}
