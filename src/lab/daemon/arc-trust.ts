import type { LabMailHost } from '../world.ts';
import type { Verdicts } from './policy.ts';

/** The parts of mailauth's ARC result this reads. */
export interface ArcOutcome {
  status?: { result?: string };
  authenticationResults?: { dmarc?: { result?: string } };
}

export interface ArcDecision {
  honoured: boolean;
  /** d= of the newest ARC-Seal, when there is a chain. */
  sealer?: string;
  why: string;
}

/**
 * Whether a receiver lets an ARC chain override a DMARC failure (RFC 8617 section 7.2): only when the chain
 * validates, the newest sealer is one it trusts, and that sealer saw DMARC pass. This is what Gmail and
 * Microsoft do for forwarders they know; a receiver that trusts nobody (the lab's bulk and isp) never does.
 */
export function arcDecision(host: LabMailHost, verdicts: Verdicts, arc: ArcOutcome | false, raw: Buffer): ArcDecision | undefined {
  if (verdicts.dmarc !== 'fail') return undefined;
  const sealer = newestSealer(raw);
  if (!arc || !sealer) return undefined;
  if (arc.status?.result !== 'pass') return { honoured: false, sealer, why: `arc=${arc.status?.result ?? 'none'}` };
  if (!host.arcTrust?.includes(sealer)) return { honoured: false, sealer, why: `sealer ${sealer} not trusted` };
  const seen = arc.authenticationResults?.dmarc?.result;
  if (seen !== 'pass') return { honoured: false, sealer, why: `${sealer} saw dmarc=${seen ?? 'none'}` };
  return { honoured: true, sealer, why: `trusted sealer ${sealer} saw dmarc=pass` };
}

/**
 * Writes the disposition into the DMARC result's comment, as Gmail does (`dmarc=fail (p=QUARANTINE dis=NONE)`):
 * `dis=NONE` when the policy was not applied (ARC honoured), else the policy applied.
 */
export function withDisposition(authResults: string, verdicts: Verdicts, decision: ArcDecision | undefined): string {
  if (verdicts.dmarc !== 'fail' || !verdicts.dmarcPolicy) return authResults;
  const dis = decision?.honoured ? 'NONE' : verdicts.dmarcPolicy.toUpperCase();
  return authResults.replace(/(dmarc=fail \([^)]*)\)/, `$1 dis=${dis})`);
}

/** d= of the ARC-Seal with the highest i=. */
function newestSealer(raw: Buffer): string | undefined {
  const end = raw.indexOf('\r\n\r\n');
  const header = raw.subarray(0, end >= 0 ? end : Math.min(raw.length, 256 * 1024)).toString('utf8').replace(/\r\n[ \t]+/g, ' ');
  let best: { i: number; d: string } | undefined;
  for (const [, value] of header.matchAll(/^arc-seal:(.*)$/gim)) {
    const i = Number(/(?:^|;)\s*i\s*=\s*(\d+)/.exec(value)?.[1]);
    const d = /(?:^|;)\s*d\s*=\s*([^;\s]+)/.exec(value)?.[1]?.toLowerCase();
    if (d && Number.isFinite(i) && (!best || i > best.i)) best = { i, d };
  }
  return best?.d;
}
