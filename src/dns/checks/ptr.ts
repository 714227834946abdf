/** Reverse DNS of a sending address: a PTR that resolves back to the address (forward-confirmed). */
import type { Resolver } from '../resolver.ts';
import { isNoRecord } from '../overlay/dns-errors.ts';
import { reverseName } from '../zone/names.ts';
import { describeError } from '../../errors.ts';
import { findingsFor, type Finding } from '../types.ts';
import { lookupAddresses } from './txt.ts';

export async function checkPtr(resolver: Resolver, domain: string, ip: string): Promise<Finding[]> {
  const f = findingsFor('ptr', domain);
  const breaks = 'Gmail refuses or defers mail from addresses without forward-confirmed reverse DNS (550 5.7.25); GMX, Web.de and T-Online want an individual PTR.';
  let names: string[];
  try {
    names = (await resolver(reverseName(ip), 'PTR')) as string[];
  } catch (error) {
    if (!isNoRecord(error)) {
      return [f('warning', 'lookup-failed', { message: `the PTR lookup of ${ip} failed: ${describeError(error)}`, breaks, fix: 'Check the reverse zone with whoever owns the address.' }, { subject: ip })];
    }
    names = [];
  }
  if (!names.length) {
    return [f('error', 'missing', { message: `${ip}, which sends as ${domain}, has no PTR record`, breaks, fix: `Ask the owner of ${ip} (your hosting or ISP) for a PTR naming the sending host, whose A record points back at ${ip}.` }, { subject: ip })];
  }
  for (const name of names) {
    const addresses = await lookupAddresses(resolver, name).catch((): string[] => []);
    if (addresses.includes(ip)) return [];
  }
  return [f('error', 'not-confirmed', {
    message: `the PTR of ${ip} (${names.join(', ')}) does not resolve back to ${ip}`,
    breaks,
    fix: `Publish an A/AAAA record for ${names[0]} pointing at ${ip}, or change the PTR to a name that does.`,
  }, { subject: ip, details: { names } })];
}
