/**
 * MTA-STS (RFC 8461): the `_mta-sts` TXT record, the HTTPS policy it announces, and whether every MX of the
 * domain is allowed by that policy (an MX missing from an enforced policy gets no mail from MTA-STS senders).
 */
import { parsePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import type { Resolver } from '../resolver.ts';
import { describeError } from '../../errors.ts';
import { findingsFor, type Finding, type PolicyFetcher } from '../types.ts';
import { parseTagList } from './tags.ts';
import { lookupTagged } from './txt.ts';

export async function checkMtaSts(resolver: Resolver, domain: string, fetchPolicy: PolicyFetcher): Promise<Finding[]> {
  const f = findingsFor('mta-sts', domain);
  const found = await lookupTagged(resolver, `_mta-sts.${domain}`, /^v=STSv1\s*(;|$)/i);
  if (found.status !== 'found') {
    return found.status === 'failed'
      ? [f('warning', 'lookup-failed', { message: `the lookup of _mta-sts.${domain} failed: ${found.error}`, breaks: 'Senders cannot tell whether TLS is required.', fix: `Check the name servers of ${domain}.` })]
      : [f('info', 'missing', { message: `${domain} publishes no MTA-STS policy`, breaks: 'Nothing fails; mail to this domain can be downgraded to plain text by an attacker on the path.', fix: `Publish _mta-sts.${domain} ("v=STSv1; id=<date>") and a policy at https://mta-sts.${domain}/.well-known/mta-sts.txt.` })];
  }
  if (found.records.length > 1) {
    return [f('error', 'multiple-records', { message: `_mta-sts.${domain} has ${found.records.length} STS records`, breaks: 'Senders ignore MTA-STS for this domain (RFC 8461 section 3.1).', fix: 'Keep exactly one "v=STSv1; id=..." record.' })];
  }
  const id = parseTagList(found.records[0]).tags.get('id');
  const findings: Finding[] = [];
  if (!id || !/^[A-Za-z0-9]{1,32}$/.test(id)) {
    findings.push(f('error', 'bad-id', { message: `the STS record "${found.records[0]}" has no valid id= (1 to 32 letters and digits)`, breaks: 'Senders cannot tell when the policy changes and may ignore the record.', fix: 'Set id= to a new value (e.g. 20260101T000000) whenever the policy changes.' }));
  }
  const url = `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
  let body: string;
  try {
    const response = await fetchPolicy(url);
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    body = response.body;
  } catch (error) {
    findings.push(f('error', 'policy-unavailable', { message: `the policy at ${url} could not be fetched: ${describeError(error)}`, breaks: 'Senders without a cached policy ignore MTA-STS; senders with a cached one keep enforcing the old policy.', fix: `Serve the policy as text/plain at ${url} over HTTPS with a valid certificate for mta-sts.${domain}.` }));
    return findings;
  }
  let policy: ReturnType<typeof parsePolicy>;
  try {
    policy = parsePolicy(body);
  } catch (error) {
    findings.push(f('error', 'policy-invalid', { message: `the policy at ${url} is invalid: ${describeError(error)}`, breaks: 'Senders treat the domain as having no usable policy.', fix: 'Serve "version: STSv1", "mode: enforce|testing|none", "mx: <pattern>" lines and "max_age: <seconds>".' }));
    return findings;
  }
  if (policy.mode !== 'enforce') {
    findings.push(f('info', 'not-enforced', { message: `the MTA-STS policy of ${domain} is in mode ${policy.mode}`, breaks: 'Nothing; TLS failures are only reported, not prevented.', fix: 'Switch to mode: enforce once TLS-RPT reports are clean.' }));
  }
  findings.push(...(await mxCoverage(resolver, domain, policy, f)));
  return findings;
}

async function mxCoverage(resolver: Resolver, domain: string, policy: ReturnType<typeof parsePolicy>, f: ReturnType<typeof findingsFor>): Promise<Finding[]> {
  let hosts: Array<{ exchange: string }> = [];
  try {
    hosts = (await resolver(domain, 'MX')) as typeof hosts;
  } catch {
    return []; // the MX check reports missing MX records
  }
  return hosts
    .filter(({ exchange }) => !validateMx(exchange, policy).valid)
    .map(({ exchange }) =>
      f(policy.mode === 'enforce' ? 'error' : 'warning', 'mx-not-allowed', {
        message: `MX ${exchange} is not allowed by the MTA-STS policy (mx: ${(policy.mx ?? []).join(', ') || 'none'})`,
        breaks: policy.mode === 'enforce' ? `Senders that enforce MTA-STS do not deliver to ${exchange}.` : `TLS-RPT reports failures for ${exchange}.`,
        fix: `Add "mx: ${exchange}" to the policy, change its id= in DNS, and wait max_age before relying on it.`,
      }, { subject: exchange }),
    );
}
