import { capPrintable, LIMITS } from '../limits.ts';
import type { HeaderField } from '../message/headers.ts';
import type { ArcChain, ArcSet, ReceiverVerdicts, VerifiedAuth } from '../types.ts';
import { parseAuthenticationResults } from './authres-parse.ts';

/** RFC 8617 allows 50 sets; more than that is not a chain anyone honours. */
const MAX_SETS = 50;

/**
 * The ARC chain the receiver saw (RFC 8617): each set's instance, cv, sealer and what that hop's
 * ARC-Authentication-Results said, plus whether the receiver let it override a DMARC failure. The receiver
 * says so in its own header only: Gmail's `dis=NONE` on a failing `dmarc=` (the policy was not applied),
 * Microsoft's `compauth=pass reason=130` (ARC overrode DMARC). Absent when the message has no ARC set.
 */
export function readArcChain(fields: HeaderField[], receiver: ReceiverVerdicts, verified: VerifiedAuth): ArcChain | undefined {
  const sets = new Map<number, ArcSet>();
  for (const f of fields) {
    if (f.key !== 'arc-seal') continue;
    const tags = tagList(f.value);
    const instance = Number(tags.i);
    if (!Number.isInteger(instance) || instance < 1 || instance > MAX_SETS || sets.has(instance)) continue;
    sets.set(instance, { instance, cv: clean(tags.cv ?? '?').toLowerCase(), sealer: clean(tags.d ?? '?').toLowerCase(), selector: clean(tags.s ?? '?') });
  }
  if (!sets.size) return undefined;
  for (const f of fields) {
    if (f.key !== 'arc-authentication-results') continue;
    const parsed = parseAuthenticationResults(f.value);
    const set = parsed.instance === undefined ? undefined : sets.get(parsed.instance);
    if (!set || set.authservId !== undefined) continue;
    set.authservId = clean(parsed.authservId);
    for (const method of ['spf', 'dkim', 'dmarc'] as const) {
      const found = parsed.results.filter((r) => r.method === method);
      const word = method === 'dkim' ? (found.find((r) => r.result === 'pass') ?? found[0])?.result : found[0]?.result;
      if (word) set[method] = clean(word);
    }
  }
  const ordered = [...sets.values()].sort((a, b) => a.instance - b.instance);
  const chain: ArcChain = { instances: ordered.length, receiver: receiver.arc, ours: verified.arc.result, sets: ordered };
  Object.assign(chain, overrideOf(receiver));
  return chain;
}

/** What the receiver's own header says about applying the DMARC policy in spite of a failure. */
function overrideOf(receiver: ReceiverVerdicts): Pick<ArcChain, 'honoured' | 'disposition'> {
  const own = receiver.headers.filter((h) => h.header === 'Authentication-Results').flatMap((h) => h.results);
  const compauth = own.find((r) => r.method === 'compauth');
  if (compauth && compauth.reason === '130') return { honoured: true, disposition: 'compauth reason 130' };
  const dmarc = own.find((r) => r.method === 'dmarc');
  if (!dmarc || receiver.dmarc !== 'fail') return {};
  const comment = dmarc.comments.join(' ');
  const dis = /\bdis=(\w+)/i.exec(comment)?.[1]?.toLowerCase() ?? dmarc.props['policy.dis']?.toLowerCase();
  const policy = /\bp=(\w+)/i.exec(comment)?.[1]?.toLowerCase();
  if (!dis) return {};
  const enforcing = policy === 'quarantine' || policy === 'reject';
  return { disposition: clean(dis), ...(enforcing ? { honoured: dis === 'none' } : {}) };
}

function tagList(value: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const part of value.split(';').slice(0, 20)) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim().toLowerCase();
    if (['i', 'cv', 'd', 's'].includes(key) && !(key in tags)) tags[key] = part.slice(eq + 1).replace(/\s+/g, '');
  }
  return tags;
}

function clean(value: string): string {
  return capPrintable(value, LIMITS.short);
}
