import { cap, LIMITS } from '../limits.ts';
import type { HeaderField } from '../message/headers.ts';
import type { AuthResultsHeader } from '../types.ts';
import { parseAuthenticationResults } from './authres-parse.ts';
import { matchesAuthservId, receiverHostPatterns } from './authserv-match.ts';

/** A Received field's place in the header and the host that wrote it. */
export interface ReceivedPosition { index: number; by?: string }

export interface TrustOptions {
  /** The provider's authserv-ids (exact or `*.suffix`); empty: trust the topmost Authentication-Results. */
  authservIds: readonly string[];
  /** The provider writes Authentication-Results without an authserv-id (Microsoft). */
  authResultsWithoutId?: boolean;
  /** Host names (exact or `*.suffix`) of the provider's MTAs, to find its first Received hop. */
  receiverHosts?: readonly string[];
}

export interface TrustSelection {
  /** The receiver's own Authentication-Results (and its ARC-Authentication-Results), topmost first. */
  trusted: AuthResultsHeader[];
  ignored: AuthResultsHeader[];
  /** How the receiver was recognised, when that is worth saying (no provider given...). */
  notes: string[];
}

const RENAMED = new Set(['authentication-results-original', 'x-original-authentication-results']);
const FAMILY = new Set(['authentication-results', 'arc-authentication-results', ...RENAMED]);

/**
 * Decides which Authentication-Results the receiving provider wrote. The receiver's verdict is the topmost
 * field with one of its authserv-ids, together with the fields of the same id that the same hop added next
 * to it (no Received field in between: iCloud, Fastmail and Proton write one per method). Anything else is
 * ignored and says why: another authserv-id (a sender's forgery, an earlier hop), the same id further down
 * (an earlier hop of the same provider, or a forgery the provider did not remove), or a renamed copy.
 */
export function selectTrustedHeaders(fields: HeaderField[], received: ReceivedPosition[], options: TrustOptions): TrustSelection {
  const notes: string[] = [];
  const family = fields.filter((f) => FAMILY.has(f.key));
  if (family.length > LIMITS.authResultsHeaders) notes.push(`more than ${LIMITS.authResultsHeaders} Authentication-Results headers: the rest were not read`);
  const headers = family.slice(0, LIMITS.authResultsHeaders).map(toHeader);
  const plain = headers.filter((h) => h.header === 'Authentication-Results');
  let ids = [...options.authservIds];
  let withoutId = options.authResultsWithoutId ?? false;
  if (!ids.length && !withoutId && plain.length) {
    const top = plain[0];
    if (top.authservId) ids = [top.authservId]; else withoutId = true;
    notes.push(`no provider given: the topmost Authentication-Results (${top.authservId || 'without authserv-id'}) is taken as the receiver's`);
  }
  const isCandidate = (h: AuthResultsHeader) => (h.authservId ? matchesAuthservId(h.authservId, ids) : withoutId || matchesAuthservId(effectiveId(h, received), ids));
  const boundary = firstHopBoundary(received, receiverHostPatterns(ids, options.receiverHosts));
  const candidates = plain.filter(isCandidate);
  const aboveBoundary = candidates.filter((h) => boundary === undefined || h.position < boundary.index);
  const pool = aboveBoundary.length ? aboveBoundary : candidates;
  const top = pool[0];
  for (const h of plain) {
    if (h === top || (top && pool.includes(h) && !receivedBetween(received, top.position, h.position))) {
      trust(h, trustReason(h, boundary, aboveBoundary.length > 0));
    } else if (!isCandidate(h)) {
      ignore(h, 'other-host', h.authservId ? `authserv-id ${h.authservId} is not this provider's (${ids.join(', ') || 'none'})` : 'no authserv-id, and this provider writes one');
    } else if (boundary && h.position > boundary.index && aboveBoundary.length) {
      ignore(h, 'other-host', `below the provider's first Received hop (by ${boundary.by}): added before the message reached the provider`);
    } else {
      ignore(h, 'other-host', 'same authserv-id as the provider, but a Received hop separates it from the provider\'s verdict: added by an earlier hop or by the sender');
    }
  }
  for (const h of headers.filter((x) => x.header !== 'Authentication-Results' && x.header !== 'ARC-Authentication-Results')) {
    ignore(h, 'renamed', `${h.header}: a renamed copy of an earlier hop's verdict`);
  }
  selectArc(headers, ids, top);
  return {
    trusted: headers.filter((h) => h.trusted),
    ignored: headers.filter((h) => !h.trusted),
    notes,
  };
}

function toHeader(field: HeaderField): AuthResultsHeader {
  const parsed = parseAuthenticationResults(field.value);
  const header = field.key === 'authentication-results' ? 'Authentication-Results'
    : field.key === 'arc-authentication-results' ? 'ARC-Authentication-Results'
    : cap(field.name, 64);
  const h: AuthResultsHeader = { header, authservId: parsed.authservId, results: parsed.results, position: field.index, trusted: false, trustReason: '' };
  if (parsed.instance !== undefined) h.instance = parsed.instance;
  if (parsed.problems.length) h.problems = parsed.problems;
  return h;
}

function trust(h: AuthResultsHeader, reason: string): void {
  h.trusted = true;
  h.origin = 'receiver';
  h.trustReason = reason;
}

function ignore(h: AuthResultsHeader, origin: NonNullable<AuthResultsHeader['origin']>, reason: string): void {
  h.trusted = false;
  h.origin = origin;
  h.trustReason = reason;
}

function trustReason(h: AuthResultsHeader, boundary: ReceivedPosition | undefined, placedAbove: boolean): string {
  const who = h.authservId ? `authserv-id ${h.authservId} is this provider's` : 'written without authserv-id, as this provider does';
  if (!boundary) return `${who}; topmost such header`;
  return placedAbove
    ? `${who}; above the provider's first Received hop (by ${boundary.by})`
    : `${who}; placed below the sender's Received hops (trusted by authserv-id alone: the provider is expected to remove forged copies)`;
}

/** An Authentication-Results without authserv-id stands for the host of the Received field right below it. */
function effectiveId(h: AuthResultsHeader, received: ReceivedPosition[]): string {
  return received.find((r) => r.index > h.position)?.by ?? '';
}

/**
 * The Received field right below the oldest hop written by the provider's hosts: whatever sits below it
 * was in the message before the provider received it.
 */
function firstHopBoundary(received: ReceivedPosition[], hostPatterns: string[]): ReceivedPosition | undefined {
  let oldest = -1;
  received.forEach((r, i) => { if (r.by && matchesAuthservId(r.by, hostPatterns)) oldest = i; });
  if (oldest < 0) return undefined;
  const below = received[oldest + 1];
  return below ? { index: below.index, by: received[oldest].by } : undefined;
}

function receivedBetween(received: ReceivedPosition[], a: number, b: number): boolean {
  const [low, high] = a < b ? [a, b] : [b, a];
  return received.some((r) => r.index > low && r.index < high);
}

/**
 * The receiver's own ARC set is the highest instance, placed above its verdict (providers seal after
 * checking); with no verdict to anchor it, one written with the receiver's authserv-id. A set below the
 * verdict came with the message (iCloud does not seal; the Zoho set under its verdict is the sender's).
 */
function selectArc(headers: AuthResultsHeader[], ids: string[], top: AuthResultsHeader | undefined): void {
  const arc = headers.filter((h) => h.header === 'ARC-Authentication-Results');
  const highest = Math.max(0, ...arc.map((h) => h.instance ?? 0));
  for (const h of arc) {
    const placed = top ? h.position < top.position : matchesAuthservId(h.authservId, ids);
    const own = h.instance === highest && placed;
    if (own) trust(h, `the receiver's own ARC set (i=${h.instance})`);
    else ignore(h, 'arc-earlier', `ARC set i=${h.instance ?? '?'} by ${h.authservId || 'an unnamed host'}: an earlier hop's results, sealed in the ARC chain`);
  }
}
