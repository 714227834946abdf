/** An SPF record (RFC 7208 section 4.6) as terms, with every syntax problem found in it. */
import { isIPv4, isIPv6 } from 'node:net';

export type Qualifier = '+' | '-' | '~' | '?';
export interface SpfMechanism {
  kind: 'mechanism';
  qualifier: Qualifier;
  name: string;
  /** The domain-spec (include, exists, a, mx, ptr) or the network (ip4, ip6), without any CIDR suffix. */
  target?: string;
  raw: string;
}
export interface SpfModifier {
  kind: 'modifier';
  name: string;
  value: string;
  raw: string;
}
export type SpfTerm = SpfMechanism | SpfModifier;

/** Mechanisms and modifiers that cost one DNS lookup each (RFC 7208 section 4.6.4). */
export const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect']);

export const isSpfRecord = (txt: string) => /^v=spf1( |$)/i.test(txt);
export const hasMacro = (spec: string | undefined) => !!spec && spec.includes('%');

export function parseSpfRecord(record: string): { terms: SpfTerm[]; problems: string[] } {
  const problems: string[] = [];
  if (/[^\x20-\x7e]/.test(record)) problems.push('the record contains characters outside printable ASCII (tabs, line breaks or non-ASCII)');
  const terms: SpfTerm[] = [];
  for (const raw of record.split(' ').slice(1).filter(Boolean)) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      const name = modifier[1].toLowerCase();
      if ((name === 'redirect' || name === 'exp') && !validDomainSpec(modifier[2])) problems.push(`"${raw}": ${name}= needs a domain name`);
      terms.push({ kind: 'modifier', name, value: modifier[2], raw });
      continue;
    }
    const mechanism = /^([+?~-]?)([a-z0-9]+)(?::([^/]*))?((?:\/\d*){0,1}(?:\/\/\d*)?)$/i.exec(raw);
    if (!mechanism) {
      problems.push(`"${raw}" is not a valid SPF term`);
      continue;
    }
    const [, qualifier, rawName, target, cidr] = mechanism;
    const name = rawName.toLowerCase();
    const problem = checkMechanism(name, target, cidr);
    if (problem) problems.push(`"${raw}": ${problem}`);
    terms.push({ kind: 'mechanism', qualifier: (qualifier || '+') as Qualifier, name, target, raw });
  }
  for (const name of ['redirect', 'exp']) {
    if (terms.filter((t) => t.kind === 'modifier' && t.name === name).length > 1) problems.push(`more than one ${name}= modifier`);
  }
  return { terms, problems };
}

function checkMechanism(name: string, target: string | undefined, cidr: string): string | undefined {
  const prefix = /^\/(\d+)/.exec(cidr)?.[1];
  switch (name) {
    case 'all':
      return target !== undefined || cidr ? 'all takes no value' : undefined;
    case 'include':
    case 'exists':
      if (!target) return `${name} needs a domain name`;
      return validDomainSpec(target) ? undefined : `"${target}" is not a domain name`;
    case 'a':
    case 'mx':
    case 'ptr':
      if (target !== undefined && !validDomainSpec(target)) return `"${target}" is not a domain name`;
      return prefix !== undefined && Number(prefix) > 32 ? `/${prefix} is not an IPv4 prefix length` : undefined;
    case 'ip4':
      if (!target || !isIPv4(target)) return `"${target ?? ''}" is not an IPv4 address`;
      return prefix !== undefined && Number(prefix) > 32 ? `/${prefix} is not an IPv4 prefix length` : undefined;
    case 'ip6':
      if (!target || !isIPv6(target)) return `"${target ?? ''}" is not an IPv6 address`;
      return prefix !== undefined && Number(prefix) > 128 ? `/${prefix} is not an IPv6 prefix length` : undefined;
    default:
      return `unknown mechanism "${name}"`;
  }
}

/** A domain-spec: macros allowed; literal names need two labels and a top label that is not all digits. */
function validDomainSpec(spec: string): boolean {
  if (!spec) return false;
  if (hasMacro(spec)) return /^(%\{[slodiphcrtv]\d*r?[.+,/_=-]*\}|%[%_-]|[\x21-\x24\x26-\x7e])+$/i.test(spec);
  const labels = spec.replace(/\.$/, '').split('.');
  return labels.length >= 2 && labels.every((l) => l.length > 0 && l.length <= 63) && !/^\d+$/.test(labels.at(-1)!);
}
