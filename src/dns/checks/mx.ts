/** MX of a sending domain: where replies and bounces go, and what receivers check the sender domain by. */
import { isIP } from 'node:net';
import type { Resolver } from '../resolver.ts';
import { isNoRecord } from '../overlay/dns-errors.ts';
import { describeError } from '../../errors.ts';
import { findingsFor, type Finding } from '../types.ts';
import { lookupAddresses } from './txt.ts';

export async function checkMx(resolver: Resolver, domain: string): Promise<Finding[]> {
  const f = findingsFor('mx', domain);
  let hosts: Array<{ exchange: string; priority: number }>;
  try {
    hosts = (await resolver(domain, 'MX')) as typeof hosts;
  } catch (error) {
    if (!isNoRecord(error)) {
      return [f('error', 'lookup-failed', { message: `the MX lookup of ${domain} failed: ${describeError(error)}`, breaks: 'Receivers that check the sender domain defer or refuse the mail.', fix: `Check the name servers of ${domain}.` })];
    }
    hosts = [];
  }
  if (!hosts.length) {
    const addresses = await lookupAddresses(resolver, domain).catch((): string[] => []);
    return addresses.length
      ? [f('warning', 'missing', { message: `${domain} has no MX record; mail to it goes to its A/AAAA address`, breaks: 'Replies and bounces go to the web server address, which rarely accepts mail.', fix: `Publish an MX record for ${domain} pointing at the host that receives its mail.` })]
      : [f('error', 'missing', { message: `${domain} has no MX and no address record`, breaks: 'Replies and bounces cannot be delivered, and receivers that check the sender domain refuse the mail ("sender domain does not resolve").', fix: `Publish an MX record for ${domain}.` })];
  }
  if (hosts.length === 1 && (hosts[0].exchange === '' || hosts[0].exchange === '.')) {
    return [f('warning', 'null-mx', { message: `${domain} publishes a null MX ("0 ."): it receives no mail`, breaks: 'Bounces and replies are refused, and receivers may refuse mail sent from this domain (RFC 7505 section 4.2).', fix: `If ${domain} sends mail, give it a real MX so bounces can come back.` })];
  }
  const findings: Finding[] = [];
  for (const { exchange } of hosts) {
    if (isIP(exchange.replace(/^\[|\]$/g, ''))) {
      findings.push(f('error', 'ip-target', { message: `MX ${exchange} is an address, not a host name`, breaks: 'Senders cannot use it: mail to this domain fails.', fix: 'Point the MX at a host name that has an A/AAAA record.' }, { subject: exchange }));
      continue;
    }
    if (await isCname(resolver, exchange)) {
      findings.push(f('warning', 'cname-target', { message: `MX ${exchange} is a CNAME`, breaks: 'RFC 2181 forbids it; some senders refuse to deliver.', fix: 'Point the MX at the canonical host name.' }, { subject: exchange }));
    }
    const addresses = await lookupAddresses(resolver, exchange).catch((): string[] => []);
    if (!addresses.length) {
      findings.push(f('error', 'target-unresolved', { message: `MX ${exchange} has no A or AAAA record`, breaks: 'Mail to this domain (replies, bounces) cannot reach that host.', fix: `Publish an address for ${exchange} or remove it from the MX set.` }, { subject: exchange }));
    }
  }
  return findings;
}

async function isCname(resolver: Resolver, name: string): Promise<boolean> {
  try {
    return ((await resolver(name, 'CNAME')) as string[]).length > 0;
  } catch {
    return false;
  }
}
