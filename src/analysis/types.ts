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
  /**
   * Who wrote it: the receiving provider, another host (a sender's forgery or an earlier hop), a renamed
   * copy (Authentication-Results-Original, X-Original-Authentication-Results), or an earlier ARC set.
   */
  origin?: 'receiver' | 'other-host' | 'renamed' | 'arc-earlier';
  /** Where the value departs from RFC 8601 (it was read anyway, as far as it goes). */
  problems?: string[];
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
  /** The verdict words exactly as the receiver wrote them (`bestguesspass`, `timeout`...); absent = not written. */
  words?: { spf?: string; dkim?: string; dmarc?: string; arc?: string };
  /** The client IP the receiver says it checked (from its own Authentication-Results or Received-SPF). */
  ip?: string;
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
  /** Header fields the signature covers (h=), lower-cased. */
  signedHeaders?: string[];
  /** The key record has t=y: the domain is testing DKIM. */
  testing?: boolean;
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
  /** Index into hops of the provider's own inbound hop (the one whose client IP is the sender's). */
  receiverHop?: number;
  /** How the sending IP was found, in plain words. */
  sendingIpSource?: string;
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

/** What the message says about itself, for the report (decoded and capped; escape when rendering). */
export interface MessageSummary {
  from?: string;
  fromDomain?: string;
  subject?: string;
  date?: string;
  messageId?: string;
  /** MAIL FROM as the provider recorded it (Return-Path); '' for a bounce's null sender. */
  returnPath?: string;
  sizeBytes: number;
}

/** One ARC set (RFC 8617) as found in the message: who sealed it and what that hop had seen. */
export interface ArcSet {
  instance: number;
  /** cv= of its ARC-Seal: none (first set), pass, fail. */
  cv: string;
  /** d= of its ARC-Seal: the domain of whoever sealed (a forwarder, a list). */
  sealer: string;
  selector: string;
  /** authserv-id of its ARC-Authentication-Results and the verdicts that hop recorded. */
  authservId?: string;
  spf?: string;
  dkim?: string;
  dmarc?: string;
}

/** The ARC chain the receiver saw, and whether it let the chain override a DMARC failure. */
export interface ArcChain {
  instances: number;
  /** The receiver's arc= verdict, and ours. */
  receiver: AuthResult;
  ours: AuthResult;
  /** Oldest first. */
  sets: ArcSet[];
  /** true: the receiver did not apply a failing DMARC policy (dis=none, compauth reason 130); false: it did. Absent: it did not say. */
  honoured?: boolean;
  /** The disposition the receiver wrote (`none`, `quarantine`, `reject`, or `compauth reason 130`). */
  disposition?: string;
}

/** Signs that the message reached the seed through someone else (a forwarder, a mailing list). */
export interface Forwarding {
  /** Who forwarded: the first ARC sealer, the list's List-Id, or the domain of the rewritten envelope sender. */
  by: string;
  evidence: string[];
}

export interface MessageAnalysis {
  receiver: ReceiverVerdicts;
  verified: VerifiedAuth;
  /** Present when the message carries ARC sets. */
  arc?: ArcChain;
  /** Present when the message was forwarded on its way (ARC sets, a List-Id, a rewritten envelope sender). */
  forwarded?: Forwarding;
  disagreements: Disagreement[];
  path: PathAnalysis;
  requirements: RequirementCheck[];
  /** One plain-language line per problem found, most important first. Empty when everything passed. */
  reasons: string[];
  /** What could not be read (broken header, missing date...), so a report never silently omits. */
  problems: string[];
  message?: MessageSummary;
}
