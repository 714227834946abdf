/**
 * `checkDomains`: the DNS posture of the domains routes send from, as findings. The resolver decides what
 * "DNS" is: live, the lab, or a proposal laid over live DNS.
 */
import type { Resolver } from '../resolver.ts';
import { normalizeName } from '../zone/names.ts';
import { SEVERITY_ORDER, type CheckName, type CheckOptions, type Finding } from '../types.ts';
import { checkBimi } from './bimi.ts';
import { checkDkimSelector } from './dkim.ts';
import { checkDmarc } from './dmarc.ts';
import { checkMtaSts } from './mta-sts.ts';
import { checkMx } from './mx.ts';
import { fetchPolicyOverHttps } from './policy-fetch.ts';
import { checkPtr } from './ptr.ts';
import { checkSpf } from './spf.ts';
import { checkTlsRpt } from './tls-rpt.ts';

export const ALL_CHECKS: CheckName[] = ['spf', 'dkim', 'dmarc', 'mx', 'ptr', 'mta-sts', 'tls-rpt', 'bimi'];

export async function checkDomains(domains: string[], resolver: Resolver, options: CheckOptions = {}): Promise<Finding[]> {
  const enabled = new Set(options.checks ?? ALL_CHECKS);
  const fetchPolicy = options.fetchPolicy ?? fetchPolicyOverHttps;
  const ptrDone = new Set<string>();
  const findings: Finding[] = [];
  for (const domain of [...new Set(domains.map(normalizeName))]) {
    const ips = options.sendingIps?.[domain] ?? [];
    const selectors = [...new Set(options.selectors?.[domain] ?? [])];
    const newIps = ips.filter((ip) => !ptrDone.has(ip));
    newIps.forEach((ip) => ptrDone.add(ip));
    const pending: Array<Promise<Finding[]>> = [
      enabled.has('spf') ? checkSpf(resolver, domain, ips) : none,
      enabled.has('dmarc') ? checkDmarc(resolver, domain) : none,
      enabled.has('mx') ? checkMx(resolver, domain) : none,
      enabled.has('mta-sts') ? checkMtaSts(resolver, domain, fetchPolicy) : none,
      enabled.has('tls-rpt') ? checkTlsRpt(resolver, domain) : none,
      enabled.has('bimi') ? checkBimi(resolver, domain) : none,
      ...(enabled.has('dkim') ? selectors.map((s) => checkDkimSelector(resolver, domain, s)) : []),
      ...(enabled.has('ptr') ? newIps.map((ip) => checkPtr(resolver, domain, ip)) : []),
    ];
    for (const list of await Promise.all(pending)) findings.push(...list);
  }
  return sortFindings(findings);
}

const none = Promise.resolve([] as Finding[]);

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.domain.localeCompare(b.domain) || a.check.localeCompare(b.check) || a.id.localeCompare(b.id),
  );
}
