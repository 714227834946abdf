/**
 * Walks an SPF record and everything it includes or redirects to, counting the DNS lookups and void
 * lookups each branch costs (RFC 7208 section 4.6.4). This is the worst case, every term evaluated, which
 * is what a receiver pays for a sender that matches late or not at all.
 */
import type { Resolver } from '../resolver.ts';
import { isNoRecord } from '../overlay/dns-errors.ts';
import { hasMacro, LOOKUP_TERMS, parseSpfRecord, type SpfTerm } from './spf-record.ts';
import { lookupAddresses, lookupTagged } from './txt.ts';

export interface SpfBranch {
  domain: string;
  /** How we got here: "include:x", "redirect=x", or "" for the domain itself. */
  via: string;
  record?: string;
  terms: SpfTerm[];
  /** Lookups this record's own terms cost. */
  ownLookups: number;
  /** Own lookups plus those of everything below. */
  lookups: number;
  voids: number;
  children: SpfBranch[];
  /** Problems of this record: missing, several, syntax, unresolvable names. */
  problems: string[];
  /** What could not be counted (macros). */
  notes: string[];
}

/** Deeper than this an include chain is a loop or abuse; RFC 7208 would have stopped at 10 lookups anyway. */
const MAX_DEPTH = 12;
/** Past this many, the exact count no longer changes the verdict; stop asking DNS. */
const STOP_AFTER_LOOKUPS = 40;

export async function walkSpf(resolver: Resolver, domain: string): Promise<SpfBranch> {
  const budget = { lookups: 0 };
  return walk(resolver, domain, '', [], budget);
}

async function walk(resolver: Resolver, domain: string, via: string, ancestors: string[], budget: { lookups: number }): Promise<SpfBranch> {
  const branch: SpfBranch = { domain, via, terms: [], ownLookups: 0, lookups: 0, voids: 0, children: [], problems: [], notes: [] };
  const found = await lookupTagged(resolver, domain, /^v=spf1( |$)/i);
  if (found.status === 'absent') {
    branch.problems.push(`${domain} has no SPF record${found.code === 'ENOTFOUND' ? ' (the name does not exist)' : ''}`);
    if (via) branch.voids++;
    return branch;
  }
  if (found.status === 'failed') {
    branch.problems.push(`the TXT lookup for ${domain} failed: ${found.error}`);
    return branch;
  }
  if (found.records.length > 1) branch.problems.push(`${domain} publishes ${found.records.length} SPF records; receivers answer permerror`);
  branch.record = found.records[0];
  const parsed = parseSpfRecord(branch.record);
  branch.terms = parsed.terms;
  branch.problems.push(...parsed.problems.map((p) => `${domain}: ${p}`));
  const hasAll = parsed.terms.some((t) => t.kind === 'mechanism' && t.name === 'all');

  for (const term of parsed.terms) {
    if (!LOOKUP_TERMS.has(term.name) || (term.kind === 'modifier' && (term.name !== 'redirect' || hasAll))) continue;
    branch.ownLookups++;
    budget.lookups++;
    const target = term.kind === 'modifier' ? term.value : (term.target ?? domain);
    if (hasMacro(target)) {
      branch.notes.push(`${term.raw}: depends on the sender (macro), counted once and not followed`);
      continue;
    }
    if (budget.lookups > STOP_AFTER_LOOKUPS) continue;
    const name = target.toLowerCase().replace(/\.$/, '');
    if (term.name === 'include' || term.name === 'redirect') {
      if (ancestors.includes(name) || name === domain || ancestors.length >= MAX_DEPTH) {
        branch.problems.push(`${term.raw}: loops back to ${name}`);
        continue;
      }
      branch.children.push(await walk(resolver, name, term.raw, [...ancestors, domain], budget));
    } else if (term.name === 'a' || term.name === 'exists') {
      if (!(await hasAny(() => lookupAddresses(resolver, name), branch, term.raw))) branch.voids++;
    } else if (term.name === 'mx') {
      const hosts = await hasAny(async () => (await resolver(name, 'MX')) as unknown[], branch, term.raw);
      if (!hosts) branch.voids++;
      else if (hosts.length > 10) branch.problems.push(`${term.raw}: ${name} has ${hosts.length} MX hosts, more than the 10 SPF may look up (permerror)`);
    }
  }
  branch.lookups = branch.ownLookups + branch.children.reduce((sum, c) => sum + c.lookups, 0);
  return branch;
}

/** Runs a lookup; returns its answer, or undefined when it was void (recording lookup failures as problems). */
async function hasAny<T extends unknown[]>(lookup: () => Promise<T>, branch: SpfBranch, term: string): Promise<T | undefined> {
  try {
    const answer = await lookup();
    return answer.length ? answer : undefined;
  } catch (error) {
    if (!isNoRecord(error)) branch.problems.push(`${term}: lookup failed (${(error as Error).message})`);
    return undefined;
  }
}

/** Every void lookup in the tree. */
export function totalVoids(branch: SpfBranch): number {
  return branch.voids + branch.children.reduce((sum, c) => sum + totalVoids(c), 0);
}

/** Every branch, depth first. */
export function allBranches(branch: SpfBranch): SpfBranch[] {
  return [branch, ...branch.children.flatMap(allBranches)];
}
