/**
 * `landed dns check`'s blocklist part: every list is self-tested first (selftest.ts); only a list that
 * passes is asked about the sending addresses and domains. A list that cannot be trusted is reported as
 * "no usable answer" with the reason, never as clean.
 */
import { isIP } from 'node:net';
import type { Resolver } from '../resolver.ts';
import { findingsFor, type Finding } from '../types.ts';
import { lookupTagged } from '../checks/txt.ts';
import { isSpfRecord, parseSpfRecord } from '../checks/spf-record.ts';
import type { Blocklist } from './lists.ts';
import { askList } from './query.ts';
import { testList } from './selftest.ts';

export interface BlocklistSubjects {
  /** Per sending domain, the addresses that send for it. */
  ips: Record<string, string[]>;
  domains: string[];
}

export async function checkBlocklists(resolver: Resolver, lists: Blocklist[], subjects: BlocklistSubjects): Promise<Finding[]> {
  const findings: Finding[] = [];
  const breaks = 'Receivers that use this list refuse or junk mail from a listed address or with a listed domain.';
  await Promise.all(
    lists.map(async (list) => {
      const f = findingsFor('blocklist', list.zone);
      const test = await testList(resolver, list);
      if (!test.usable) {
        findings.push(f('warning', 'unusable', {
          message: `${list.name} (${list.zone}): no usable answer: ${test.reason}`,
          breaks: 'Nothing is known about listings on this list: it is not "clean".',
          fix: 'Ask through your own recursive resolver (--dns), not a public one; check the list\'s usage terms (docs/blocklists.md) or drop it.',
        }, { subject: list.zone }));
        return;
      }
      const asked = list.kind === 'ip' ? Object.entries(subjects.ips).flatMap(([domain, ips]) => ips.map((ip) => ({ domain, subject: ip }))) : subjects.domains.map((d) => ({ domain: d, subject: d }));
      const seen = new Set<string>();
      for (const { domain, subject } of asked) {
        if (seen.has(subject)) continue;
        seen.add(subject);
        const answer = await askList(resolver, list, subject);
        const g = findingsFor('blocklist', domain);
        if (answer.state === 'listed') {
          const meanings = answer.codes.map((c) => `${c}${list.codes?.[c] ? ` (${list.codes[c]})` : ''}`).join(', ');
          findings.push(g('error', 'listed', {
            message: `${subject} is listed on ${list.name} (${list.zone}): ${meanings}`,
            breaks,
            fix: `Find and stop the cause (an infected host, a leaked login, bought addresses), then ask for removal: ${list.delist ?? `the ${list.zone} operator's site`}`,
          }, { subject, details: { list: list.zone, codes: answer.codes, delist: list.delist } }));
        } else if (answer.state === 'unusable') {
          findings.push(g('warning', 'no-answer', {
            message: `${list.name} (${list.zone}) gave no usable answer for ${subject}: ${answer.reason}`,
            breaks: 'Nothing is known about this listing: it is not "clean".',
            fix: 'Run the check again; if it persists, ask through your own recursive resolver.',
          }, { subject, details: { list: list.zone } }));
        }
      }
    }),
  );
  return findings;
}

/**
 * The single sending hosts a domain's SPF names (`ip4:a.b.c.d`, `/32`, `ip6:` `/128`): addresses known to
 * send for it even before any run. Networks are left out (a /24 is 256 queries per list).
 */
export async function spfHosts(resolver: Resolver, domain: string): Promise<string[]> {
  const found = await lookupTagged(resolver, domain, /^v=spf1( |$)/i);
  if (found.status !== 'found') return [];
  const hosts: string[] = [];
  for (const record of found.records.filter(isSpfRecord)) {
    for (const term of parseSpfRecord(record).terms) {
      if (term.kind !== 'mechanism' || (term.name !== 'ip4' && term.name !== 'ip6') || term.qualifier === '-' || !term.target || !isIP(term.target)) continue;
      const prefix = /\/(\d+)$/.exec(term.raw)?.[1];
      if (prefix === undefined || prefix === (term.name === 'ip4' ? '32' : '128')) hosts.push(term.target);
    }
  }
  return hosts;
}
