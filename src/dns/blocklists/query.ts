import { describeError } from '../../errors.ts';
import { isNoRecord } from '../overlay/dns-errors.ts';
import type { Resolver } from '../resolver.ts';
import type { Blocklist } from './lists.ts';

/** One answer of a list, as it can be trusted: listed with codes, not listed, or no usable answer and why. */
export type ListAnswer = { state: 'listed'; codes: string[] } | { state: 'not-listed' } | { state: 'unusable'; reason: string };

/**
 * Asks `list` about an IPv4/IPv6 address or a domain. NXDOMAIN/NODATA is "not listed"; an answer outside
 * 127.0.0.0/8, or in 127.255.255.0/24 (the lists' own error codes), or a failure to ask is no answer at all.
 */
export async function askList(resolver: Resolver, list: Blocklist, subject: string): Promise<ListAnswer> {
  const name = `${list.kind === 'ip' ? reversed(subject) : subject.toLowerCase().replace(/\.$/, '')}.${list.zone}`;
  let answers: string[];
  try {
    answers = (await resolver(name, 'A')) as string[];
  } catch (error) {
    if (isNoRecord(error)) return { state: 'not-listed' };
    return { state: 'unusable', reason: `the query failed: ${describeError(error)}` };
  }
  if (!Array.isArray(answers) || answers.length === 0) return { state: 'not-listed' };
  const codes = [...new Set(answers.map(String))].sort().slice(0, 10);
  const errorCode = codes.find((c) => c.startsWith('127.255.255.'));
  if (errorCode) return { state: 'unusable', reason: `the list answered ${errorCode}: ${ERROR_CODES[errorCode] ?? 'an error code, not a listing'}` };
  const foreign = codes.find((c) => !c.startsWith('127.'));
  if (foreign) return { state: 'unusable', reason: `the answer ${foreign} is not a list answer (127.0.0.0/8): the resolver rewrites answers (NXDOMAIN redirection?)` };
  return { state: 'listed', codes };
}

/** What lists answer instead of a listing (Spamhaus documents these; others use the same range). */
const ERROR_CODES: Record<string, string> = {
  '127.255.255.252': 'typo in the query name (DQS key or zone)',
  '127.255.255.254': 'queries through a public or open resolver are refused; use your own resolver or a DQS key',
  '127.255.255.255': 'too many queries: rate-limited',
};

function reversed(ip: string): string {
  if (!ip.includes(':')) return ip.split('.').reverse().join('.');
  const [head, tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].map((g) => g.padStart(4, '0'));
  return groups.join('').split('').reverse().join('.');
}
