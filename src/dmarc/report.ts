/**
 * The DMARC report over the history: per domain messages and pass rate; per source (IP and the route it is,
 * or null for an unknown sender) messages, DMARC pass (aligned SPF or DKIM), aligned SPF and DKIM, the
 * dispositions applied, the reporting orgs, and for unknown senders their PTR and the domains they used.
 */
import { checkReverseDns } from '../analysis/hops/reverse-dns.ts';
import type { Resolver } from '../dns/resolver.ts';
import type { HistoryDb } from '../history/db.ts';
import type { MatchedBy, RouteMatcher } from './join.ts';
import { sourceRows, type SourceRow } from './queries.ts';

export interface DmarcSource {
  ip: string;
  messages: number;
  /** Messages that passed DMARC: aligned SPF or aligned DKIM passed. */
  dmarcPass: number;
  passRate: number;
  spfAligned: number;
  dkimAligned: number;
  /** Messages per disposition applied: none, pass, quarantine, reject. */
  dispositions: Record<string, number>;
  /** The declared route this source is; null for an unknown sender. */
  route: string | null;
  matchedBy: MatchedBy | null;
  /** Reverse DNS of an unknown sender (names, forward-confirmed); null when not looked up. */
  ptr: { names: string[]; forwardConfirmed: boolean } | null;
  headerFrom: string[];
  envelopeFrom: string[];
  dkimDomains: string[];
  orgs: string[];
}

export interface DmarcDomain {
  domain: string;
  messages: number;
  dmarcPass: number;
  passRate: number;
}

export interface DmarcReport {
  kind: 'dmarc';
  since: string;
  until: string;
  reports: number;
  messages: number;
  domains: DmarcDomain[];
  sources: DmarcSource[];
}

export interface DmarcReportOptions {
  since: number;
  until: number;
  matcher: RouteMatcher;
  /** For the PTR of unknown senders; none: no lookups. */
  resolver?: Resolver;
  /** Reverse lookups for at most this many unknown senders, the biggest first. */
  maxPtrLookups?: number;
}

export async function buildDmarcReport(db: HistoryDb, options: DmarcReportOptions): Promise<DmarcReport> {
  const { reports, rows } = sourceRows(db, options.since, options.until);
  const sources = new Map<string, DmarcSource>();
  const domains = new Map<string, DmarcDomain>();
  for (const row of rows) {
    const match = await options.matcher.match(row.ip, row.headerFrom);
    const key = `${row.ip} ${match.route ?? ''}`;
    const source = sources.get(key) ?? emptySource(row.ip, match.route, match.matchedBy);
    sources.set(key, addRow(source, row));
    const domain = domains.get(row.headerFrom) ?? { domain: row.headerFrom, messages: 0, dmarcPass: 0, passRate: 0 };
    domain.messages += row.messages;
    domain.dmarcPass += row.pass;
    domains.set(row.headerFrom, domain);
  }
  // One IP can be two routes (a relay sending for two domains): the route breaks the tie, so the order is total.
  const sorted = [...sources.values()].sort((a, b) => b.messages - a.messages || compare(a.ip, b.ip) || compare(a.route ?? '', b.route ?? ''));
  for (const s of sorted) s.passRate = rate(s.dmarcPass, s.messages);
  await addPtrs(sorted.filter((s) => s.route === null), options);
  return {
    kind: 'dmarc',
    since: new Date(options.since).toISOString(),
    until: new Date(options.until).toISOString(),
    reports,
    messages: sorted.reduce((sum, s) => sum + s.messages, 0),
    domains: [...domains.values()].map((d) => ({ ...d, passRate: rate(d.dmarcPass, d.messages) })).sort((a, b) => b.messages - a.messages),
    sources: sorted,
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10000) / 10000 : 0);

function emptySource(ip: string, route: string | null, matchedBy: MatchedBy | null): DmarcSource {
  return { ip, messages: 0, dmarcPass: 0, passRate: 0, spfAligned: 0, dkimAligned: 0, dispositions: {}, route, matchedBy, ptr: null,
    headerFrom: [], envelopeFrom: [], dkimDomains: [], orgs: [] };
}

const MAX_LISTED = 20;
const union = (list: string[], more: string[]) => [...new Set([...list, ...more])].sort().slice(0, MAX_LISTED);

function addRow(source: DmarcSource, row: SourceRow): DmarcSource {
  source.messages += row.messages;
  source.dmarcPass += row.pass;
  source.spfAligned += row.spf;
  source.dkimAligned += row.dkim;
  for (const [disposition, n] of Object.entries(row.dispositions)) source.dispositions[disposition] = (source.dispositions[disposition] ?? 0) + n;
  source.headerFrom = union(source.headerFrom, [row.headerFrom]);
  source.envelopeFrom = union(source.envelopeFrom, row.envelopeFrom);
  source.dkimDomains = union(source.dkimDomains, row.dkimDomains);
  source.orgs = union(source.orgs, row.orgs);
  return source;
}

async function addPtrs(unknown: DmarcSource[], options: DmarcReportOptions): Promise<void> {
  const resolver = options.resolver;
  if (!resolver) return;
  const queue = unknown.slice(0, options.maxPtrLookups ?? 100);
  // A few lookups at a time: a slow resolver must not make a report of hundreds of senders take minutes.
  const worker = async () => {
    for (let source = queue.shift(); source; source = queue.shift()) {
      const ptr = await checkReverseDns(source.ip, resolver);
      source.ptr = { names: ptr.names, forwardConfirmed: ptr.forwardConfirmed };
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
}
