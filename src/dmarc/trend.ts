/**
 * The DMARC lines of the trend report: per day, each route's reported messages and how many passed DMARC,
 * and the unknown senders (messages, distinct IPs; the biggest by name). Sources are matched to routes as `landed dmarc report`
 * does, once per (IP, From domain).
 */
import { prepared, type HistoryDb } from '../history/db.ts';
import type { DmarcTrendData, UnknownSender } from '../history/dmarc-trend.ts';
import { LISTED } from '../history/dmarc-sources.ts';
import type { RouteMatcher } from './join.ts';
import { joinedTexts, refreshDmarcSources } from './sources.ts';

const DAY = 86_400_000;

export async function buildDmarcTrend(db: HistoryDb, options: { since: number; until: number; matcher: RouteMatcher }): Promise<DmarcTrendData | undefined> {
  refreshDmarcSources(db);
  const rows = prepared(
    db,
    `SELECT (begin_at / ${DAY}) * ${DAY} AS t, source_ip AS ip, header_from AS domain, sum(messages) AS messages, sum(pass) AS pass,
       group_concat(orgs) AS orgs
     FROM dmarc_sources WHERE begin_at >= ? AND begin_at < ? GROUP BY t, source_ip, header_from ORDER BY t`,
  ).all(options.since, options.until) as Array<{ t: number; ip: string; domain: string; messages: number; pass: number; orgs: string | null }>;
  if (!rows.length) return undefined;
  const times = [...new Set(rows.map((r) => r.t))];
  const index = new Map(times.map((t, i) => [t, i]));
  const zeros = () => new Array<number>(times.length).fill(0);
  const routes = new Map<string, { route: string; messages: number[]; pass: number[] }>();
  const unknown = { messages: zeros(), pass: zeros(), sources: zeros() };
  const senders = new Map<string, UnknownSender>();
  const routeOf = new Map<string, string | null>();
  for (const row of rows) {
    const key = `${row.ip} ${row.domain}`;
    if (!routeOf.has(key)) routeOf.set(key, (await options.matcher.match(row.ip, row.domain)).route);
    const route = routeOf.get(key)!;
    const i = index.get(row.t)!;
    const line = route === null ? unknown : routes.get(route) ?? routes.set(route, { route, messages: zeros(), pass: zeros() }).get(route)!;
    line.messages[i] += row.messages;
    line.pass[i] += row.pass;
    if (route === null) {
      unknown.sources[i] += 1; // one (IP, domain) pair per row and day
      addSender(senders, row);
    }
  }
  const top = [...senders.values()].sort((a, b) => b.messages - a.messages || (a.ip < b.ip ? -1 : 1)).slice(0, TOP_UNKNOWN);
  return { times, routes: [...routes.values()].sort((a, b) => (a.route < b.route ? -1 : 1)), unknown: { ...unknown, top } };
}

/** The unknown senders listed by name: the biggest, enough to act on without making the page heavy. */
const TOP_UNKNOWN = 20;

function addSender(senders: Map<string, UnknownSender>, row: { t: number; ip: string; domain: string; messages: number; pass: number; orgs: string | null }): void {
  const s = senders.get(row.ip) ?? { ip: row.ip, messages: 0, pass: 0, first: row.t, last: row.t, domains: [], orgs: [] };
  s.messages += row.messages;
  s.pass += row.pass;
  s.last = row.t; // rows come by day, ascending
  s.domains = [...new Set([...s.domains, row.domain])].sort().slice(0, LISTED);
  s.orgs = [...new Set([...s.orgs, ...joinedTexts(row.orgs)])].sort().slice(0, LISTED);
  senders.set(row.ip, s);
}
