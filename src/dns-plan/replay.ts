/** Replays one captured message through mailauth against a resolver: the verdicts a receiver would give. */
import { authenticate } from 'mailauth';
import type { Resolver } from '../dns/resolver.ts';
import type { ReplayInput } from './run-input.ts';
import type { ReplayVerdicts } from './types.ts';

export async function replayMessage(input: ReplayInput, resolver: Resolver): Promise<ReplayVerdicts> {
  const result = await authenticate(input.raw, {
    ip: input.ip,
    sender: input.sender,
    helo: input.helo,
    mta: 'landed',
    resolver,
    // RFC-exact verdicts (the lenient defaults accept what some receivers refuse).
    strict: true,
    disableArc: true,
    disableBimi: true,
  });
  const signatures = (result.dkim?.results ?? []).map((r) => ({ domain: r.signingDomain ?? '', selector: r.selector ?? '', result: r.status.result }));
  const dmarcResult = result.dmarc ? result.dmarc.status.result : 'none';
  const policy = result.dmarc ? result.dmarc.policy : 'none';
  return {
    spf: result.spf ? result.spf.status.result : 'none',
    dkim: signatures.some((s) => s.result === 'pass') ? 'pass' : (signatures[0]?.result ?? 'none'),
    dmarc: dmarcResult,
    disposition: dmarcResult === 'fail' && (policy === 'quarantine' || policy === 'reject') ? policy : 'none',
    signatures,
    headerFrom: result.dmarc ? result.dmarc.status.header?.from?.toLowerCase() : undefined,
  };
}
