import type { Hop, PathAnalysis } from '../types.ts';
import type { InboundHop, PositionedHop } from './inbound.ts';

/**
 * The delivery path, oldest hop first, with the delay each hop added (its timestamp minus the previous
 * one's: clocks differ between hosts, so a negative delay is kept as measured and flagged).
 */
export function buildPath(received: PositionedHop[], inbound: InboundHop, problems: string[]): PathAnalysis {
  const hops: Hop[] = received.map((p) => ({ ...p.hop })).reverse();
  let previous: number | undefined;
  let skewed = 0;
  for (const hop of hops) {
    const time = hop.date ? Date.parse(hop.date) : undefined;
    if (time !== undefined && previous !== undefined) {
      hop.delayMs = time - previous;
      if (hop.delayMs < 0) skewed++;
    }
    if (time !== undefined) previous = time;
  }
  if (skewed) problems.push(`${skewed} hop(s) are timestamped before the previous one: the hosts' clocks disagree`);
  const path: PathAnalysis = { hops };
  const dated = hops.filter((h) => h.date).map((h) => Date.parse(h.date!));
  if (dated.length >= 2) path.totalTransitMs = dated[dated.length - 1] - dated[0];
  let slowest = -1;
  hops.forEach((h, i) => { if (h.delayMs !== undefined && (slowest < 0 || h.delayMs > hops[slowest].delayMs!)) slowest = i; });
  if (slowest >= 0) path.slowestHop = slowest;
  if (inbound.at !== undefined) path.receiverHop = hops.length - 1 - inbound.at;
  if (inbound.ip) path.sendingIp = inbound.ip;
  if (inbound.source) path.sendingIpSource = inbound.source;
  return path;
}
