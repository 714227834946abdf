import type { HeaderField } from '../message/headers.ts';
import { ipsIn, asIp } from '../hops/ip.ts';
import type { AuthResultsHeader, MethodResult, ReceiverVerdicts } from '../types.ts';
import { readSpamHints } from './spam-hints.ts';
import type { ReceivedPosition, TrustSelection } from './trust.ts';
import { normalizeVerdict } from './verdicts.ts';

type Check = 'spf' | 'dkim' | 'dmarc' | 'arc';
const CHECKS: Check[] = ['spf', 'dkim', 'dmarc', 'arc'];

/**
 * What the receiving provider concluded, from its own Authentication-Results only (never its ARC set,
 * never anyone else's). A check it did not write about is `unknown`, not `none`.
 * DKIM: pass when any signature passed, else the first result (several signatures are common).
 */
export function readReceiverVerdicts(selection: TrustSelection, fields: HeaderField[], received: ReceivedPosition[]): ReceiverVerdicts {
  const own = selection.trusted.filter((h) => h.header === 'Authentication-Results');
  const results = own.flatMap((h) => h.results);
  const words: NonNullable<ReceiverVerdicts['words']> = {};
  for (const check of CHECKS) {
    const found = results.filter((r) => r.method === check);
    const word = check === 'dkim' ? (found.find((r) => r.result === 'pass') ?? found[0])?.result : found[0]?.result;
    if (word !== undefined) words[check] = word;
  }
  const spamHints = readSpamHints(fields);
  const compauth = results.find((r) => r.method === 'compauth');
  if (compauth?.reason) spamHints['microsoft.compauthReason'] = compauth.reason;
  const action = results.find((r) => r.method === 'dmarc')?.props.action;
  if (action) spamHints['dmarc.action'] = action;
  const verdicts: ReceiverVerdicts = {
    spf: normalizeVerdict(words.spf),
    dkim: normalizeVerdict(words.dkim),
    dmarc: normalizeVerdict(words.dmarc),
    arc: normalizeVerdict(words.arc),
    spamHints,
    headers: selection.trusted,
    ignored: selection.ignored,
    words,
  };
  if (own[0]?.authservId) verdicts.authservId = own[0].authservId;
  if (compauth) verdicts.compauth = compauth.result;
  const ip = stated(results) ?? receivedSpfIp(fields, own, received);
  if (ip) verdicts.ip = ip;
  return verdicts;
}

/** The client IP the receiver names in its verdict: smtp.remote-ip, iprev, or the SPF comment. */
function stated(results: MethodResult[]): string | undefined {
  for (const r of results) {
    const ip = asIp(r.props['smtp.remote-ip']) ?? asIp(r.props['policy.iprev']) ?? (r.method === 'iprev' ? asIp(r.props['smtp.client-ip']) : undefined);
    if (ip) return ip;
  }
  const spf = results.find((r) => r.method === 'spf');
  return spf ? spf.comments.flatMap(ipsIn)[0] : undefined;
}

/** client-ip= of the Received-SPF the receiver wrote next to its verdict (before the second Received below it). */
function receivedSpfIp(fields: HeaderField[], own: AuthResultsHeader[], received: ReceivedPosition[]): string | undefined {
  if (!own.length) return undefined;
  const top = own[0].position;
  const limit = received.filter((r) => r.index > top)[1]?.index ?? Infinity;
  const field = fields.find((f) => f.key === 'received-spf' && f.index < limit);
  return field ? asIp(field.value.match(/client-ip=\s*"?([0-9a-fA-F:.]+)/i)?.[1]) : undefined;
}
