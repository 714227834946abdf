/** Replays one captured message through mailauth against a resolver: the verdicts a receiver would give. */
import { authenticate } from '../dns/mailauth.ts';
import { mailauthVerdicts } from '../dns/mailauth-verdicts.ts';
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
  const { spf, dkim, dmarc, dmarcPolicy: policy, fromDomain, signatures } = mailauthVerdicts(result);
  const disposition = dmarc === 'fail' && (policy === 'quarantine' || policy === 'reject') ? policy : 'none';
  return { spf, dkim, dmarc, disposition, signatures, headerFrom: fromDomain };
}
