import { matchesAuthservId } from '../auth/authserv-match.ts';
import type { AuthResultsHeader, Hop } from '../types.ts';
import { isPrivateIp } from './ip.ts';

/** A Received field read into a hop, with its place in the header (0 = topmost). */
export interface PositionedHop { index: number; hop: Hop }

export interface InboundHop {
  /** Position in the received list (newest first) of the provider's inbound hop. */
  at?: number;
  /** The sending IP: the inbound hop's client address, else the IP the receiver names. */
  ip?: string;
  /** How it was found, for the report. */
  source?: string;
}

/**
 * Finds the Received field the provider wrote when it accepted the message: its client IP is the one SPF
 * is about. Not blindly the first Received with a `from` (at big providers that is an internal hop): of
 * the two hops around the provider's verdict, the one whose client is the IP the verdict names, else the
 * one with a public client address written by one of the provider's hosts.
 */
export function locateInboundHop(received: PositionedHop[], own: AuthResultsHeader[], receiverIp: string | undefined, hostPatterns: string[]): InboundHop {
  const verdicts = own.filter((h) => h.header === 'Authentication-Results');
  const bySelf = (p: PositionedHop) => p.hop.by !== undefined && matchesAuthservId(p.hop.by, hostPatterns);
  const external = (p: PositionedHop) => p.hop.from !== undefined && !matchesAuthservId(p.hop.from, hostPatterns);
  let at = -1;
  let source = '';
  if (verdicts.length) {
    const first = verdicts[0].position;
    const last = verdicts[verdicts.length - 1].position;
    // Providers put their verdict above their inbound Received (Microsoft, GMX) or below it (Gmail, iCloud).
    const near = [received.findIndex((p) => p.index > last), findLastIndex(received, (p) => p.index < first)].filter((i) => i >= 0);
    const score = (p: PositionedHop) => (receiverIp && p.hop.fromIp === receiverIp ? 16 : 0)
      + (external(p) ? 4 : 0) + (p.hop.fromIp && !isPrivateIp(p.hop.fromIp) ? 2 : 0) + (bySelf(p) ? 1 : 0);
    const best = near.reduce((a, b) => (score(received[b]) > score(received[a]) ? b : a), near[0] ?? -1);
    const named = receiverIp ? received.findIndex((p) => p.hop.fromIp === receiverIp) : -1;
    if (best >= 0 && receiverIp && received[best].hop.fromIp === receiverIp) { at = best; source = 'the provider\'s Received hop whose client is the IP its verdict names'; }
    else if (named >= 0) { at = named; source = 'the Received hop whose client is the IP the provider\'s verdict names'; }
    else if (best >= 0) { at = best; source = 'the Received hop next to the provider\'s verdict'; }
  } else {
    at = received.findIndex((p) => bySelf(p) && external(p));
    if (at >= 0) source = 'the newest Received hop written by the provider\'s hosts from outside';
  }
  if (at >= 0 && received[at].hop.fromIp) return { at, ip: received[at].hop.fromIp, source };
  if (receiverIp) return { ...(at >= 0 ? { at } : {}), ip: receiverIp, source: 'the IP the provider\'s verdict names' };
  return at >= 0 ? { at, source } : {};
}

function findLastIndex<T>(items: T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}
