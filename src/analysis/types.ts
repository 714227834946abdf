/**
 * What analysis says about one captured message. Every field is plain data (JSON-safe): it is written into
 * results.json, read back by reporters and the history, and compared across runs.
 * Strings taken from the message itself are capped and must be escaped by whoever renders them.
 */

/** RFC 8601 result values, plus what we say when we could not tell. */
export type AuthResult =
  | 'pass'
  | 'fail'
  | 'softfail'
  | 'neutral'
  | 'none'
  | 'temperror'
  | 'permerror'
  | 'policy'
  | 'bestguesspass'
  | 'unknown';

/** One method result inside an Authentication-Results header, e.g. `dkim=pass header.d=acme.test`. */
export interface MethodResult {
  method: string; // spf | dkim | dmarc | arc | compauth | bimi | iprev | auth | ...
  result: string; // lower-cased as written; normalised verdicts are in ReceiverVerdicts
  reason?: string;
  /** ptype.property -> value, e.g. { 'header.d': 'acme.test', 'smtp.mailfrom': 'bounce@acme.test' } */
  props: Record<string, string>;
  /** Parenthesised comments, e.g. Microsoft's `(sender IP is 192.0.2.1)`. */
  comments: string[];
}

export interface AuthResultsHeader {
  /** `Authentication-Results` or `ARC-Authentication-Results` */
  header: string;
  authservId: string;
  /** ARC instance (i=) for ARC-Authentication-Results. */
  instance?: number;
  results: MethodResult[];
  /** 0 = topmost header of the message. */
  position: number;
  /** Added by the seed's own provider (trusted) or brought in by the sender / an earlier hop (foreign). */
  trusted: boolean;
  /** Why it was (not) trusted, for the report. */
  trustReason: string;
}

/** The receiving provider's verdicts, from its own header only. */
export interface ReceiverVerdicts {
  authservId?: string;
  spf: AuthResult;
  dkim: AuthResult;
  dmarc: AuthResult;
  arc: AuthResult;
  /** Microsoft composite authentication, when present. */
  compauth?: string;
  /** Spam hints: Microsoft SCL/SFV, Yahoo/Gmail hints, rspamd score. */
  spamHints: Record<string, string>;
  headers: AuthResultsHeader[];
  /** Authentication-Results headers that were ignored (foreign authserv-id or below the provider's hop). */
  ignored: AuthResultsHeader[];
}

export interface DkimSignatureCheck {
  domain: string;
  selector: string;
  algorithm?: string;
  keyBits?: number;
  result: AuthResult;
  /** Body hash matched (false: body modified in transit). */
  bodyHashOk?: boolean;
  aligned: boolean;
  reason?: string;
}

/** Our own verdicts, computed with mailauth against the resolver we were given. */
export interface VerifiedAuth {
  spf: { result: AuthResult; domain?: string; ip?: string; lookups?: { count: number; void: number; limit: number }; reason?: string };
  dkim: { result: AuthResult; signatures: DkimSignatureCheck[] };
  dmarc: {
    result: AuthResult;
    domain?: string;
    policy?: string;
    spfAligned?: boolean;
    dkimAligned?: boolean;
    reason?: string;
  };
  arc: { result: AuthResult; instances: number; reason?: string };
  bimi: { result: AuthResult; reason?: string };
}

export interface Disagreement {
  check: 'spf' | 'dkim' | 'dmarc' | 'arc';
  receiver: AuthResult;
  ours: AuthResult;
  /** A plausible cause, in plain words. */
  explanation: string;
}

export interface Hop {
  from?: string;
  fromIp?: string;
  by?: string;
  with?: string;
  tls: boolean;
  date?: string; // ISO
  /** ms since the previous (older) hop; undefined when a date is missing. */
  delayMs?: number;
}

export interface PathAnalysis {
  /** Oldest first. */
  hops: Hop[];
  totalTransitMs?: number;
  slowestHop?: number; // index into hops
  sendingIp?: string;
  ptr?: { names: string[]; forwardConfirmed: boolean; result: AuthResult };
}

export interface RequirementCheck {
  id: string; // e.g. 'gmail.spf-or-dkim'
  provider: string; // gmail | yahoo | outlook | icloud | gmx | webde | t-online
  appliesTo: 'all' | 'bulk';
  description: string;
  source: string; // URL or document name of the published rule
  status: 'pass' | 'fail' | 'unknown' | 'not-applicable';
  detail?: string;
}

export interface MessageAnalysis {
  receiver: ReceiverVerdicts;
  verified: VerifiedAuth;
  disagreements: Disagreement[];
  path: PathAnalysis;
  requirements: RequirementCheck[];
  /** One plain-language line per problem found, most important first. Empty when everything passed. */
  reasons: string[];
  /** What could not be read (broken header, missing date...), so a report never silently omits. */
  problems: string[];
}
