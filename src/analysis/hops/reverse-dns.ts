import { lookupAddresses } from '../../dns/checks/txt.ts';
import { isNoRecord } from '../../dns/overlay/dns-errors.ts';
import type { Resolver } from '../../dns/resolver.ts';
import { reverseName } from '../../dns/zone/names.ts';
import { cap, LIMITS } from '../limits.ts';
import type { PathAnalysis } from '../types.ts';

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
    return { names: [], forwardConfirmed: false, result: isNoRecord(error) ? 'none' : 'temperror' };
  }
  if (!names.length) return { names, forwardConfirmed: false, result: 'none' };
  let inconclusive = false;
  for (const name of names) {
    try {
      const addresses = await lookupAddresses(resolve, name);
      if (addresses.some((a) => String(a).toLowerCase() === ip.toLowerCase())) return { names, forwardConfirmed: true, result: 'pass' };
    } catch {
      inconclusive = true;
    }
  }
  return { names, forwardConfirmed: false, result: inconclusive ? 'temperror' : 'fail' };
}
