/**
 * results.json, version 1: what one run found, per probe. This is the contract between the run and
 * everything after it (reporters, history, merge, dns plan). Documented in docs/results.md; change it only
 * by bumping `schemaVersion`.
 */
import type { AuthResult, MessageAnalysis } from '../analysis/types.ts';
import type { ScenarioContent } from '../content/types.ts';
import type { UnsubscribeCheck } from '../content/unsubscribe.ts';
import type { ProbeIdentity } from '../plan/probe.ts';

export type { ProbeIdentity } from '../plan/probe.ts';

export const RESULTS_SCHEMA_VERSION = 1;

export type Placement = 'inbox' | 'spam' | 'rejected' | 'missing' | 'error' | 'interrupted';

/** What the route's SMTP server answered, after retries. */
export interface SmtpOutcome {
  /** Final reply code (250 accepted, 4xx/5xx refused); absent when no reply was received. */
  code?: number;
  /** Enhanced status code, e.g. 5.7.26, when the server gave one. */
  status?: string;
  response?: string;
  /** Queue id the route reported on acceptance, when it says one. */
  queueId?: string;
  attempts: number;
  /** One line per failed attempt, oldest first: "451 4.7.1 greylisted, retried after 2s". */
  retries: string[];
  acceptedAt?: string; // ISO
}

/** A delivery status notification matched to the probe (RFC 3464, or a provider's own bounce format). */
export interface BounceOutcome {
  code?: number;
  status?: string; // 5.7.26
  diagnostic: string;
  reportingMta?: string;
  remoteMta?: string;
  receivedAt: string; // ISO
  /** Set when the notification was not trusted (forged or someone else's): why. It then decides nothing. */
  untrusted?: string;
}

export interface ExpectationOutcome {
  /** What was checked: placement, spf, dkim, dmarc, maxLatency... */
  check: string;
  expected: string; // "inbox" or "spam|rejected"
  actual: string;
  ok: boolean;
}


/** A finding about the probe itself, most serious first: a forged mail in an inbox is `critical`. */
export interface ProbeFinding {
  severity: 'critical' | 'warning';
  /** Stable across runs: `drill:spoof-inbox`. */
  key: string;
  text: string;
  /** What to change, one step per line. */
  fix?: string[];
}

/** A further copy of a probe that arrived (the first is the probe's own folder and receivedAt). */
export interface DuplicateCopy {
  folder: string;
  placement: 'inbox' | 'spam';
  /** INTERNALDATE of the copy. */
  receivedAt: string;
  /** When landed saw it. */
  detectedAt: string;
}

export interface ProbeResult extends ProbeIdentity {
  placement: Placement;
  /** MAIL FROM the probe was sent with (envelope sender; '' is the null sender). */
  envelopeFrom?: string;
  /** The address of the From header it was sent with. */
  from?: string;
  /** IMAP folder the probe was found in. */
  folder?: string;
  /** Gmail category tab, when the seed is a Gmail inbox. */
  tab?: 'primary' | 'promotions' | 'updates' | 'social' | 'forums';
  smtp: SmtpOutcome;
  bounce?: BounceOutcome;
  /** IMAP INTERNALDATE of the found message. */
  receivedAt?: string;
  /** SMTP acceptance -> arrival in the mailbox (INTERNALDATE), in ms. */
  latencyMs?: number;
  /**
   * landed's own share of the detection, by its own clock: the server's untagged EXISTS announcing the
   * message (or the search that found it) -> the probe on disk in the journal, in ms. Absent when resumed.
   */
  detectionMs?: number;
  /** The receiver's own verdicts (from its trusted Authentication-Results). */
  auth: { spf: AuthResult; dkim: AuthResult; dmarc: AuthResult; arc?: AuthResult };
  analysis?: MessageAnalysis;
  /** Raw message as found, relative to the run directory. */
  messageFile?: string;
  /** Why the placement is `error` or `missing`, or what else went wrong (already redacted). */
  error?: string;
  notes: string[];
  expectations: ExpectationOutcome[];
  /** `landed run --unsubscribe-check`, bulk scenarios: the RFC 8058 one-click POST and what it got. */
  unsubscribe?: UnsubscribeCheck;
  /** Drill scenarios: what the probe's outcome means (a forged mail in an inbox). */
  findings?: ProbeFinding[];
  /** Application routes (http, command): each stage with its time, as the application reported it. */
  stages?: Array<{ stage: string; at: string }>;
  /** Copies beyond the first, when the probe arrived more than once. */
  duplicates?: DuplicateCopy[];
}

export type RunStatus = 'passed' | 'failed' | 'interrupted';

export interface RunResult {
  schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  runId: string;
  startedAt: string;
  finishedAt: string;
  status: RunStatus;
  /** Set when this file holds one shard of a run. */
  shard?: { index: number; total: number };
  /** Absolute-free description of what ran: config file name, scenario names. */
  config: { file: string; scenarios: string[]; routes: string[]; seeds: string[] };
  probes: ProbeResult[];
  /** Each scenario's message scored by a content filter before sending (`landed score`); absent in older files. */
  content?: ScenarioContent[];
}
