import type { MessageAnalysis } from '../types.ts';
import type { MessageFinding } from './findings.ts';

/**
 * A DMARC failure caused by forwarding, said as such: the forwarder re-sent from an address that is not in
 * the sender's SPF, so only an aligned DKIM signature could have carried DMARC, and none did. With the ARC
 * chain the receiver saw, and whether it honoured it.
 */
export function forwardingFinding(a: Omit<MessageAnalysis, 'reasons'>): MessageFinding[] {
  const f = a.forwarded;
  const failed = a.verified.dmarc.result === 'fail' || a.receiver.dmarc === 'fail';
  if (!f || !failed) return [];
  const from = a.verified.dmarc.domain ?? a.message?.fromDomain ?? 'the From domain';
  const aligned = a.verified.dkim.signatures.filter((s) => s.aligned || s.domain === from);
  const dkim = !aligned.length
    ? `no DKIM signature of ${from} was there to carry it`
    : aligned.some((s) => s.bodyHashOk === false)
      ? `the DKIM signature of ${from} broke because the message was changed on the way (a list footer or Subject tag)`
      : `the DKIM signature of ${from} does not pass`;
  const parts = [`DMARC fails for ${from} because ${f.by} forwarded the message (${f.evidence.join('; ')}): SPF cannot pass for ${from} from a forwarder's address, and ${dkim}`];
  const arc = a.arc;
  if (arc) {
    const first = arc.sets[0];
    const saw = first.dmarc ? `, which saw dmarc=${first.dmarc}` : '';
    const verdict = arc.honoured === true ? 'the receiver honoured it (did not apply the DMARC policy)'
      : arc.honoured === false ? `the receiver did not honour it (applied ${arc.disposition ?? 'the policy'})`
      : 'the receiver does not say whether it honoured it';
    parts.push(`ARC chain of ${arc.instances} (i=1 by ${first.sealer}${saw}; arc=${arc.receiver} at the receiver): ${verdict}`);
  }
  const fix = `sign with a DKIM key of ${from} (aligned) so DMARC survives forwarding`;
  parts.push(`fix: ${fix}`);
  return [{ key: `dmarc:forwarded:${f.by}`, text: parts.join('. '), fix }];
}
