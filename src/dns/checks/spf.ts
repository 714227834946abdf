/**
 * SPF posture of a domain: the record's syntax, the 10-lookup and 2-void limits with the real counts and
 * which include costs what, dangerous `all` terms, includes that do not resolve, and whether each address
 * that really sends for the domain is authorized.
 */
import type { Resolver } from '../resolver.ts';
import { findingsFor, type Finding } from '../types.ts';
import { evaluateSpf } from './spf-eval.ts';
import { allBranches, totalVoids, walkSpf, type SpfBranch } from './spf-walk.ts';

const LOOKUP_LIMIT = 10;
const VOID_LIMIT = 2;

export async function checkSpf(resolver: Resolver, domain: string, sendingIps: string[] = []): Promise<Finding[]> {
  const finding = findingsFor('spf', domain);
  const tree = await walkSpf(resolver, domain);
  if (!tree.record) {
    const failed = tree.problems.find((p) => p.includes('failed'));
    return [
      failed
        ? finding('error', 'lookup-failed', { message: failed, breaks: 'Receivers get the same error and answer temperror: mail may be deferred.', fix: `Check the name servers of ${domain}.` })
        : finding('error', 'missing', {
            message: `${domain} publishes no SPF record`,
            breaks: 'SPF answers none for every route: Gmail and Yahoo require SPF or DKIM (both for bulk senders), and DMARC can pass only through DKIM.',
            fix: `Publish one TXT record at ${domain}: "v=spf1 ${sendingIps.map((ip) => `${ip.includes(':') ? 'ip6' : 'ip4'}:${ip}`).join(' ') || 'ip4:<your sending addresses>'} -all".`,
          }),
    ];
  }
  const findings: Finding[] = [];
  const lookups = tree.lookups;
  const voids = totalVoids(tree);
  const costs = tree.children.map((c) => `${c.via} costs ${c.lookups + 1}`);
  const details = { record: tree.record, lookups, voids, includes: tree.children.map((c) => ({ term: c.via, lookups: c.lookups + 1, voids: totalVoids(c) })) };

  for (const branch of allBranches(tree)) {
    for (const problem of branch.problems) {
      const unresolved = /has no SPF record|does not exist/.test(problem);
      findings.push(
        finding('error', unresolved ? 'include-unresolved' : /publishes \d+ SPF/.test(problem) ? 'multiple-records' : 'syntax', {
          message: branch.via ? `${branch.via}: ${problem}` : problem,
          breaks: 'Receivers answer permerror: SPF fails for every route of this domain, and DMARC can pass only through DKIM.',
          fix: unresolved ? `Remove "${branch.via}" or correct the name; an include must point at a published SPF record.` : 'Correct the record so it has exactly one valid "v=spf1 ..." TXT.',
        }, { subject: branch.via || undefined }),
      );
    }
  }
  if (lookups > LOOKUP_LIMIT) {
    findings.push(finding('error', 'lookup-limit', {
      message: `SPF needs ${lookups} DNS lookups, more than the limit of ${LOOKUP_LIMIT}${costs.length ? ` (${costs.join(', ')})` : ''}`,
      breaks: 'Receivers stop at the 11th lookup and answer permerror: SPF fails for every route whose address is matched late or not at all.',
      fix: 'Remove includes you no longer use, replace a/mx terms by ip4/ip6, or move some senders to a subdomain with its own SPF record.',
    }, { details }));
  } else if (lookups >= LOOKUP_LIMIT - 1) {
    findings.push(finding('warning', 'lookup-limit-near', {
      message: `SPF needs ${lookups} of the ${LOOKUP_LIMIT} DNS lookups allowed${costs.length ? ` (${costs.join(', ')})` : ''}`,
      breaks: 'Nothing yet; the next include, or a provider adding one to its own record, takes SPF to permerror.',
      fix: 'Replace a/mx terms by ip4/ip6 or drop unused includes to leave room.',
    }, { details }));
  }
  if (voids > VOID_LIMIT) {
    findings.push(finding('error', 'void-limit', {
      message: `SPF makes ${voids} lookups that find nothing, more than the limit of ${VOID_LIMIT}`,
      breaks: 'Receivers answer permerror after the third empty lookup.',
      fix: 'Remove a, mx and include terms that point at names without records.',
    }, { details }));
  }
  findings.push(...allTermFindings(tree, finding));
  findings.push(...(await coverageFindings(resolver, domain, sendingIps, finding)));
  return findings;
}

function allTermFindings(tree: SpfBranch, finding: ReturnType<typeof findingsFor>): Finding[] {
  const findings: Finding[] = [];
  const all = tree.terms.find((t) => t.kind === 'mechanism' && t.name === 'all');
  const redirect = tree.terms.some((t) => t.kind === 'modifier' && t.name === 'redirect');
  if (all?.kind === 'mechanism' && all.qualifier === '+') {
    findings.push(finding('error', 'pass-all', {
      message: `the record ends in "${all.raw}": every address on the internet may send as ${tree.domain}`,
      breaks: 'Anyone passes SPF with your domain; DMARC then passes for forged mail through SPF alignment.',
      fix: 'End the record with "-all" (or "~all" while you find your senders).',
    }));
  } else if (all?.kind === 'mechanism' && all.qualifier === '?') {
    findings.push(finding('warning', 'neutral-all', {
      message: 'the record ends in "?all": addresses not listed get neutral, not fail',
      breaks: 'Forged mail is not failed by SPF; receivers treat neutral like none.',
      fix: 'End the record with "-all" or "~all".',
    }));
  } else if (!all && !redirect) {
    findings.push(finding('warning', 'no-all', {
      message: 'the record has no "all" term and no redirect: addresses not listed get neutral',
      breaks: 'Forged mail is not failed by SPF.',
      fix: 'End the record with "-all" or "~all".',
    }));
  }
  if (allBranches(tree).some((b) => b.terms.some((t) => t.name === 'ptr'))) {
    findings.push(finding('warning', 'ptr', {
      message: 'the record (or an include) uses the "ptr" mechanism',
      breaks: 'RFC 7208 says not to use it: it is slow, and some receivers skip it, so the addresses it covers may fail.',
      fix: 'Replace "ptr" by ip4/ip6 terms for the addresses it was meant to cover.',
    }));
  }
  return findings;
}

async function coverageFindings(resolver: Resolver, domain: string, ips: string[], finding: ReturnType<typeof findingsFor>): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const ip of [...new Set(ips)]) {
    const verdict = await evaluateSpf(resolver, { ip, sender: `postmaster@${domain}` });
    if (verdict.result === 'pass') continue;
    findings.push(finding('error', 'not-authorized', {
      message: `${ip}, which sends mail as ${domain}, gets SPF ${verdict.result}`,
      breaks: `SPF ${verdict.result} for mail from ${ip}: DMARC passes for it only through an aligned DKIM signature.`,
      fix: `Add "ip${ip.includes(':') ? 6 : 4}:${ip}" (or the include of the service that owns it) to the SPF record of ${domain}.`,
    }, { subject: ip, details: { result: verdict.result, reason: verdict.reason, lookups: verdict.lookups } }));
  }
  return findings;
}
