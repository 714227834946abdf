import type { AuthResult, Disagreement, ReceiverVerdicts, VerifiedAuth } from '../types.ts';

type Check = Disagreement['check'];
type Outcome = 'pass' | 'fail' | 'none' | 'temperror';

/**
 * Where the receiver's verdict and ours differ in substance (pass versus not, or a lookup failure at the
 * receiver). That is a finding in itself: a DNS timeout at the provider, a body changed after delivery, a
 * key rotated since, or a verdict header that was not what it claimed. When our own lookup failed there is
 * nothing to compare (that failure is reported as a problem instead).
 */
export function findDisagreements(receiver: ReceiverVerdicts, verified: VerifiedAuth): Disagreement[] {
  const out: Disagreement[] = [];
  const pairs: Array<[Check, AuthResult, AuthResult]> = [
    ['spf', receiver.spf, verified.spf.result],
    ['dkim', receiver.dkim, verified.dkim.result],
    ['dmarc', receiver.dmarc, verified.dmarc.result],
    ['arc', receiver.arc, verified.arc.result],
  ];
  for (const [check, theirs, ours] of pairs) {
    if (theirs === 'unknown' || ours === 'unknown' || ours === 'temperror') continue;
    const a = outcome(check, theirs);
    const b = outcome(check, ours);
    if (a === b) continue;
    out.push({ check, receiver: theirs, ours, explanation: explain(check, a, b, receiver, verified, out) });
  }
  return out;
}

function outcome(check: Check, result: AuthResult): Outcome {
  switch (result) {
    case 'pass': return 'pass';
    case 'temperror': return 'temperror';
    case 'none': case 'bestguesspass': return 'none';
    // mailauth reports an unusable DKIM signature (no key, bad body hash) as neutral: a failure.
    case 'neutral': return check === 'dkim' ? 'fail' : 'none';
    default: return 'fail';
  }
}

function explain(check: Check, theirs: Outcome, ours: Outcome, receiver: ReceiverVerdicts, verified: VerifiedAuth, earlier: Disagreement[]): string {
  if (theirs === 'temperror') return 'a DNS lookup failed at the receiver when it checked (a provider-side timeout); our lookup succeeded';
  if (check === 'dkim') {
    if (ours === 'none') return 'the copy checked here carries no DKIM signature: it was removed after delivery, or this is not the message the receiver checked';
    const broken = verified.dkim.signatures.find((s) => s.bodyHashOk === false);
    if (theirs === 'pass' && broken) return `the body no longer matches signature d=${broken.domain}: it was changed after the receiver checked it (a footer or re-encoding by the mailbox or an export)`;
    if (theirs === 'pass') return 'the key the receiver used is no longer published as it was (rotated or removed since delivery), or the receiver\'s verdict header is not genuine';
    return 'the receiver could not verify what we can: a DNS problem at delivery, a key published only since, or a message the receiver saw before a gateway changed it';
  }
  if (check === 'spf') {
    return `the receiver checked another sending IP or MAIL FROM than ours (${verified.spf.ip ?? 'no IP'}, ${verified.spf.domain ?? 'no domain'}), or the SPF record changed since delivery`;
  }
  if (check === 'dmarc') {
    if (earlier.some((d) => d.check === 'spf' || d.check === 'dkim')) return 'follows from the SPF/DKIM difference above';
    return theirs === 'pass' ? 'the receiver applied a local override (such as a trusted ARC chain) or the DMARC record changed since' : 'the DMARC record or the published keys changed since delivery';
  }
  return receiver.arc === 'pass' ? 'the ARC chain no longer validates as the receiver saw it (a seal key changed, or the message was modified)' : 'the receiver judged the chain before adding its own set; ours includes it';
}
