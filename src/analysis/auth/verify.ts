import type { AuthenticateResult, DKIMResult } from 'mailauth';
import { authenticate } from '../../dns/mailauth.ts';
import type { Resolver } from '../../dns/resolver.ts';
import { cap, LIMITS } from '../limits.ts';
import type { DkimSignatureCheck, VerifiedAuth } from '../types.ts';
import { normalizeVerdict } from './verdicts.ts';

/** The SMTP facts SPF needs, taken from the provider's trusted hop (or the run's own record). */
export interface SmtpIdentity {
  ip?: string;
  /** MAIL FROM; '' for a bounce's null sender. */
  sender?: string;
  helo?: string;
}

/** Our name in mailauth's comments ("landed: domain of ... designates ..."), stripped again from reasons. */
const MTA = 'landed';
const MAX_SIGNED_HEADERS = 40;

/** Why mailauth could not evaluate DMARC (RFC 9989 section 5.3.1), in words. */
const SKIP_REASONS: Record<string, string> = {
  'no-author-domain': 'the message has no From domain',
  'multiple-author-domains': 'the From header names more than one domain',
  'invalid-author-domain': 'the From domain is not a valid domain name',
  'multiple-from-fields': 'the message has more than one From field',
};

/**
 * Checks the message again, independently of what the receiver wrote: DKIM (every signature), SPF for the
 * sending IP and MAIL FROM of the provider's hop, DMARC (RFC 9989, mailauth 7), ARC and BIMI. mailauth is
 * given `ip` and `sender` explicitly, so it never guesses them from the first Received line.
 */
export async function verifyMessage(message: Buffer, smtp: SmtpIdentity, resolve: Resolver): Promise<{ verified: VerifiedAuth; problems: string[] }> {
  const problems: string[] = [];
  let result: AuthenticateResult;
  try {
    result = await authenticate(message, { ip: smtp.ip, sender: smtp.sender, helo: smtp.helo, mta: MTA, resolver: resolve as never });
  } catch (error) {
    problems.push(`independent verification failed: ${cap(String((error as Error)?.message ?? error), LIMITS.short)}`);
    return { verified: unverified('verification failed'), problems };
  }
  const verified: VerifiedAuth = {
    spf: spfOf(result, smtp),
    dkim: dkimOf(result.dkim.results ?? []),
    dmarc: dmarcOf(result),
    arc: result.arc ? { result: normalizeVerdict(result.arc.status.result), instances: Number(result.arc.i) || 0, ...reason(result.arc.status.comment) } : { result: 'unknown', instances: 0 },
    bimi: result.bimi ? { result: normalizeVerdict(result.bimi.status.result), ...reason(result.bimi.status.comment) } : { result: 'unknown' },
  };
  if (smtp.sender === undefined) problems.push('MAIL FROM is not known (no Return-Path): SPF was checked for the HELO name');
  return { verified, problems };
}

/** What we say when the message was not verified at all (too large, unreadable). */
export function unverified(why: string): VerifiedAuth {
  return {
    spf: { result: 'unknown', reason: why },
    dkim: { result: 'unknown', signatures: [] },
    dmarc: { result: 'unknown', reason: why },
    arc: { result: 'unknown', instances: 0, reason: why },
    bimi: { result: 'unknown', reason: why },
  };
}

function spfOf(result: AuthenticateResult, smtp: SmtpIdentity): VerifiedAuth['spf'] {
  if (!smtp.ip) return { result: 'unknown', reason: 'the sending IP is not known: no trusted Received hop names it' };
  if (!result.spf) return { result: 'unknown' };
  const spf: VerifiedAuth['spf'] = { result: normalizeVerdict(result.spf.status.result), ip: smtp.ip, ...reason(result.spf.status.comment) };
  if (result.spf.domain) spf.domain = cap(result.spf.domain, LIMITS.short);
  const lookups = result.spf.lookups;
  if (lookups) spf.lookups = { count: lookups.count, void: lookups.void, limit: lookups.limit };
  return spf;
}

function dkimOf(results: DKIMResult[]): VerifiedAuth['dkim'] {
  const signatures = results.filter((r) => r.signingDomain).slice(0, 20).map(signatureOf);
  const passing = signatures.find((s) => s.result === 'pass');
  return { result: passing ? 'pass' : signatures[0]?.result ?? 'none', signatures };
}

function signatureOf(r: DKIMResult): DkimSignatureCheck {
  const check: DkimSignatureCheck = {
    domain: cap(r.signingDomain ?? '', LIMITS.short),
    selector: cap(r.selector ?? '', LIMITS.short),
    result: normalizeVerdict(r.status.result),
    aligned: Boolean(r.status.aligned),
    ...reason(r.status.comment ?? (r.status.policy?.['dkim-rules'] ? `policy: ${r.status.policy['dkim-rules']}` : undefined)),
  };
  if (r.algo) check.algorithm = cap(r.algo, 40);
  if (r.modulusLength) check.keyBits = r.modulusLength;
  if (r.bodyHash && r.bodyHashExpecting) check.bodyHashOk = r.bodyHash === r.bodyHashExpecting;
  if (r.status.testing) check.testing = true;
  const keys = r.signingHeaders?.keys;
  if (keys) check.signedHeaders = keys.split(':').map((k) => k.trim().toLowerCase()).filter(Boolean).slice(0, MAX_SIGNED_HEADERS);
  return check;
}

function dmarcOf(result: AuthenticateResult): VerifiedAuth['dmarc'] {
  const dmarc = result.dmarc;
  if (!dmarc) {
    const skip = (result as { dmarcSkipReason?: string }).dmarcSkipReason;
    return skip ? { result: 'permerror', reason: SKIP_REASONS[skip] ?? skip } : { result: 'unknown' };
  }
  const out: VerifiedAuth['dmarc'] = {
    result: normalizeVerdict(dmarc.status.result),
    spfAligned: Boolean(dmarc.alignment?.spf?.result),
    dkimAligned: Boolean(dmarc.alignment?.dkim?.result),
    ...reason(dmarc.status.comment ?? dmarc.error),
  };
  const domain = dmarc.status.header?.from;
  if (domain) out.domain = cap(domain, LIMITS.short);
  if (dmarc.policy) out.policy = cap(dmarc.policy, 20);
  return out;
}

function reason(comment: string | undefined): { reason?: string } {
  if (!comment) return {};
  return { reason: cap(comment.replace(new RegExp(`^${MTA}: `), ''), LIMITS.short) };
}
