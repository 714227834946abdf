import { isIP } from 'node:net';
import type { Resolver } from '../../dns/resolver.ts';
import { cap, LIMITS } from '../limits.ts';
import type { AuthResult, PathAnalysis } from '../types.ts';
import { reverseName } from './ip.ts';

const MISSING = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN']);
const MAX_NAMES = 5;

/**
 * Forward-confirmed reverse DNS of the sending IP (what Gmail, Yahoo and T-Online call a valid PTR): its
 * PTR names, and whether one of them resolves back to the IP. pass = confirmed, fail = PTR without a
 * matching forward record, none = no PTR, temperror = DNS did not answer.
 */
export async function checkReverseDns(ip: string, resolve: Resolver): Promise<NonNullable<PathAnalysis['ptr']>> {
  let names: string[];
  try {
    const answer = await resolve(reverseName(ip), 'PTR');
    names = (Array.isArray(answer) ? answer : []).map((n) => cap(String(n).replace(/\.$/, '').toLowerCase(), LIMITS.short)).slice(0, MAX_NAMES);
  } catch (error) {
    return { names: [], forwardConfirmed: false, result: failure(error) };
  }
  if (!names.length) return { names, forwardConfirmed: false, result: 'none' };
  const family = isIP(ip) === 6 ? 'AAAA' : 'A';
  let inconclusive = false;
  for (const name of names) {
    try {
      const addresses = await resolve(name, family);
      if ((Array.isArray(addresses) ? addresses : []).some((a) => String(a).toLowerCase() === ip.toLowerCase())) {
        return { names, forwardConfirmed: true, result: 'pass' };
      }
    } catch (error) {
      if (failure(error) === 'temperror') inconclusive = true;
    }
  }
  return { names, forwardConfirmed: false, result: inconclusive ? 'temperror' : 'fail' };
}

function failure(error: unknown): AuthResult {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' && MISSING.has(code) ? 'none' : 'temperror';
}
